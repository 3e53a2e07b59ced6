import { describe, expect, it } from 'vitest';
import { groupOf, loadJudgements, ndcgAt, questionGroups, precisionAt, scoreRun, type Grade } from '../scripts/search-judgements.ts';

// The judged search questions (tests/fixtures/search-judgements.json) and the metrics of
// `npm run eval:search`; the corpus itself is only needed by the script.

describe('search judgements file', () => {
  const { questions } = loadJudgements();

  it('has at least 30 questions, each with a structured form, an intent and graded corpus ids', () => {
    expect(questions.length).toBeGreaterThanOrEqual(30);
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
    expect(questions.filter((q) => groupOf(q) === 'added').length, 'held-out questions').toBeGreaterThanOrEqual(10);
    for (const q of questions) {
      expect(q.query.trim(), q.id).not.toBe('');
      expect(q.intent.trim(), q.id).not.toBe('');
      expect(Object.keys(q.structured).length, q.id).toBeGreaterThan(0);
      expect(questionGroups, q.id).toContain(groupOf(q));
      expect(Object.values(q.judgements).some((g) => g > 0), `${q.id} has a relevant article`).toBe(true);
      for (const [id, grade] of Object.entries(q.judgements)) {
        expect(id, q.id).toMatch(/^bbc-(business|entertainment|politics|sport|tech)-\d{3}$/);
        expect([0, 1, 2], `${q.id} ${id}`).toContain(grade);
      }
    }
  });
});

describe('metrics', () => {
  it('precision@k counts grades ≥ 1 among the results there are', () => {
    expect(precisionAt([2, 0, 1, 0, 0, 2], 5)).toBe(0.4);
    expect(precisionAt([2, 1], 5)).toBe(1);
    expect(precisionAt([], 5)).toBeNull();
  });

  it('nDCG@k is 1 for the ideal order, less for a worse one, 0 for nothing', () => {
    const judged: Grade[] = [2, 1, 0, 1];
    expect(ndcgAt([2, 1, 1], judged, 10)).toBeCloseTo(1, 10);
    // DCG of [0, 2]: 3 / log2(3); ideal [2, 1, 1]: 3 + 1 / log2(3) + 1 / 2.
    expect(ndcgAt([0, 2], judged, 10)).toBeCloseTo(3 / Math.log2(3) / (3 + 1 / Math.log2(3) + 0.5), 10);
    expect(ndcgAt([], judged, 10)).toBe(0);
    expect(ndcgAt([1, 2, 2], [2, 1], 2)).toBeCloseTo((1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3)), 10);
  });

  it('a run scores zero-result share over all questions, precision over those with results', () => {
    const score = scoreRun([
      { ranked: [2, 2, 0, 0, 0], judged: [2, 2] },
      { ranked: [], judged: [1] },
      { ranked: null, judged: [2] },
    ]);
    expect(score.zeroShare).toBeCloseTo(2 / 3, 10);
    expect(score.precision5).toBeCloseTo(0.4, 10);
    expect(score.ndcg10).toBeCloseTo(1 / 3, 10);
  });
});
