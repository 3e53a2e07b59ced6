/**
 * `npm run eval:stories [-- --seed 13 --events 120 --noise 150] [--bbc]`: how well ingest groups
 * near-duplicates and clusters stories.
 *
 * - The synthetic stream (scripts/story-stream.ts, known grouping) is ingested in time order, in
 *   calls of 100 as the CLI does, into a fresh database with full extraction. Scores: near-duplicate
 *   pairs (precision, recall, F1 over pairs of articles put in one duplicate group) and stories
 *   (BCubed precision, recall, F1 over articles). Targets: pairs P ≥ 0.98 and R ≥ 0.95, BCubed F1 ≥ 0.85.
 * - It also times the duplicate and story step: the same stream is ingested again with the step
 *   off (`cluster: false`), and the CPU time per article of both runs is printed.
 * - `--bbc`: also ingests ../shared/corpora/bbc.jsonl and prints what docs/stories.md judges: the
 *   duplicate groups, the size distribution of stories and the largest stories with their titles.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/node.ts';
import { prepareDatabase } from '../src/ingest/prepare.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles, loadGazetteer } from '../src/ingest/ingest.ts';
import { defaultStreamOptions, generateStoryStream } from './story-stream.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(defaultStreamOptions.seed) },
    events: { type: 'string', default: String(defaultStreamOptions.events) },
    noise: { type: 'string', default: String(defaultStreamOptions.noise) },
    bbc: { type: 'boolean', default: false },
    'no-timing': { type: 'boolean', default: false },
  },
});

const callSize = 100;

async function ingestInto(articles: unknown[], cluster: boolean) {
  const folder = mkdtempSync(join(tmpdir(), 'newsgraph-eval-stories-'));
  const db = openDatabase({ url: `file:${join(folder, 'eval.db')}` });
  await prepareDatabase(db, () => {});
  const gazetteer = await loadGazetteer(db);
  const ids: (number | null)[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < articles.length; i += callSize) {
    const results = await ingestArticles(db, articles.slice(i, i + callSize), { extract: extractMentions, gazetteer, cluster });
    ids.push(...results.map((r) => r.articleId));
  }
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  return { db, ids, cpuMs, close: () => (db.$client.close(), rmSync(folder, { recursive: true, force: true })) };
}

/** Pairwise precision/recall over pairs put together, from a predicted and a true label per item. */
export function pairScores(predicted: readonly (number | string)[], truth: readonly (number | string)[]) {
  const pairs = (labels: readonly (number | string)[]) => {
    const groups = new Map<number | string, number[]>();
    labels.forEach((label, i) => groups.set(label, [...(groups.get(label) ?? []), i]));
    const out = new Set<string>();
    for (const members of groups.values()) for (let a = 0; a < members.length; a++) for (let b = a + 1; b < members.length; b++) out.add(`${members[a]}|${members[b]}`);
    return out;
  };
  const p = pairs(predicted);
  const t = pairs(truth);
  let both = 0;
  for (const pair of p) if (t.has(pair)) both++;
  const precision = p.size ? both / p.size : 1;
  const recall = t.size ? both / t.size : 1;
  return { precision, recall, f1: f1(precision, recall), predictedPairs: p.size, truePairs: t.size };
}

/** BCubed precision/recall (Bagga & Baldwin 1998): per item, the share of its cluster that belongs with it, averaged. */
export function bcubed(predicted: readonly (number | string)[], truth: readonly (number | string)[]) {
  const members = (labels: readonly (number | string)[]) => {
    const groups = new Map<number | string, Set<number>>();
    labels.forEach((label, i) => groups.set(label, (groups.get(label) ?? new Set()).add(i)));
    return labels.map((label) => groups.get(label)!);
  };
  const p = members(predicted);
  const t = members(truth);
  let precision = 0;
  let recall = 0;
  for (let i = 0; i < predicted.length; i++) {
    let both = 0;
    for (const j of p[i]!) if (t[i]!.has(j)) both++;
    precision += both / p[i]!.size;
    recall += both / t[i]!.size;
  }
  precision /= predicted.length;
  recall /= predicted.length;
  return { precision, recall, f1: f1(precision, recall) };
}

const f1 = (p: number, r: number) => (p + r ? (2 * p * r) / (p + r) : 0);
const fixed = (x: number) => x.toFixed(3);

async function labelsOf(db: ReturnType<typeof openDatabase>, ids: (number | null)[]) {
  const rows = await db.all<{ id: number; groupId: number | null; storyId: number | null }>(sql`
    SELECT a.id AS id, s.group_id AS groupId, sa.story_id AS storyId FROM articles a
    LEFT JOIN article_signatures s ON s.article_id = a.id LEFT JOIN story_articles sa ON sa.article_id = a.id`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    groups: ids.map((id, i) => byId.get(id!)?.groupId ?? `missing-${i}`),
    stories: ids.map((id, i) => byId.get(id!)?.storyId ?? `missing-${i}`),
  };
}

const stream = generateStoryStream({ ...defaultStreamOptions, seed: Number(values.seed), events: Number(values.events), noise: Number(values.noise) });
const events = new Set(stream.map((a) => a.event)).size;
const copies = stream.filter((a, i) => a.duplicateOf !== i).length;
console.log(`Synthetic stream: seed ${values.seed}, ${stream.length} articles, ${events} events (${values.noise} of one article), ${copies} syndicated copies`);
const inputs = stream.map(({ event: _e, duplicateOf: _d, ...article }) => article);

const on = await ingestInto(inputs, true);
const labels = await labelsOf(on.db, on.ids);
const dup = pairScores(labels.groups, stream.map((a) => a.duplicateOf));
const story = bcubed(labels.stories, stream.map((a) => a.event));
const storyPairs = pairScores(labels.stories, stream.map((a) => a.event));
const { stories, merges } = (await on.db.all<{ stories: number; merges: number }>(sql`
  SELECT (SELECT count(*) FROM stories WHERE merged_into IS NULL) AS stories, (SELECT count(*) FROM story_merges) AS merges`))[0]!;
console.log(`Near-duplicate pairs: P ${fixed(dup.precision)} R ${fixed(dup.recall)} F1 ${fixed(dup.f1)} (${dup.predictedPairs} predicted, ${dup.truePairs} true; targets P ≥ 0.98, R ≥ 0.95)`);
console.log(`Stories, BCubed:      P ${fixed(story.precision)} R ${fixed(story.recall)} F1 ${fixed(story.f1)} (${stories} stories for ${events} events, ${merges} merges; target F1 ≥ 0.85)`);
console.log(`Stories, pairwise:    P ${fixed(storyPairs.precision)} R ${fixed(storyPairs.recall)} F1 ${fixed(storyPairs.f1)}`);
on.close();

if (!values['no-timing']) {
  const off = await ingestInto(inputs, false);
  off.close();
  const perArticle = (ms: number) => ms / stream.length;
  console.log(
    `Ingest CPU per article (full extraction): ${perArticle(on.cpuMs).toFixed(2)} ms with duplicates and stories, ${perArticle(off.cpuMs).toFixed(2)} ms without: the step adds ${perArticle(on.cpuMs - off.cpuMs).toFixed(2)} ms (${(on.cpuMs / stream.length > 0 ? (1000 / perArticle(on.cpuMs)) : 0).toFixed(0)} vs ${(1000 / perArticle(off.cpuMs)).toFixed(0)} articles per CPU-second)`,
  );
}

if (values.bbc) {
  const path = new URL('../../shared/corpora/bbc.jsonl', import.meta.url);
  const bbc = readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string; title: string; body: string; category: string });
  const run = await ingestInto(bbc.map(({ title, body }) => ({ title, body, source: 'BBC' })), true);
  const db = run.db;
  const sizes = await db.all<{ size: number; stories: number }>(sql`
    SELECT article_count AS size, count(*) AS stories FROM stories WHERE merged_into IS NULL GROUP BY 1 ORDER BY 1`);
  const groups = await db.all<{ groupId: number; titles: string }>(sql`
    SELECT group_id AS groupId, group_concat(a.title, ' | ') AS titles FROM article_signatures s JOIN articles a ON a.id = s.article_id
    GROUP BY group_id HAVING count(*) > 1 ORDER BY group_id`);
  // Same title, different text: the corpus's near-identical pairs (exact copies were already stored once).
  const sameTitle = await db.all<{ grouped: number; pairs: number }>(sql`
    SELECT sum(sa.group_id = sb.group_id) AS grouped, count(*) AS pairs FROM articles a JOIN articles b ON a.title = b.title AND a.id < b.id
    JOIN article_signatures sa ON sa.article_id = a.id JOIN article_signatures sb ON sb.article_id = b.id`);
  console.log(`\nBBC: ${run.ids.filter((id) => id !== null).length} inputs stored; ${groups.length} duplicate groups; same-title pairs grouped: ${sameTitle[0]!.grouped} of ${sameTitle[0]!.pairs}`);
  for (const g of groups) console.log(`  dup ${g.titles}`);
  console.log(`Story sizes: ${sizes.map((s) => `${s.size}×${s.stories}`).join(' ')}`);
  const largest = await db.all<{ id: number; title: string; size: number; titles: string }>(sql`
    SELECT s.id AS id, s.title AS title, s.article_count AS size,
      (SELECT group_concat(title, ' | ') FROM (SELECT a.title FROM story_articles sa JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = s.id ORDER BY a.id LIMIT 12)) AS titles
    FROM stories s WHERE s.merged_into IS NULL AND s.article_count > 1 ORDER BY s.article_count DESC, s.id LIMIT 25`);
  for (const s of largest) console.log(`  story ${s.id} (${s.size}) "${s.title}": ${s.titles}`);
  run.close();
}
