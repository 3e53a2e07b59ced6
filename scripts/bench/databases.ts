// The databases measured: generated from the corpus through the real ingest path (cached), or
// given; and the raw-SQL floor the API is compared with.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Database } from '../../src/db/database.ts';
import { openDatabase } from '../../src/db/node.ts';
import { optimizeSearchIndexes } from '../../src/db/search-indexes.ts';
import { prepareDatabase } from '../../src/ingest/prepare.ts';
import { resolveCorpus } from '../../src/ingest/resolve.ts';
import { extractMentions } from '../../src/ingest/extract.ts';
import { ingestArticles, loadGazetteer } from '../../src/ingest/ingest.ts';
import { corpusUrlPrefix, corpusVersion, generateCorpus, type CorpusMeta } from '../corpus.ts';
import { cacheDir, log, options, root, seed } from './settings.ts';

// Databases

export interface BuildInfo {
  articles: number;
  corpusArticles: number;
  rejected: number;
  ingestSeconds: number;
  articlesPerSecond: number;
  corpusSeconds: number | null;
  builtAt: string;
  node: string;
  key: string;
}

export interface BenchDatabase {
  label: string;
  path: string;
  url: string;
  build: (BuildInfo & { cached: boolean }) | null;
  corpus: CorpusMeta | null;
}

/** Changes whenever what ends up in the database could: the generator, ingest, extraction, seeds. */
export function cacheKey(): string {
  const hash = createHash('sha256').update(`corpus v${corpusVersion}\n`);
  const files = [
    ...readdirSync(join(root, 'src/ingest')).filter((f) => f.endsWith('.ts')).map((f) => `src/ingest/${f}`),
    'src/db/countries.ts',
    'src/db/normalize.ts',
    'src/ingest/seed.ts',
    'scripts/corpus.ts',
    ...readdirSync(join(root, 'data/sample')).map((f) => `data/sample/${f}`),
  ].sort();
  for (const file of files) hash.update(`${file}\n`).update(readFileSync(join(root, file)));
  return hash.digest('hex').slice(0, 10);
}

export const sizeLabel = (n: number) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));

export function removeDatabaseFiles(path: string) {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

export async function corpusFor(size: number): Promise<{ file: string; meta: CorpusMeta; seconds: number | null }> {
  const file = join(cacheDir, `corpus-v${corpusVersion}-seed${seed}-${size}.jsonl`);
  if (existsSync(file) && existsSync(`${file}.meta.json`)) {
    return { file, meta: JSON.parse(readFileSync(`${file}.meta.json`, 'utf8')) as CorpusMeta, seconds: null };
  }
  log(`generating a ${sizeLabel(size)} article corpus (seed ${seed})…`);
  const t = performance.now();
  const meta = await generateCorpus({ articles: size, seed, out: file });
  const s = (performance.now() - t) / 1000;
  log(`corpus: ${(meta.bytes / 2 ** 20).toFixed(0)} MiB in ${s.toFixed(1)} s`);
  return { file, meta, seconds: s };
}

export async function generatedDatabase(size: number): Promise<BenchDatabase> {
  const key = cacheKey();
  const path = join(cacheDir, `newsgraph-${sizeLabel(size)}-seed${seed}-${key}.db`);
  const infoFile = `${path}.json`;
  const corpus = await corpusFor(size);
  if (!options.rebuild && existsSync(path) && existsSync(infoFile)) {
    log(`${sizeLabel(size)}: cached database ${path}`);
    const build = JSON.parse(readFileSync(infoFile, 'utf8')) as BuildInfo;
    return { label: sizeLabel(size), path, url: `file:${path}`, build: { ...build, cached: true }, corpus: corpus.meta };
  }

  // Databases of this size and seed built by older code go: they would only fill the disk.
  for (const file of readdirSync(cacheDir)) {
    if (file.startsWith(`newsgraph-${sizeLabel(size)}-seed${seed}-`) && !file.startsWith(`newsgraph-${sizeLabel(size)}-seed${seed}-${key}.`)) rmSync(join(cacheDir, file), { force: true });
  }
  // Built under a temporary name: an interrupted build never looks like a cached database.
  const building = `${path}.building`;
  removeDatabaseFiles(building);
  const db = openDatabase({ url: `file:${building}` });
  await prepareDatabase(db, () => {});
  const gazetteer = await loadGazetteer(db);
  log(`${sizeLabel(size)}: ingesting ${size} articles with full extraction…`);
  let created = 0;
  let rejected = 0;
  let batch: unknown[] = [];
  let lastLog = performance.now();
  const t = performance.now();
  const flush = async () => {
    // A bulk load, as `npm run ingest` does it: the corpus-level linking pass once at the end, not per call.
    const results = await ingestArticles(db, batch, { extract: extractMentions, gazetteer, resolveCorpus: false });
    batch = [];
    for (const r of results) {
      if (r.status === 'created') created++;
      else if (r.status === 'rejected') rejected++;
    }
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      const rate = created / ((lastLog - t) / 1000);
      log(`${sizeLabel(size)}: ${created}/${size} articles, ${rate.toFixed(0)} articles/s, ETA ${Math.round((size - created) / rate)} s`);
    }
  };
  for await (const line of createInterface({ input: createReadStream(corpus.file), crlfDelay: Infinity })) {
    if (!line) continue;
    batch.push(JSON.parse(line));
    if (batch.length >= 200) await flush();
  }
  if (batch.length) await flush();
  await resolveCorpus(db);
  const ingestSeconds = (performance.now() - t) / 1000;
  await optimizeSearchIndexes(db); // as `npm run ingest` does after a bulk load
  const [{ n }] = (await db.$client.execute('SELECT count(*) AS n FROM articles')).rows as unknown as [{ n: number }];
  await db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  db.$client.close();
  for (const suffix of ['-wal', '-shm']) if (existsSync(`${building}${suffix}`)) renameSync(`${building}${suffix}`, `${path}${suffix}`);
  renameSync(building, path);
  const build: BuildInfo = {
    articles: Number(n),
    corpusArticles: created,
    rejected,
    ingestSeconds,
    articlesPerSecond: created / ingestSeconds,
    corpusSeconds: corpus.seconds,
    builtAt: new Date().toISOString(),
    node: process.version,
    key,
  };
  writeFileSync(infoFile, `${JSON.stringify(build, null, 2)}\n`);
  log(`${sizeLabel(size)}: ingested ${created} articles in ${ingestSeconds.toFixed(0)} s (${build.articlesPerSecond.toFixed(0)}/s), ${rejected} rejected`);
  return { label: sizeLabel(size), path, url: `file:${path}`, build: { ...build, cached: false }, corpus: corpus.meta };
}

export function givenDatabase(url: string): BenchDatabase {
  if (!url.startsWith('file:')) throw new Error(`--db must be a file: URL (got ${url})`);
  const path = resolve(url.slice('file:'.length));
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  return { label: 'given', path, url: `file:${path}`, build: null, corpus: null };
}

// The raw-SQL floor: the North Korea + sanctions page with countries and people in one statement,
// the fastest shape found (issue 11): ranked from articles_fts alone, with bm25() and no join to
// the wide article rows; the entity restriction as a join on the country's article_entities row,
// seeked per match with `= +articles_fts.rowid` (without the unary plus SQLite hands the ids to
// FTS5, which restarts the full-text query per article; 'north korea' names one country, so the
// join adds no row); the total counted over the matches; snippets, titles and entity lists for the
// rows shown only (not the one more row that says a next page exists). It folds near-duplicates
// as the API does by default, the cheapest way found: each match's group from the partial index of
// articles that joined another's group (a LEFT JOIN), and only matches sharing a group compared
// (the generated corpus has none, so page and total are those of the uncollapsed page); the
// matches counted once, with how many joined a group, and nothing compared when none did.

/** The group a match joined, NULL for one that is its own group's first or alone (as the API's `j`). */
const dupGroup = `sg.group_id`;
/** The join `dupGroup` reads: a seek per match into the partial index, as the API's page statement does. */
const dupJoin = (id: string) => ` LEFT JOIN article_signatures sg INDEXED BY article_signatures_duplicate_idx
    ON sg.article_id = ${id} AND sg.group_id <> sg.article_id`;

/** The matches, and those that joined a near-duplicate group, counted in one scan (as the API's `counts`). */
const counts = `counts AS MATERIALIZED (SELECT count(*) AS n, count(j) AS joined FROM matches)`;

/**
 * Of the matches, those sharing a near-duplicate group with another (their `columns`): the only
 * ones folding compares; not gathered at all (LIMIT 0) when no match joined a group.
 */
const grouped = (columns: string) => `${counts},
grouped AS MATERIALIZED (SELECT id, coalesce(j, id) AS g${columns} FROM matches WHERE j IS NOT NULL OR id IN (SELECT j FROM matches WHERE j IS NOT NULL)
  LIMIT CASE WHEN (SELECT joined FROM counts) THEN -1 ELSE 0 END)`;

/**
 * The rows of `page (id, sort)` in `order` (of the columns with a prefix), with the total; titles,
 * snippets and entity lists for the rows shown only, not the last of ?3, which says a next page exists.
 */
const wholePage = (order: (prefix: string) => string) => `,
shown AS (SELECT id FROM page ORDER BY ${order('')} LIMIT ?3 - 1)
SELECT p.id AS id, p.sort AS sort, (SELECT n FROM counts) - (SELECT count(*) - count(DISTINCT g) FROM grouped) AS total,
  d.title AS title, d.publishedAt AS publishedAt, d.snippet AS snippet, d.countries AS countries, d.people AS people
FROM page p LEFT JOIN (SELECT a.id AS id, a.title AS title, a.published_at AS publishedAt,
  (SELECT snippet(articles_fts, -1, '<mark>', '</mark>', '…', 40) FROM articles_fts WHERE articles_fts MATCH ?1 AND rowid = a.id) AS snippet,
  (SELECT json_group_array(json_object('code', code, 'name', name)) FROM (
     SELECT e.code AS code, e.name AS name FROM article_entities ae JOIN entities e ON e.id = ae.entity_id
     WHERE ae.article_id = a.id AND e.kind = 'country' ORDER BY e.name)) AS countries,
  (SELECT json_group_array(json_object('name', name)) FROM (
     SELECT e.name AS name FROM article_entities ae JOIN entities e ON e.id = ae.entity_id
     WHERE ae.article_id = a.id AND e.kind = 'person' ORDER BY e.name)) AS people
  FROM articles a WHERE a.id IN (SELECT id FROM shown)) d ON d.id = p.id
ORDER BY ${order('p.')}`;

const floorShape = (ranking: string) => `
WITH matches AS MATERIALIZED (${ranking}),
${grouped(', sort')},
page AS MATERIALIZED (SELECT id, sort FROM matches m WHERE NOT (SELECT joined FROM counts) OR m.id NOT IN (SELECT id FROM grouped) OR NOT EXISTS (
    SELECT 1 FROM grouped o WHERE o.g = coalesce(m.j, m.id) AND (o.sort, o.id) < (m.sort, m.id))
  ORDER BY sort, id LIMIT ?3)${wholePage((p) => `${p}sort, ${p}id`)}`;

const countryIds = `SELECT al.entity_id FROM aliases al JOIN entities e ON e.id = al.entity_id WHERE al.alias = ?2 AND e.kind = 'country'`;
const countryArticles = `SELECT ae.article_id FROM article_entities ae WHERE ae.entity_id IN (${countryIds})`;

/**
 * bm25 scaled by 0.25 + the country's salience damped by its mentions n (headline counted) as
 * n / (n + 1), as the API ranks text (src/search/salience.ts textRelevance): the same arithmetic, so
 * the floor's page is the API's. `salience` is the damped salience: a subquery per match, or (the
 * floor) the columns of the joined article_entities row, never NULL, which the API writes bare (the
 * same bits as coalesce(x, 0.0) / 1.0, without their work per match).
 */
const relevance = (salience: string) => `bm25(articles_fts, 10.0, 1.0) * (0.25 + (coalesce(${salience}, 0.0) / 1.0))`;
const joinedRelevance = (salience: string) => `bm25(articles_fts, 10.0, 1.0) * (0.25 + (${salience}))`;
const damped = (row: string) => `${row}salience * (${row}mention_count + (${row}in_title <> 0)) / (${row}mention_count + (${row}in_title <> 0) + 1.0)`;
const salienceOf = (id: string) => `(SELECT max(${damped('')}) FROM article_entities WHERE article_id = ${id} AND entity_id IN (${countryIds}))`;

/**
 * The floor ranks the text matches joined to the country's article_entities row in the ranking
 * index (one seek per match, after the match: CROSS JOIN), which both restricts to the country's
 * articles and gives the salience, as the API does (matchingArticles); the newest-first floor finds
 * its matches the same way. The country's id is read once, as a scalar subquery ('north korea'
 * names one country), so each seek has a constant key as the API's resolved id gives it; with
 * `IN (…)` every match looped over the list (100k: the floor 3 % slower).
 */
const countryMatches = `FROM articles_fts CROSS JOIN article_entities ae INDEXED BY article_entities_entity_ranking_idx
    ON ae.entity_id = (${countryIds}) AND ae.article_id = +articles_fts.rowid${dupJoin('articles_fts.rowid')}
  WHERE articles_fts MATCH ?1 AND ?4`;

export const floorSql = floorShape(`
  SELECT articles_fts.rowid AS id, ${joinedRelevance(damped('ae.'))} AS sort, ${dupGroup} AS j
  ${countryMatches}`);

/**
 * The newest-first floor before session 15 (issue 11's shape): the matching ids materialised with
 * their near-duplicate group as the floor finds them, then the published_at index walked newest
 * first until the page is full (about articles ÷ matches entries per row shown), a match kept
 * unless a newer member of its group also matched; titles, snippets and entity lists for the page only.
 */
export const previousFloorNewestSql = `
WITH matches AS MATERIALIZED (SELECT articles_fts.rowid AS id, ${dupGroup} AS j
  ${countryMatches}),
${grouped('')},
page AS MATERIALIZED (SELECT a.id AS id, coalesce(a.published_at, '') AS sort FROM articles a INDEXED BY articles_published_at_idx
  WHERE a.id IN (SELECT id FROM matches) AND (a.id NOT IN (SELECT id FROM grouped) OR NOT EXISTS (
    SELECT 1 FROM grouped s JOIN grouped o ON o.g = s.g AND o.id <> s.id JOIN articles b INDEXED BY articles_id_published_source_idx ON b.id = o.id
    WHERE s.id = a.id AND (coalesce(b.published_at, ''), b.id) > (coalesce(a.published_at, ''), a.id)))
  ORDER BY a.published_at DESC, a.id DESC LIMIT ?3)${wholePage((p) => `${p}sort DESC, ${p}id DESC`)}`;

/**
 * The best newest-first statement found for the same page (session 15), without storing the
 * matches: the matches counted (text matches joined
 * to the country's ranking-index row, as above), near-duplicate groups read from the partial
 * index of joiners (the matches among them, and their groups' first articles that match), and the
 * country's articles walked newest first (article_entities_entity_newest_idx) with an FTS5 lookup
 * each, up to 8 × the page, as the API walks one entity with words when no total is asked. The
 * window holds the page on the bench corpora (the bench checks it against the API's page).
 */
export const floorNewestSql = `
WITH counts AS MATERIALIZED (SELECT count(*) AS n FROM articles_fts CROSS JOIN article_entities ae INDEXED BY article_entities_entity_ranking_idx
    ON ae.entity_id = (${countryIds}) AND ae.article_id = +articles_fts.rowid WHERE articles_fts MATCH ?1 AND ?4),
joined AS MATERIALIZED (SELECT d.article_id AS id, d.group_id AS g FROM articles_fts
    CROSS JOIN article_signatures d INDEXED BY article_signatures_duplicate_idx ON d.article_id = articles_fts.rowid AND d.group_id <> d.article_id
    WHERE articles_fts MATCH ?1 AND +articles_fts.rowid IN (SELECT article_id FROM article_signatures INDEXED BY article_signatures_duplicate_idx WHERE group_id <> article_id)
      AND EXISTS (SELECT 1 FROM article_entities WHERE article_id = d.article_id AND entity_id = (${countryIds}))
    LIMIT CASE WHEN EXISTS (SELECT 1 FROM article_signatures INDEXED BY article_signatures_duplicate_idx WHERE group_id <> article_id) THEN -1 ELSE 0 END),
grouped AS MATERIALIZED (SELECT id, g FROM joined UNION ALL SELECT * FROM (SELECT rowid AS id, rowid AS g FROM articles_fts
    WHERE articles_fts MATCH ?1 AND +rowid IN (SELECT g FROM joined) AND EXISTS (SELECT 1 FROM article_entities WHERE article_id = articles_fts.rowid AND entity_id = (${countryIds}))
    LIMIT CASE WHEN EXISTS (SELECT 1 FROM joined) THEN -1 ELSE 0 END)),
walked AS MATERIALIZED (SELECT ae.article_id AS id, coalesce(ae.published_at, '') AS sort FROM article_entities ae INDEXED BY article_entities_entity_newest_idx
    WHERE ae.entity_id = (${countryIds}) ORDER BY coalesce(ae.published_at, '') DESC, ae.article_id DESC LIMIT ?3 * 8),
page AS MATERIALIZED (SELECT w.id AS id, w.sort AS sort FROM walked w WHERE EXISTS (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ?1 AND rowid = w.id)
    AND (w.id NOT IN (SELECT id FROM grouped) OR NOT EXISTS (SELECT 1 FROM grouped s JOIN grouped o ON o.g = s.g AND o.id <> s.id
      JOIN article_entities b INDEXED BY article_entities_entity_newest_idx ON b.entity_id = (${countryIds}) AND b.article_id = o.id
      WHERE s.id = w.id AND (coalesce(b.published_at, ''), b.article_id) > (w.sort, w.id)))
  LIMIT ?3)${wholePage((p) => `${p}sort DESC, ${p}id DESC`)}`;

/** The floor before issue 11: every FTS match joined to its article row before ranking. */
export const previousFloorSql = floorShape(`
  SELECT a.id AS id, ${relevance(salienceOf('a.id'))} AS sort, ${dupGroup} AS j
  FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid${dupJoin('a.id')}
  WHERE articles_fts MATCH ?1 AND a.id IN (${countryArticles}) AND ?4`);

export async function floorQuery(db: Database, corpusOnly = false, statement = floorSql) {
  const { rows } = await db.$client.execute({
    sql: statement.replace('?4', corpusOnly ? `+articles_fts.rowid IN (SELECT id FROM articles WHERE url LIKE '${corpusUrlPrefix}%')` : '1'),
    args: ['"sanctions"', 'north korea', 11],
  });
  return rows.map((r) => ({
    id: Number(r.id),
    total: Number(r.total),
    // The last row, which only says a next page exists, has no title, snippet or entities.
    title: r.title === null ? null : String(r.title),
    publishedAt: r.publishedAt,
    snippet: r.snippet,
    countries: r.countries === null ? null : (JSON.parse(String(r.countries)) as { code: string; name: string }[]),
    people: r.people === null ? null : (JSON.parse(String(r.people)) as { name: string }[]),
  }));
}
