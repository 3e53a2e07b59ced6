/**
 * `npx tsx scripts/bench/replicate.ts <source.db> <target.db> <copies>`: a larger bench database
 * made from a smaller one through SQL, when ingesting the larger corpus takes too long on the
 * machine at hand. Every article (with its sentences, mentions and entity links) is copied
 * `copies - 1` more times under new ids, urls and content hashes; the triggers fill both FTS
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
for (let k = 1; k < copies; k++) {
  const offset = k * n;
  db.exec('BEGIN');
  db.exec(`INSERT INTO articles (id, url, title, body, published_at, source, language, content_hash, word_count, created_at, updated_at)
    SELECT id + ${offset}, url || '#copy${k}', title, body, published_at, source, language, content_hash || '-${k}', word_count, created_at, updated_at
    FROM articles WHERE id <= ${n} ORDER BY id`);
  db.exec(`INSERT INTO sentences (article_id, idx, start, "end") SELECT article_id + ${offset}, idx, start, "end" FROM sentences WHERE article_id <= ${n} ORDER BY id`);
  db.exec(`INSERT INTO sentences_fts (rowid, text) SELECT s.id, substr(a.body, s.start + 1, s."end" - s.start)
    FROM sentences s JOIN articles a ON a.id = s.article_id WHERE s.article_id > ${offset} AND s.article_id <= ${offset + n}`);
  db.exec(`INSERT INTO mentions (article_id, entity_id, start, "end", sentence, surface)
    SELECT article_id + ${offset}, entity_id, start, "end", sentence, surface FROM mentions WHERE article_id <= ${n} ORDER BY id`);
  db.exec(`INSERT INTO article_entities (article_id, entity_id, mention_count, first_start, first_sentence, in_title, salience, published_at)
    SELECT article_id + ${offset}, entity_id, mention_count, first_start, first_sentence, in_title, salience, published_at
    FROM article_entities WHERE article_id <= ${n} ORDER BY article_id, entity_id`);
  // Each copy its own near-duplicate groups and stories (as if its text differed), so collapsing
  // keeps every match and stories grow with the articles; LSH bands and feature counts only
  // serve ingest and are not copied.
  const stories = k * storyIds;
  db.exec(`INSERT INTO article_signatures (article_id, minhash, group_id) SELECT article_id + ${offset}, minhash, group_id + ${offset}
    FROM article_signatures WHERE article_id <= ${n} ORDER BY article_id`);
  db.exec(`INSERT INTO stories (id, seed_hash, title, summary, central_article_id, central_similarity, article_count, first_published_at,
      last_published_at, centroid, merged_into, created_at, updated_at)
    SELECT id + ${stories}, seed_hash || '-${k}', title, summary, central_article_id + ${offset}, central_similarity, article_count,
      first_published_at, last_published_at, centroid, merged_into + ${stories}, created_at, updated_at FROM stories WHERE id <= ${storyIds} ORDER BY id`);
  db.exec(`INSERT INTO story_articles (article_id, story_id, similarity, published_at) SELECT article_id + ${offset}, story_id + ${stories}, similarity, published_at
    FROM story_articles WHERE article_id <= ${n} ORDER BY article_id`);
  db.exec(`INSERT INTO story_keys (key, story_id, last_published_at) SELECT key, story_id + ${stories}, last_published_at
    FROM story_keys WHERE story_id <= ${storyIds} ORDER BY key, story_id`);
  db.exec(`INSERT INTO story_merges (from_story_id, into_story_id, merged_at) SELECT from_story_id + ${stories}, into_story_id + ${stories}, merged_at
    FROM story_merges WHERE from_story_id <= ${storyIds}`);
  db.exec('COMMIT');
  console.error(`copy ${k + 1}/${copies}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
db.exec(`INSERT INTO articles_fts (articles_fts) VALUES ('optimize')`);
db.exec(`INSERT INTO sentences_fts (sentences_fts) VALUES ('optimize')`);
db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
db.close();
console.error(`${target}: ${copies} × ${n} articles in ${((performance.now() - started) / 1000).toFixed(0)} s`);
