// Throwaway (layer10): sampling heap profile of in-process requests: bytes allocated per request by function.
// DB=file:/tmp/layer10-100k.db ORDER=newest N=2000 NODE_ENV=production npx tsx scripts/bench/layer10/alloc.ts
import { Session } from 'node:inspector/promises';
import { openDatabase } from '../../../src/db/node.ts';
import { createYogaApp, exampleQuery } from '../../../src/yoga.ts';
const db = openDatabase({ url: process.env.DB });
const yoga = createYogaApp({ database: () => db });
const q = process.env.ORDER === 'newest' ? exampleQuery.replace('first: 10)', 'first: 10, orderBy: NEWEST)') : exampleQuery;
const body = JSON.stringify({ query: q });
const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
const run = async () => { const r = await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { ...headers }, body }); await r.text(); };
for (let i = 0; i < 300; i++) await run();
const session = new Session(); session.connect();
await session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
const N = Number(process.env.N ?? 2000);
for (let i = 0; i < N; i++) await run();
const { profile } = await session.post('HeapProfiler.stopSampling');
const self = new Map<string, number>(); const pkg = new Map<string, number>(); let total = 0;
const walk = (node: any) => {
  const f = node.callFrame; const k = `${f.functionName || '(anon)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^.*\/ng-layer10\//, '')}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  self.set(k, (self.get(k) ?? 0) + node.selfSize); total += node.selfSize;
  const url = f.url; const p = url.includes('node_modules/') ? url.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1') : url.includes('/src/') ? url.replace(/^.*\/(src\/.*)$/, '$1') : url.startsWith('node:') ? 'node:*' : (f.functionName || '(native)');
  pkg.set(p, (pkg.get(p) ?? 0) + node.selfSize);
  for (const c of node.children ?? []) walk(c);
};
walk(profile.head);
const kb = (b: number) => (b / N / 1024).toFixed(2) + ' KiB';
console.log('total per request', kb(total));
for (const [k, v] of [...pkg].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(kb(v), k);
console.log('---');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log(kb(v), k);
process.exit(0);
