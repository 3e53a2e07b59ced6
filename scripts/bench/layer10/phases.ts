// Throwaway (layer10): wall time between hooks of in-process requests (closed loop, medians, µs).
// DB=file:/tmp/layer10-100k.db ORDER=newest N=2000 NODE_ENV=production npx tsx scripts/bench/layer10/phases.ts
import type { Plugin } from 'graphql-yoga';
import { openDatabase } from '../../../src/db/node.ts';
import { createYogaApp, exampleQuery } from '../../../src/yoga.ts';
const db = openDatabase({ url: process.env.DB });
let marks: [string, number][] = [];
const mark = (name: string) => marks.push([name, performance.now()]);
(globalThis as { __mark?: (n: string) => void }).__mark = mark;
const client = db.$client as unknown as Record<string, Function>;
const execute = client.execute!.bind(client);
client.execute = async (...args: unknown[]) => { mark('sql start'); try { return await execute(...args); } finally { mark('sql end'); } };
const probe: Plugin = {
  onRequest: () => mark('onRequest(last)'),
  onRequestParse: () => { mark('onRequestParse'); return () => mark('parsed'); },
  onParams: () => mark('onParams'),
  onParse: () => { mark('onParse'); return () => mark('parse done'); },
  onValidate: () => { mark('onValidate'); return () => mark('validate done'); },
  onContextBuilding: () => { mark('onContextBuilding'); return () => mark('context built'); },
  onExecute: () => { mark('onExecute(last)'); return { onExecuteDone: () => mark('onExecuteDone(first)') }; },
  onExecutionResult: () => mark('onExecutionResult(last)'),
  onResultProcess: () => mark('onResultProcess'),
  onResponse: () => mark('onResponse(last)'),
};
const yoga = createYogaApp({ database: () => db, plugins: [probe] });
const q = process.env.ORDER === 'newest' ? exampleQuery.replace('first: 10)', 'first: 10, orderBy: NEWEST)') : exampleQuery;
const body = JSON.stringify({ query: q });
const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
const N = Number(process.env.N ?? 2000);
const gaps = new Map<string, number[]>();
for (let i = 0; i < N + 300; i++) {
  marks = [];
  mark('fetch');
  const r = await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { ...headers }, body });
  mark('fetch resolved');
  await r.text();
  mark('text');
  if (i < 300) continue;
  for (let j = 1; j < marks.length; j++) {
    const k = `${String(j).padStart(2)} ${marks[j - 1]![0]} -> ${marks[j]![0]}`;
    if (!gaps.has(k)) gaps.set(k, []);
    gaps.get(k)!.push((marks[j]![1] - marks[j - 1]![1]) * 1000);
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
let sum = 0;
for (const [k, v] of gaps) { const m = med(v); if (!k.includes('sql start -> sql end')) sum += m; console.log(m.toFixed(1).padStart(8), v.length === N ? '' : `(${v.length})`, k); }
console.log('sum of medians outside the statement', sum.toFixed(1), 'µs');
process.exit(0);
