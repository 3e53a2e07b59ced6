/**
 * A writer process for tests/concurrent-writes.test.ts: `tsx ingest-process.ts <file.jsonl> <callSize> <order>`
 * ingests a JSON Lines file into LIBSQL_DB_URL (prepared first, as the CLI does) in calls of
 * `callSize` articles, in file order, reversed, or rotated by `order` articles. Extraction is a pure
 * function of the text here (the full extractor with a gazetteer of the static country seeds only,
 * learning nothing from other articles), so every order must store the same graph: what differs
 * can only be the write path's doing. Prints its result counts as JSON; exits 1 if any was rejected.
 */
import { readFileSync } from 'node:fs';
import { countrySeeds } from '../../src/db/countries.ts';
import { openDatabase } from '../../src/db/node.ts';
import { prepareDatabase } from '../../src/ingest/prepare.ts';
import { extractMentions } from '../../src/ingest/extract.ts';
import { Gazetteer } from '../../src/ingest/gazetteer.ts';
import { ingestArticles, type IngestResult } from '../../src/ingest/ingest.ts';

const [file, callSize, order] = process.argv.slice(2) as [string, string, string];
const articles = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown);
const shift = order === 'reverse' ? 0 : Number(order) % articles.length;
const ordered = order === 'reverse' ? articles.reverse() : [...articles.slice(shift), ...articles.slice(0, shift)];

const staticGazetteer = () =>
  Gazetteer.fromEntries(
    countrySeeds().flatMap((c) => [{ text: c.name, type: 'name' as const }, ...c.aliases].map((a) => ({ ...a, kind: 'country' as const, slug: c.slug, name: c.name }))),
  );
const pure = staticGazetteer();

const db = openDatabase();
await prepareDatabase(db, () => {});
const results: IngestResult[] = [];
for (let i = 0; i < ordered.length; i += Number(callSize)) {
  // A throwaway gazetteer for ingest to add to: the extractor reads only the static one.
  const batch = await ingestArticles(db, ordered.slice(i, i + Number(callSize)), { extract: (text) => extractMentions(text, pure), gazetteer: staticGazetteer() });
  results.push(...batch);
}
db.$client.close();
const counts: Record<string, number> = {};
for (const r of results) counts[r.code ?? r.status] = (counts[r.code ?? r.status] ?? 0) + 1;
console.log(JSON.stringify(counts));
process.exit(results.some((r) => r.status === 'rejected') ? 1 : 0);
