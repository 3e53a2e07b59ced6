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
  db.exec(`INSERT INTO article_entities SELECT article_id + ${offset}, entity_id, mention_count, first_start, first_sentence, in_title, salience
    FROM article_entities WHERE article_id <= ${n} ORDER BY article_id, entity_id`);
  db.exec('COMMIT');
  console.error(`copy ${k + 1}/${copies}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
db.exec(`INSERT INTO articles_fts (articles_fts) VALUES ('optimize')`);
db.exec(`INSERT INTO sentences_fts (sentences_fts) VALUES ('optimize')`);
db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
db.close();
console.error(`${target}: ${copies} × ${n} articles in ${((performance.now() - started) / 1000).toFixed(0)} s`);
