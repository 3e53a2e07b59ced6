import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { extractMentions } from './extract.ts';
import { ingestArticles, type IngestResult } from './ingest.ts';
import { countrySeeds } from '../db/countries.ts';
import { retryBusy } from '../db/busy.ts';
import type { Database } from '../db/database.ts';
import { normalizeAlias } from '../db/normalize.ts';

export const sampleFolder = fileURLToPath(new URL('../../data/sample', import.meta.url));

/**
 * Inserts every ISO 3166 country with its aliases, and brings the aliases of a database seeded
 * earlier in line with the current seeds (new aliases such as "Turkey" added, dropped risky ones
 * such as "Island" removed). Idempotent: a second run changes nothing. Rows that exist are skipped
 * rather than failed on: another process may seed the same file at once.
 */
export async function seedCountries(db: Database): Promise<number> {
  const [existing] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM entities WHERE kind = 'country'`);
  const seeds = countrySeeds();
  const fresh = !existing || existing.n === 0;
  const countryId = (slug: string) => sql`(SELECT id FROM entities WHERE kind = 'country' AND slug = ${slug})`;
  const statements = seeds.flatMap((c) => [
    ...(fresh
      ? [
          db.run(sql`INSERT INTO entities (kind, name, slug, code, code3, official_name)
      VALUES ('country', ${c.name}, ${c.slug}, ${c.code}, ${c.code3}, ${c.officialName}) ON CONFLICT DO NOTHING`),
        ]
      : []),
    db.run(sql`INSERT OR IGNORE INTO aliases (alias, entity_id, text, type) VALUES ${sql.join(
      c.aliases.map((a) => sql`(${normalizeAlias(a.text)}, ${countryId(c.slug)}, ${a.text}, ${a.type})`),
      sql`, `,
    )}`),
    db.run(sql`DELETE FROM aliases WHERE entity_id = ${countryId(c.slug)} AND alias NOT IN (${sql.join(
      c.aliases.map((a) => sql`${normalizeAlias(a.text)}`),
      sql`, `,
    )})`),
  ]);
  const [first, ...rest] = statements;
  await retryBusy(() => db.batch([first!, ...rest]));
  return fresh ? seeds.length : 0;
}

/** The sample corpus shipped in data/sample: JSON arrays of ArticleInput. */
export function readSampleArticles(folder = sampleFolder): unknown[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(join(folder, f), 'utf8')) as unknown[]);
}

/** Countries, then the sample articles. Safe to run on every start: both steps are idempotent. */
export async function seedDatabase(db: Database): Promise<{ countries: number; articles: IngestResult[] }> {
  const countries = await seedCountries(db);
  const articles = await ingestArticles(db, readSampleArticles(), { extract: extractMentions });
  return { countries, articles };
}
