// Throwaway (issue 11, jit9): DB=file:<copy> ROUNDS=1000 [ALL=1] NODE_ENV=production nice -n -15 npx tsx scripts/bench/jit/paired.ts
// Paired, interleaved: the same process, DB and query; graphql-js's executor vs the compiled one.
import { openDatabase } from '../../../src/db/node.ts';
import { migrateDatabase } from '../../../src/db/migrate.ts';
import { createYogaApp, exampleQuery } from '../../../src/yoga.ts';
import { compiledExecutorPlugin } from '../../../src/graphql/compiled-executor.ts';
import { bodyOf, inProcess } from '../servers.ts';
import { percentile, timeSqlite } from '../measure.ts';

const db = openDatabase({ url: process.env.DB ?? 'file:/tmp/jit9-10k.db' });
await migrateDatabase(db);
const rounds = Number(process.env.ROUNDS ?? 1000);
const apps = { js: createYogaApp({ database: () => db }), jit: createYogaApp({ database: () => db, executor: compiledExecutorPlugin() }) };
import { benchQueries } from '../../bench-queries.ts';
const bodies: Record<string, string> = { headline: bodyOf(exampleQuery), newest: bodyOf(exampleQuery.replace('first: 10)', 'first: 10, orderBy: NEWEST)')) };
if (process.env.ALL) for (const q of benchQueries.slice(1)) bodies[q.key] = bodyOf(q.query);
for (const [name, body] of Object.entries(bodies)) {
  const a = await inProcess(apps.js, body), b = await inProcess(apps.jit, body);
  if (a !== b) throw new Error(`${name}: responses differ`);
  for (let i = 0; i < 200; i++) for (const app of Object.values(apps)) await inProcess(app, body);
  const sqlite = timeSqlite();
  const wall: Record<string, number[]> = { js: [], jit: [] };
  const layer: Record<string, number[]> = { js: [], jit: [] };
  const sq: Record<string, number[]> = { js: [], jit: [] };
  const tot: Record<string, number[]> = { js: [], jit: [] };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? (['js', 'jit'] as const) : (['jit', 'js'] as const);
    for (const k of order) {
      const s0 = sqlite.ms();
      const c0 = process.cpuUsage();
      const t = performance.now();
      await inProcess(apps[k], body);
      wall[k]!.push(performance.now() - t);
      const c = process.cpuUsage(c0);
      layer[k]!.push((c.user + c.system) / 1000 - (sqlite.ms() - s0));
      sq[k]!.push(sqlite.ms() - s0);
      tot[k]!.push((c.user + c.system) / 1000);
    }
  }
  sqlite.restore();
  const p = (xs: number[], q: number) => percentile([...xs].sort((x, y) => x - y), q);
  const diffs = layer.js!.map((v, i) => v - layer.jit![i]!);
  const wdiffs = wall.js!.map((v, i) => v - wall.jit![i]!);
  console.log(`${name}: ${rounds} rounds | wall p50 js ${p(wall.js!, 50).toFixed(3)} jit ${p(wall.jit!, 50).toFixed(3)} (paired median diff ${p(wdiffs, 50).toFixed(3)}) | layer CPU p50 js ${p(layer.js!, 50).toFixed(3)} jit ${p(layer.jit!, 50).toFixed(3)} (paired median diff ${p(diffs, 50).toFixed(3)}; mean js ${(layer.js!.reduce((x, y) => x + y) / rounds).toFixed(3)} jit ${(layer.jit!.reduce((x, y) => x + y) / rounds).toFixed(3)})`);
  console.log(`   js: wall p50 ${p(wall.js!, 50).toFixed(3)}, total CPU p50 ${p(tot.js!, 50).toFixed(3)}, inside SQLite p50 ${p(sq.js!, 50).toFixed(3)} | jit: total CPU ${p(tot.jit!, 50).toFixed(3)}, SQLite ${p(sq.jit!, 50).toFixed(3)}`);
}
process.exit(0);

