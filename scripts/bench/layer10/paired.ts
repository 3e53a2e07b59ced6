// Throwaway (issue 11, layer10): main's app (a git archive copy in BASE) and this branch's in one
// process on one database copy, interleaved request by request (order alternated per round); wall
// and layer CPU (process CPU minus the CPU inside libsql's prepare/step, as the bench measures).
// DB=file:/tmp/layer10-100k.db BASE=/tmp/layer10-base N=1000 NODE_ENV=production npx tsx scripts/bench/layer10/paired.ts
import { openDatabase } from '../../../src/db/node.ts';
import { createYogaApp, exampleQuery } from '../../../src/yoga.ts';
import { createRequire } from 'node:module';
import { benchQueries } from '../../bench-queries.ts';

const base = process.env.BASE ?? '/tmp/layer10-base';
const mainYoga = (await import(`${base}/src/yoga.ts`)) as typeof import('../../../src/yoga.ts');
const mainNode = (await import(`${base}/src/db/node.ts`)) as typeof import('../../../src/db/node.ts');
const db = openDatabase({ url: process.env.DB });
const dbMain = mainNode.openDatabase({ url: process.env.DB });
const apps = { main: mainYoga.createYogaApp({ database: () => dbMain }), branch: createYogaApp({ database: () => db, ...JSON.parse(process.env.OPTIONS ?? '{}') }) };
const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
const send = async (app: (typeof apps)['main'], body: string) => {
  const r = await app.fetch('http://localhost/graphql', { method: 'POST', headers: { ...headers }, body });
  const t = await r.text();
  if (r.status !== 200) throw new Error(t);
  return t;
};
const newest = exampleQuery.replace('first: 10)', 'first: 10, orderBy: NEWEST)');
const all: Record<string, string> = { example: exampleQuery, newest };
for (const q of benchQueries) all[q.key] = q.query;
const keys = (process.env.Q ?? 'example,newest').split(',');
const N = Number(process.env.N ?? 1000);
// Both copies' libsql modules (separate node_modules), their synchronous entry points timed.
let inSqlite = 0;
for (const from of [import.meta.url, `file://${base}/package.json`]) {
  const Libsql = createRequire(from)('libsql') as { prototype: Record<string, unknown>; new (path: string): { prepare(sql: string): object; close(): void } };
  const scratch = new Libsql(':memory:');
  const statement = Object.getPrototypeOf(scratch.prepare('SELECT 1')) as Record<string, unknown>;
  scratch.close();
  let depth = 0;
  let start = process.cpuUsage();
  const wrap = (target: Record<string, unknown>, name: string) => {
    const original = target[name] as (...args: unknown[]) => unknown;
    target[name] = function (this: unknown, ...args: unknown[]) {
      if (depth++ === 0) start = process.cpuUsage();
      try { return original.apply(this, args); } finally { if (--depth === 0) { const u = process.cpuUsage(start); inSqlite += (u.user + u.system) / 1000; } }
    };
  };
  for (const name of ['prepare', 'exec']) wrap(Libsql.prototype, name);
  for (const name of ['run', 'get', 'all']) wrap(statement, name);
}
const sqlite = { ms: () => inSqlite };
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (const key of keys) {
  const body = JSON.stringify({ query: all[key] });
  for (let i = 0; i < 200; i++) { await send(apps.main, body); await send(apps.branch, body); }
  const wall = { main: [] as number[], branch: [] as number[] };
  const cpu = { main: [] as number[], branch: [] as number[] };
  for (let i = 0; i < N; i++) {
    const order = i & 1 ? (['main', 'branch'] as const) : (['branch', 'main'] as const);
    for (const name of order) {
      const c = process.cpuUsage();
      const s = sqlite.ms();
      const t = performance.now();
      await send(apps[name], body);
      wall[name].push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu[name].push((used.user + used.system) / 1000 - (sqlite.ms() - s));
    }
  }
  const diffs = cpu.main.map((m, i) => cpu.branch[i]! - m);
  const wdiffs = wall.main.map((m, i) => wall.branch[i]! - m);
  console.log(`${key}: wall ${med(wall.main).toFixed(3)} -> ${med(wall.branch).toFixed(3)} (diff med ${med(wdiffs).toFixed(3)}); layer CPU ${med(cpu.main).toFixed(3)} -> ${med(cpu.branch).toFixed(3)} (diff med ${med(diffs).toFixed(3)}, ratio ${(med(cpu.branch) / med(cpu.main)).toFixed(3)})`);
}
process.exit(0);
