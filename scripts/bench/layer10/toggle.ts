// Throwaway (layer10): one app, a runtime flag (globalThis.__l10[FLAG]) on and off per request,
// alternated; wall and CPU per request, medians of paired differences (µs).
// FLAG=syncid DB=file:/tmp/layer10-100k.db N=2000 NODE_ENV=production npx tsx scripts/bench/layer10/toggle.ts
import { openDatabase } from '../../../src/db/node.ts';
import { createYogaApp, exampleQuery } from '../../../src/yoga.ts';
const db = openDatabase({ url: process.env.DB });
const yoga = createYogaApp({ database: () => db });
// OFF_OPTIONS: the options of a second app that answers the 'off' requests.
const offYoga = process.env.OFF_OPTIONS ? createYogaApp({ database: () => db, ...JSON.parse(process.env.OFF_OPTIONS) }) : yoga;
const flags: Record<string, boolean> = {};
(globalThis as { __l10?: Record<string, boolean> }).__l10 = flags;
const names = (process.env.FLAG ?? '').split(',').filter(Boolean);
const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
const qs: Record<string, string> = { example: exampleQuery, newest: exampleQuery.replace('first: 10)', 'first: 10, orderBy: NEWEST)') };
const N = Number(process.env.N ?? 2000);
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const one = async (body: string, on: boolean) => {
  for (const n of names) flags[n] = on;
  const c = process.cpuUsage();
  const t = performance.now();
  const r = await (on ? yoga : offYoga).fetch('http://localhost/graphql', { method: 'POST', headers: { ...headers }, body });
  const text = await r.text();
  const wall = (performance.now() - t) * 1000;
  const u = process.cpuUsage(c);
  return { wall, cpu: u.user + u.system, text };
};
for (const [k, q] of Object.entries(qs)) {
  const body = JSON.stringify({ query: q });
  for (let i = 0; i < 300; i++) { await one(body, false); await one(body, true); }
  const off = { wall: [] as number[], cpu: [] as number[] };
  const on = { wall: [] as number[], cpu: [] as number[] };
  let differ = 0;
  for (let i = 0; i < N; i++) {
    const first = i & 1;
    const a = await one(body, Boolean(first));
    const b = await one(body, !first);
    const [x, y] = first ? [b, a] : [a, b];
    if (x.text !== y.text) differ++;
    off.wall.push(x.wall); off.cpu.push(x.cpu); on.wall.push(y.wall); on.cpu.push(y.cpu);
  }
  const dw = on.wall.map((v, i) => v - off.wall[i]!);
  const dc = on.cpu.map((v, i) => v - off.cpu[i]!);
  console.log(`${k} [${names}]: wall ${med(off.wall).toFixed(0)} -> ${med(on.wall).toFixed(0)} µs (paired diff ${med(dw).toFixed(1)}), cpu ${med(off.cpu).toFixed(0)} -> ${med(on.cpu).toFixed(0)} (paired diff ${med(dc).toFixed(1)}); bodies differ ${differ}`);
}
process.exit(0);
