/**
 * `npx tsx scripts/sample-entities.ts --db URL [--kind person] [--n 200] [--seed 2026]`: a fixed-seed
 * uniform sample of (article, entity) links of one kind from an ingested database, each with the
 * article's text around its first mention, to be judged by reading (docs/quality.md, "Person
 * precision on the whole corpus"). The gold set covers 40 articles; this estimates precision over
 * all of them, articles nobody tuned on. The same seed on the same database gives the same sample.
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/node.ts';
import { parseCliArgs } from './cli.ts';

const usage = 'Usage: npx tsx scripts/sample-entities.ts --db URL [--kind person|organization|country] [--n 200] [--seed 2026]';
const args = parseCliArgs({ options: { db: { type: 'string' }, kind: { type: 'string', default: 'person' }, n: { type: 'string', default: '200' }, seed: { type: 'string', default: '2026' }, help: { type: 'boolean', short: 'h' } } }, usage);
if (!args.values.db) {
  console.error(usage);
  process.exit(2);
}
const db = openDatabase({ url: args.values.db });
const links = await db.all<{ article: number; entity: number; start: number }>(sql`
  SELECT m.article_id AS article, m.entity_id AS entity, min(m.start) AS start FROM mentions m JOIN entities e ON e.id = m.entity_id
  WHERE e.kind = ${args.values.kind} GROUP BY 1, 2 ORDER BY 1, 2`);

// mulberry32: a small seeded generator, so the sample is reproducible without a dependency
let state = Number(args.values.seed) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const order = links.map((_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [order[i], order[j]] = [order[j]!, order[i]!];
}
const picked = order.slice(0, Number(args.values.n)).sort((a, b) => a - b);
console.log(`${links.length} ${args.values.kind} links; sample of ${picked.length}, seed ${args.values.seed}`);
let k = 0;
for (const i of picked) {
  const link = links[i]!;
  const [row] = await db.all<{ name: string; body: string }>(sql`SELECT e.name AS name, a.body AS body FROM entities e, articles a WHERE e.id = ${link.entity} AND a.id = ${link.article}`);
  const surfaces = await db.all<{ surface: string }>(sql`SELECT surface FROM mentions WHERE article_id = ${link.article} AND entity_id = ${link.entity} ORDER BY start`);
  const context = row!.body.slice(Math.max(0, link.start - 70), link.start + 60).replace(/\n/g, ' / ');
  console.log(`#${++k} [a${link.article}] ${row!.name}  {${[...new Set(surfaces.map((s) => s.surface))].join('|')}} x${surfaces.length}\n    ...${context}...`);
}
db.$client.close();
