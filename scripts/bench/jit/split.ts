// Throwaway (issue 11, jit9): DB=file:<copy> RUNS=3000 [JIT=1] NODE_ENV=production npx tsx scripts/bench/jit/split.ts
// Where the non-SQL time of a request goes: CPU profile self time by package, and envelop phases.
import { Session } from 'node:inspector/promises';
import { openDatabase } from '../../../src/db/node.ts';
import { migrateDatabase } from '../../../src/db/migrate.ts';
import { createYogaApp, exampleQuery } from '../../../src/yoga.ts';
import { compiledExecutorPlugin } from '../../../src/graphql/compiled-executor.ts';
import { bodyOf, inProcess } from '../servers.ts';
import { timeSqlite } from '../measure.ts';

const url = process.env.DB ?? 'file:/tmp/jit9-10k.db';
const runs = Number(process.env.RUNS ?? 1500);
const db = openDatabase({ url });
await migrateDatabase(db);
const jit = process.env.JIT === '1';
const yoga = createYogaApp({ database: () => db, ...(jit ? { executor: compiledExecutorPlugin() } : {}) });
const newest = bodyOf(exampleQuery.replace('first: 10)', 'first: 10, orderBy: NEWEST)'));
const bodies = { headline: bodyOf(exampleQuery), newest };
for (const [name, body] of Object.entries(bodies)) {
  for (let i = 0; i < 100; i++) await inProcess(yoga, body);
  const sqlite = process.env.SQLT ? timeSqlite() : { ms: () => 0, restore() {} };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  const s0 = sqlite.ms();
  const c0 = process.cpuUsage();
  await session.post('Profiler.start');
  for (let i = 0; i < runs; i++) await inProcess(yoga, body);
  const { profile } = await session.post('Profiler.stop');
  const c = process.cpuUsage(c0);
  const sqlMs = sqlite.ms() - s0;
  sqlite.restore();
  session.disconnect();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const ch of n.children ?? []) parent.set(ch, n.id);
  const cat = new Map<string, number>();
  const fn = new Map<string, number>();
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  const categorize = (url: string, name: string): string => {
    if (!url) return name.startsWith('(') ? name : `native:${name}`;
    const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/);
    if (m) {
      if (m[1] === 'graphql') return `graphql/${m[2]!.split('/')[0]}${m[2]!.startsWith('execution') ? '/' + m[2]!.split('/')[1] : ''}`;
      return m[1]!;
    }
    if (url.startsWith('node:')) return 'node-internal';
    const s = url.match(/\/work\/[^/]+\/(.*)$/);
    return s ? s[1]! : url;
  };
  profile.samples!.forEach((id, i) => {
    const node = byId.get(id)!;
    const d = deltas[i] ?? 0;
    total += d;
    const k = categorize(node.callFrame.url, node.callFrame.functionName);
    cat.set(k, (cat.get(k) ?? 0) + d);
    const f = `${node.callFrame.functionName || '(anon)'} ${k}:${node.callFrame.lineNumber + 1}`;
    fn.set(f, (fn.get(f) ?? 0) + d);
  });
  const perReq = (us: number) => (us / 1000 / runs).toFixed(3);
  console.log(`\n== ${name} ${jit ? 'JIT' : 'graphql-js'}: ${runs} req, wall-profile ${perReq(total)} ms/req, cpu ${((c.user + c.system) / 1000 / runs).toFixed(3)} ms/req, sqlite ${(sqlMs / runs).toFixed(3)} ms/req`);
  const bucket = (k: string) =>
    /^native:libsql|^native:.*Statement/.test(k) ? 'SQLite (native)'
    : /@graphql-tools\/executor|^graphql\/(execution|utilities|type|jsutils)|@pothos|graphql-jit|fast-json-stringify|@envelop\/graphql-jit|src\/graphql\/(loaded-fields|selection)/.test(k) ? 'executor (graphql execution, arguments, completeValue, Pothos wrappers)'
    : /^graphql\/(language|validation)|graphql-armor|src\/graphql\/complexity/.test(k) ? 'parse + validate (cached) + armor'
    : /drizzle|^libsql$|src\/db|src\/search|src\/graphql|lru-cache|dataloader/.test(k) ? 'resolvers, drizzle, libsql JS, row mapping'
    : /graphql-yoga|@envelop|@whatwg-node|node-internal|src\/http|src\/yoga|@graphql-yoga|@graphql-tools/.test(k) ? 'yoga + envelop + HTTP plugins + fetch'
    : /garbage|program|idle/.test(k) ? 'GC / program' : 'other';
  const buckets = new Map<string, number>();
  for (const [k, us] of cat) buckets.set(bucket(k), (buckets.get(bucket(k)) ?? 0) + us);
  for (const [k, us] of [...buckets].sort((a, b) => b[1] - a[1])) console.log(`${perReq(us).padStart(7)} ms ${((us / total) * 100).toFixed(1).padStart(5)}%  [${k}]`);
  console.log('-- by package');
  for (const [k, us] of [...cat].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${perReq(us).padStart(7)} ms ${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
  console.log('-- top functions');
  for (const [k, us] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${perReq(us).padStart(7)} ms ${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
}
process.exit(0);
