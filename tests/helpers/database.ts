import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database, QueryListener } from '../../src/db/database.ts';
import { openDatabase } from '../../src/db/node.ts';
import { prepareDatabase } from '../../src/ingest/prepare.ts';
import { extractMentions } from '../../src/ingest/extract.ts';
import { ingestArticles, type IngestResult } from '../../src/ingest/ingest.ts';

export interface TestDatabase {
  db: Database;
  url: string;
  /** SQL statements drizzle sent since the last reset. */
  statements: string[];
  close(): void;
}

/** A real libSQL file database in a temp folder, migrated and seeded like `npm start` does. */
export async function createTestDatabase(options: { seed?: boolean; onQuery?: QueryListener } = {}): Promise<TestDatabase> {
  const folder = mkdtempSync(join(tmpdir(), 'newsgraph-test-'));
  const url = `file:${join(folder, 'test.db')}`;
  const statements: string[] = [];
  const db = openDatabase({
    url,
    onQuery: (sql, params) => {
      statements.push(sql);
      options.onQuery?.(sql, params);
    },
  });
  if (options.seed === false) {
    const { migrateDatabase } = await import('../../src/db/migrate.ts');
    await migrateDatabase(db);
  } else {
    await prepareDatabase(db, () => {});
  }
  statements.length = 0;
  return {
    db,
    url,
    statements,
    close() {
      db.$client.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Ingests tests/fixtures/articles.json, four short articles written for the tests, with full extraction. */
export async function ingestFixtureArticles(db: Database): Promise<IngestResult[]> {
  const fixture = JSON.parse(readFileSync(new URL('../fixtures/articles.json', import.meta.url), 'utf8')) as unknown[];
  return ingestArticles(db, fixture, { extract: extractMentions });
}

/** Rows of entity_days and article_days (kept by triggers) that differ from counting the dated links and articles per day: 0 when in step. */
export async function dayCountsDrift(db: Database): Promise<number> {
  const [row] = await db.all<{ n: number }>(sql`WITH entity_truth AS (
      SELECT entity_id, date(published_at) AS day, count(*) AS count FROM article_entities WHERE date(published_at) IS NOT NULL GROUP BY 1, 2),
    article_truth AS (SELECT date(published_at) AS day, count(*) AS count FROM articles WHERE date(published_at) IS NOT NULL GROUP BY 1)
    SELECT (SELECT count(*) FROM (SELECT * FROM entity_truth EXCEPT SELECT * FROM entity_days))
      + (SELECT count(*) FROM (SELECT * FROM entity_days EXCEPT SELECT * FROM entity_truth))
      + (SELECT count(*) FROM (SELECT * FROM article_truth EXCEPT SELECT * FROM article_days))
      + (SELECT count(*) FROM (SELECT * FROM article_days EXCEPT SELECT * FROM article_truth)) AS n`);
  return row!.n;
}

/** Rows of story_entities (kept by triggers) that differ from counting each story's articles' entity links: 0 when in step. */
export async function storyEntitiesDrift(db: Database): Promise<number> {
  const [row] = await db.all<{ n: number }>(sql`WITH truth AS (
      SELECT sa.story_id AS story_id, ae.entity_id AS entity_id, count(*) AS count FROM story_articles sa
      JOIN article_entities ae ON ae.article_id = sa.article_id GROUP BY 1, 2)
    SELECT (SELECT count(*) FROM (SELECT * FROM truth EXCEPT SELECT * FROM story_entities))
      + (SELECT count(*) FROM (SELECT * FROM story_entities EXCEPT SELECT * FROM truth)) AS n`);
  return row!.n;
}
