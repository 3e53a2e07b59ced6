import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
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

/**
 * Rows of `table`, kept by triggers, that differ from `truth` (its columns, in order, counted
 * from the rows the triggers follow), either way: 0 when in step.
 */
export async function tableDrift(db: Database, table: string, truth: SQL): Promise<number> {
  const [row] = await db.all<{ n: number }>(sql`WITH truth AS (${truth})
    SELECT (SELECT count(*) FROM (SELECT * FROM truth EXCEPT SELECT * FROM ${sql.identifier(table)}))
      + (SELECT count(*) FROM (SELECT * FROM ${sql.identifier(table)} EXCEPT SELECT * FROM truth)) AS n`);
  return row!.n;
}

/** Rows of entity_days and article_days that differ from counting the dated links and articles per day. */
export async function dayCountsDrift(db: Database): Promise<number> {
  return (
    (await tableDrift(db, 'entity_days', sql`SELECT entity_id, date(published_at) AS day, count(*) AS count FROM article_entities
      WHERE date(published_at) IS NOT NULL GROUP BY 1, 2`)) +
    (await tableDrift(db, 'article_days', sql`SELECT date(published_at) AS day, count(*) AS count FROM articles WHERE date(published_at) IS NOT NULL GROUP BY 1`))
  );
}

/** Rows of story_entities that differ from counting each story's articles' entity links. */
export function storyEntitiesDrift(db: Database): Promise<number> {
  return tableDrift(db, 'story_entities', sql`SELECT sa.story_id AS story_id, ae.entity_id AS entity_id, count(*) AS count FROM story_articles sa
    JOIN article_entities ae ON ae.article_id = sa.article_id GROUP BY 1, 2`);
}
