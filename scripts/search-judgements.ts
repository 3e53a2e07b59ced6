/**
 * The judged BBC search questions (tests/fixtures/search-judgements.json, rules beside it) and the
 * ranking metrics `npm run eval:search` reports, kept apart from scripts/eval-search.ts so
 * `npm test` can check the file and the arithmetic without ../shared.
 */
import { readFileSync } from 'node:fs';

export const judgementsPath = new URL('../tests/fixtures/search-judgements.json', import.meta.url);

/** 2: about the question; 1: partly relevant; 0: judged not relevant (unlisted articles count as 0). */
export type Grade = 0 | 1 | 2;

export interface JudgedQuestion {
  id: string;
  /** What the analyst types into `search(query:)`. */
  query: string;
  /** The same question as an `articles(where:)` ArticleFilter. */
  structured: Record<string, unknown>;
  kind: string;
  /**
   * 'added': questions written after the ranking was last tuned and kept out of tuning since, so
   * their numbers show how the ranking does on questions it was not fitted to; absent: 'original'.
   */
  group?: 'added';
  /** The sentence the articles were judged against. */
  intent: string;
  /** Grade by corpus id. */
  judgements: Record<string, Grade>;
}

export interface JudgementsFile {
  about: string;
  questions: JudgedQuestion[];
}

/** The question groups `npm run eval:search` reports apart. */
export const questionGroups = ['original', 'added'] as const;
export type QuestionGroup = (typeof questionGroups)[number];

export function groupOf(question: JudgedQuestion): QuestionGroup {
  return question.group ?? 'original';
}

export function loadJudgements(path: string | URL = judgementsPath): JudgementsFile {
  return JSON.parse(readFileSync(path, 'utf8')) as JudgementsFile;
}

/** Share of the first k results graded relevant (≥ 1), over the results there are (at most k); null with no result. */
export function precisionAt(grades: Grade[], k: number): number | null {
  const top = grades.slice(0, k);
  return top.length ? top.filter((g) => g > 0).length / top.length : null;
}

/** DCG with gains 2^grade − 1 and log2(rank + 1) discounts. */
function dcg(grades: number[]): number {
  return grades.reduce<number>((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
}

/** nDCG@k of a ranking against the ideal ordering of every judged grade; 0 for an empty ranking. */
export function ndcgAt(grades: Grade[], allGrades: Grade[], k: number): number {
  const ideal = dcg([...allGrades].sort((a, b) => b - a).slice(0, k));
  return ideal > 0 ? dcg(grades.slice(0, k)) / ideal : 0;
}

export interface RunScore {
  /** Questions that returned no article (or an error), as a share of all. */
  zeroShare: number;
  /** Mean precision@5 over questions with results. */
  precision5: number;
  /** Mean nDCG@10 over all questions (0 for those without results). */
  ndcg10: number;
}

/** Scores one run: per question, the grades of the returned articles in rank order (null when it failed). */
export function scoreRun(runs: { ranked: Grade[] | null; judged: Grade[] }[]): RunScore {
  const precisions = runs.map((r) => (r.ranked ? precisionAt(r.ranked, 5) : null)).filter((p): p is number => p !== null);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    zeroShare: runs.filter((r) => !r.ranked?.length).length / Math.max(1, runs.length),
    precision5: mean(precisions),
    ndcg10: mean(runs.map((r) => (r.ranked ? ndcgAt(r.ranked, r.judged, 10) : 0))),
  };
}
