// Throwaway (layer10): one app (OPTIONS JSON) alone in a process, closed loop; median wall and CPU per request (µs).
import { openDatabase } from '../../../src/db/node.ts';
import { createYogaApp, exampleQuery } from '../../../src/yoga.ts';
const db = openDatabase({ url: process.env.DB });
const yoga = createYogaApp({ database: () => db, ...JSON.parse(process.env.OPTIONS ?? '{}') });
const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const N = Number(process.env.N ?? 2000);
const out: string[] = [];
for (const [k, q] of Object.entries({ example: exampleQuery, newest: exampleQuery.replace('first: 10)', 'first: 10, orderBy: NEWEST)') })) {
  const body = JSON.stringify({ query: q });
  const wall: number[] = []; const cpu: number[] = [];
  for (let i = 0; i < N + 300; i++) {
    const c = process.cpuUsage(); const t = performance.now();
    const r = await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { ...headers }, body }); await r.text();
    const w = (performance.now() - t) * 1000; const u = process.cpuUsage(c);
    if (i >= 300) { wall.push(w); cpu.push(u.user + u.system); }
  }
  out.push(`${k} wall ${med(wall).toFixed(0)} cpu ${med(cpu).toFixed(0)}`);
}
console.log(process.env.OPTIONS ?? '{}', out.join(' | '));
process.exit(0);
