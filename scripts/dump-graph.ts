/**
 * `npx tsx scripts/dump-graph.ts <database URL> <out file>`: writes what an ingest stored, so a
 * speed change can show it stores the same: build a database before and after the change (e.g.
 * `npm run ingest -- ../shared/corpora/bbc.jsonl` into two fresh files) and `cmp` the two dumps.
 *
 * The graph is tests/helpers/graph-dump.ts's canonical dump (articles, entities, aliases, mentions,
 * per-article entity summaries with salience, sentences, sentence index; row ids replaced by
 * content hashes and slugs), plus the duplicate and story tables (signatures, LSH bands, stories
 * with centroids, memberships, keys, merges, feature counts; stories named by their seed hash) and
 * the counts triggers keep (entity pairs in co_mentions, entities per story, articles per day and
 * entity; entities by kind and slug).
 * Times are masked: an article without publishedAt is on the story clock at the time it was
 * ingested, which differs between runs (their order does not). One sorted line per row.
 */
import { writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/node.ts';
import { dumpGraph } from '../tests/helpers/graph-dump.ts';

const [url, out] = process.argv.slice(2);
if (!url || !out) {
  console.error('Usage: npx tsx scripts/dump-graph.ts <database URL> <out file>');
  process.exit(2);
}
const db = openDatabase({ url });
const maskTimes = (line: string) => line.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME');
const rows = async (query: ReturnType<typeof sql>) =>
  (await db.all<Record<string, unknown>>(query)).map((row) => maskTimes(JSON.stringify(row))).sort();

const graph = await dumpGraph(db);
const dump: Record<string, string[]> = {
  ...Object.fromEntries(Object.entries(graph).map(([table, lines]) => [table, lines.map(maskTimes).sort()])),
  signatures: await rows(sql`
    SELECT a.content_hash, s.minhash, g.content_hash AS grp
    FROM article_signatures s JOIN articles a ON a.id = s.article_id LEFT JOIN articles g ON g.id = s.group_id`),
  bands: await rows(sql`SELECT b.band, a.content_hash FROM signature_bands b JOIN articles a ON a.id = b.article_id`),
  stories: await rows(sql`
    SELECT s.seed_hash, s.title, s.summary, c.content_hash AS central, s.central_similarity, s.article_count,
      s.first_published_at, s.last_published_at, s.centroid, m.seed_hash AS merged_into
    FROM stories s LEFT JOIN articles c ON c.id = s.central_article_id LEFT JOIN stories m ON m.id = s.merged_into`),
  storyArticles: await rows(sql`
    SELECT a.content_hash, s.seed_hash, sa.similarity, sa.published_at
    FROM story_articles sa JOIN articles a ON a.id = sa.article_id JOIN stories s ON s.id = sa.story_id`),
  storyKeys: await rows(sql`SELECT k.key, s.seed_hash, k.last_published_at FROM story_keys k JOIN stories s ON s.id = k.story_id`),
  storyMerges: await rows(sql`
    SELECT f.seed_hash AS from_story, i.seed_hash AS into_story
    FROM story_merges m LEFT JOIN stories f ON f.id = m.from_story_id LEFT JOIN stories i ON i.id = m.into_story_id`),
  featureCounts: await rows(sql`SELECT feature, articles FROM feature_counts`),
  coMentions: await rows(sql`
    SELECT e.kind, e.slug, o.kind AS other_kind, o.slug AS other_slug, c.count
    FROM co_mentions c JOIN entities e ON e.id = c.entity_id JOIN entities o ON o.id = c.other_id`),
  storyEntities: await rows(sql`
    SELECT s.seed_hash, e.kind, e.slug, c.count FROM story_entities c JOIN stories s ON s.id = c.story_id JOIN entities e ON e.id = c.entity_id`),
  entityDays: await rows(sql`SELECT e.kind, e.slug, d.day, d.count FROM entity_days d JOIN entities e ON e.id = d.entity_id`),
  articleDays: await rows(sql`SELECT day, count FROM article_days`),
};
writeFileSync(out, Object.entries(dump).map(([table, lines]) => `## ${table} ${lines.length}\n${lines.join('\n')}\n`).join(''));
console.log(Object.entries(dump).map(([table, lines]) => `${table} ${lines.length}`).join(', '));
db.$client.close();
