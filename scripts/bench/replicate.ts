/**
 * `npx tsx scripts/bench/replicate.ts <source.db> <target.db> <copies>`: a larger bench database
 * made from a smaller one through SQL, when ingesting the larger corpus takes too long on the
 * machine at hand. Every article (with its sentences, mentions and entity links) is copied
 * `copies - 1` more times under new ids, urls and content hashes (suffixed with the id offset, so a
 * replicated database can be replicated again); the triggers fill both FTS
 * indexes and the per-entity article counts, as ingest would. Every query's matches then grow
 * by exactly `copies`, so the North Korea + sanctions total is copies × the source's.
 * Entities and aliases are shared. `optimize` merges the FTS segments at the end, as
 * `npm run ingest` does after a bulk load.
 */
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import Sqlite from 'libsql';

const [source, target, copiesText] = process.argv.slice(2);
const copies = Number(copiesText);
if (!source || !target || !Number.isInteger(copies) || copies < 2) {
  console.error('Usage: npx tsx scripts/bench/replicate.ts <source.db> <target.db> <copies ≥ 2>');
  process.exit(2);
}
for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
copyFileSync(source, target);
if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${target}-wal`);
const db = new Sqlite(target);
db.exec('PRAGMA journal_mode = WAL');
const n = Number((db.prepare('SELECT max(id) AS n FROM articles').get() as { n: number }).n);
const storyIds = Number((db.prepare('SELECT coalesce(max(id), 0) AS n FROM stories').get() as { n: number }).n);
const started = performance.now();
/** Every column of `table`, copied as is unless `shifted` gives its new value: a column added by a
 * later migration is then copied too instead of being left NULL in the copies. */
const copyRows = (table: string, shifted: Record<string, string>, where: string, orderBy?: string) => {
  const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[])
    .map((c) => c.name)
    .filter((c) => !(table === 'sentences' || table === 'mentions') || c !== 'id');
  const quoted = columns.map((c) => `"${c}"`);
  const values = columns.map((c) => shifted[c] ?? `"${c}"`);
  db.exec(`INSERT INTO ${table} (${quoted.join(', ')}) SELECT ${values.join(', ')} FROM ${table} WHERE ${where}${orderBy ? ` ORDER BY ${orderBy}` : ''}`);
};
for (let k = 1; k < copies; k++) {
  const offset = k * n;
  const stories = k * storyIds;
  db.exec('BEGIN');
  copyRows('articles', { id: `id + ${offset}`, url: `url || '#copy${offset}'`, content_hash: `content_hash || '-${offset}'` }, `id <= ${n}`, 'id');
  copyRows('sentences', { article_id: `article_id + ${offset}` }, `article_id <= ${n}`, 'id');
  db.exec(`INSERT INTO sentences_fts (rowid, text) SELECT s.id, substr(a.body, s.start + 1, s."end" - s.start)
    FROM sentences s JOIN articles a ON a.id = s.article_id WHERE s.article_id > ${offset} AND s.article_id <= ${offset + n}`);
  copyRows('mentions', { article_id: `article_id + ${offset}` }, `article_id <= ${n}`, 'id');
  copyRows('article_entities', { article_id: `article_id + ${offset}` }, `article_id <= ${n}`, 'article_id, entity_id');
  // Each copy its own near-duplicate groups and stories (as if its text differed), so collapsing
  // keeps every match and stories grow with the articles; LSH bands and feature counts only
  // serve ingest and are not copied.
  copyRows('article_signatures', { article_id: `article_id + ${offset}`, group_id: `group_id + ${offset}` }, `article_id <= ${n}`, 'article_id');
  copyRows(
    'stories',
    { id: `id + ${stories}`, seed_hash: `seed_hash || '-${offset}'`, central_article_id: `central_article_id + ${offset}`, merged_into: `merged_into + ${stories}` },
    `id <= ${storyIds}`,
    'id',
  );
  copyRows('story_articles', { article_id: `article_id + ${offset}`, story_id: `story_id + ${stories}` }, `article_id <= ${n}`, 'article_id');
  copyRows('story_keys', { story_id: `story_id + ${stories}` }, `story_id <= ${storyIds}`, 'key, story_id');
  copyRows('story_merges', { from_story_id: `from_story_id + ${stories}`, into_story_id: `into_story_id + ${stories}` }, `from_story_id <= ${storyIds}`);
  db.exec('COMMIT');
  console.error(`copy ${k + 1}/${copies}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
db.exec(`INSERT INTO articles_fts (articles_fts) VALUES ('optimize')`);
db.exec(`INSERT INTO sentences_fts (sentences_fts) VALUES ('optimize')`);
db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
db.close();
console.error(`${target}: ${copies} × ${n} articles in ${((performance.now() - started) / 1000).toFixed(0)} s`);
