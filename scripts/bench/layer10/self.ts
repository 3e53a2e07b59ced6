// Throwaway (layer10): CPU per in-process request of this branch's app (closed loop), several bodies.
// DB=file:/tmp/layer10-100k.db N=2000 NODE_ENV=production npx tsx scripts/bench/layer10/self.ts
import { openDatabase } from '../../../src/db/node.ts';
import { createYogaApp, exampleQuery } from '../../../src/yoga.ts';
const db = openDatabase({ url: process.env.DB });
const yoga = createYogaApp({ database: () => db });
const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const N = Number(process.env.N ?? 2000);
const qs: Record<string, string> = { typename: '{ __typename }', count: '{ articles(first: 1) { totalCount } }', newest: exampleQuery.replace('first: 10)', 'first: 10, orderBy: NEWEST)') };
for (const [k, q] of Object.entries(qs)) {
  const body = JSON.stringify({ query: q });
  const cpu: number[] = [];
  for (let i = 0; i < N + 300; i++) {
    const c = process.cpuUsage();
    const r = await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { ...headers }, body });
    await r.text();
    const u = process.cpuUsage(c);
    if (i >= 300) cpu.push((u.user + u.system) / 1000);
  }
  console.log(k, med(cpu).toFixed(3));
}
process.exit(0);
