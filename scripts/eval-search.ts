/**
 * `npm run eval:search -- [corpus] [--db URL] [--questions q01,q02] [--group original|added] [--show]`: how well
 * `search(query:)` and the structured `articles(where:)` form answer the judged BBC questions
 * (tests/fixtures/search-judgements.json, rules beside it).
 *
 * Ingests the corpus (default ../shared/corpora/bbc.jsonl) with `npm run ingest` into a fresh
 * temporary file database, or uses `--db URL` where it was already ingested. Asks every question
 * through the GraphQL API in-process (yoga.fetch, as a client would), maps the returned articles
 * to corpus ids through the ingest content hash, and prints per form: the share of questions with
 * no result, precision@5 (over questions with results) and nDCG@10, for all questions and for each
 * group (the 'added' questions are held out of ranking tuning; see the rules). Per-question results go to
 * .eval/search.txt (git-ignored); `--show` prints them too. Skips (exit 0) when the corpus is absent.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { openDatabase } from '../src/db/node.ts';
import { createYogaApp } from '../src/yoga.ts';
import { contentHash, corpusOrExit, ingestCorpus, readCorpus } from './bbc-corpus.ts';
import { parseCliArgs } from './cli.ts';
import { groupOf, loadJudgements, ndcgAt, precisionAt, questionGroups, scoreRun, type Grade, type QuestionGroup } from './search-judgements.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const usage = 'Usage: npm run eval:search -- [corpus.jsonl] [--db URL] [--questions ID,ID] [--group original|added] [--show]';

const args = parseCliArgs({
    allowPositionals: true,
    options: { db: { type: 'string' }, questions: { type: 'string' }, group: { type: 'string' }, show: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  }, usage);
const corpus = corpusOrExit('eval:search', args.positionals[0]);

const wanted = args.values.questions ? new Set(args.values.questions.split(',').map((s) => s.trim())) : null;
const group = args.values.group;
if (group !== undefined && !(questionGroups as readonly string[]).includes(group)) {
  console.error(usage);
  process.exit(2);
}
// `--group original` while tuning ranking keeps the held-out questions unseen until the end.
const questions = loadJudgements().questions.filter((q) => (!wanted || wanted.has(q.id)) && (!group || groupOf(q) === group));
const lines = readCorpus(corpus);
/** Corpus ids per content hash: exact duplicate lines are one stored article. */
const idsByHash = new Map<string, string[]>();
for (const line of lines.values()) {
  const hash = contentHash(line);
  idsByHash.set(hash, [...(idsByHash.get(hash) ?? []), line.id]);
}

const pageSize = 10;
const searchQuery = `query($q: String!, $first: Int!) { search(query: $q, first: $first) {
  totalCount interpretation { description relaxed } edges { node { article { id title } } } } }`;
const articlesQuery = `query($where: ArticleFilter!, $first: Int!) { articles(where: $where, first: $first) {
  totalCount edges { node { id title } } } }`;

interface Answer {
  /** Corpus ids of the returned articles (each stored article as its id list), in rank order. */
  ranked: { ids: string[]; title: string }[] | null;
  totalCount: number;
  note: string;
}

const folder = args.values.db ? null : mkdtempSync(join(tmpdir(), 'newsgraph-eval-search-'));
const url = folder ? `file:${join(folder, 'bbc.db')}` : args.values.db!;
const report: string[] = [];
const runs: Record<'search' | 'structured', { group: QuestionGroup; ranked: Grade[] | null; judged: Grade[] }[]> = { search: [], structured: [] };
try {
  if (folder) {
    const started = performance.now();
    console.log(`ingest: ${ingestCorpus(corpus, url)} [${((performance.now() - started) / 1000).toFixed(1)} s]`);
  } else console.log(`asking ${url} as it is (no ingest)`);
  const db = openDatabase({ url });
  const yoga = createYogaApp({ database: () => db });
  const hashes = new Map<number, string>();
  for (const row of (await db.$client.execute('SELECT id, content_hash FROM articles')).rows) hashes.set(Number(row.id), String(row.content_hash));

  const ask = async (query: string, variables: Record<string, unknown>, pick: (data: never) => { totalCount: number; nodes: { id: string; title: string }[]; note?: string }): Promise<Answer> => {
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) return { ranked: null, totalCount: 0, note: `error: ${body.errors?.map((e) => e.message).join('; ')}` };
    const { totalCount, nodes, note } = pick(body.data as never);
    const ranked = nodes.map((n) => ({ ids: idsByHash.get(hashes.get(Number(decodeGlobalID(n.id).id))!) ?? [], title: n.title }));
    return { ranked, totalCount, note: note ?? '' };
  };

  for (const question of questions) {
    const grade = (ids: string[]): Grade => Math.max(0, ...ids.map((id) => question.judgements[id] ?? 0)) as Grade;
    const judged = Object.values(question.judgements);
    const answers = {
      search: await ask(searchQuery, { q: question.query, first: pageSize }, (d: { search: { totalCount: number; interpretation: { description: string; relaxed: string | null }; edges: { node: { article: { id: string; title: string } } }[] } }) => ({
        totalCount: d.search.totalCount,
        nodes: d.search.edges.map((e) => e.node.article),
        note: d.search.interpretation.relaxed ?? d.search.interpretation.description,
      })),
      structured: await ask(articlesQuery, { where: question.structured, first: pageSize }, (d: { articles: { totalCount: number; edges: { node: { id: string; title: string } }[] } }) => ({
        totalCount: d.articles.totalCount,
        nodes: d.articles.edges.map((e) => e.node),
      })),
    };
    report.push(`${question.id} "${question.query}" (${question.kind}, ${groupOf(question)}): ${question.intent}`);
    for (const form of ['search', 'structured'] as const) {
      const answer = answers[form];
      const grades = answer.ranked?.map((r) => grade(r.ids)) ?? null;
      runs[form].push({ group: groupOf(question), ranked: grades, judged });
      const p5 = grades ? precisionAt(grades, 5) : null;
      report.push(
        `  ${form.padEnd(10)} ${answer.totalCount} found, P@5 ${p5 === null ? '-' : p5.toFixed(2)}, nDCG@10 ${(grades ? ndcgAt(grades, judged, 10) : 0).toFixed(2)}` +
          `${form === 'structured' ? ` ${JSON.stringify(question.structured)}` : ''}${answer.note ? `  [${answer.note}]` : ''}`,
      );
      for (const [i, r] of (answer.ranked ?? []).entries()) report.push(`      ${i + 1}. [${grades![i]}] ${r.ids[0] ?? '?'} ${r.title}`);
    }
  }
  db.$client.close();
} finally {
  if (folder) rmSync(folder, { recursive: true, force: true });
}

mkdirSync(join(root, '.eval'), { recursive: true });
writeFileSync(join(root, '.eval/search.txt'), `${report.join('\n')}\n`);
if (args.values.show) console.log(report.join('\n'));
console.log(`\n${questions.length} judged questions; per-question results in .eval/search.txt\n`);
console.log(`${'questions'.padEnd(16)}${'form'.padEnd(12)}${'zero results'.padEnd(14)}${'P@5'.padEnd(7)}nDCG@10`);
for (const group of ['all', ...questionGroups] as const) {
  for (const form of ['search', 'structured'] as const) {
    const picked = runs[form].filter((r) => group === 'all' || r.group === group);
    if (!picked.length) continue;
    const s = scoreRun(picked);
    const zero = `${(100 * s.zeroShare).toFixed(0)}%`;
    console.log(`${`${group} (${picked.length})`.padEnd(16)}${form.padEnd(12)}${zero.padEnd(14)}${s.precision5.toFixed(3).padEnd(7)}${s.ndcg10.toFixed(3)}`);
  }
}
