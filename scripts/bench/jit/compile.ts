// Throwaway (issue 11, jit9): DB=file:<copy> NODE_ENV=production npx tsx scripts/bench/jit/compile.ts
// First request of a new document: graphql-js executes it at once; the compiled executor first compiles.
import { compileQuery } from 'graphql-jit';
import { parse } from 'graphql';
import { openDatabase } from '../../../src/db/node.ts';
import { migrateDatabase } from '../../../src/db/migrate.ts';
import { createYogaApp, exampleQuery } from '../../../src/yoga.ts';
import { schema } from '../../../src/graphql/schema.ts';
import { compiledExecutorPlugin } from '../../../src/graphql/compiled-executor.ts';
import { bodyOf, inProcess } from '../servers.ts';
import { percentile } from '../measure.ts';

const db = openDatabase({ url: process.env.DB ?? 'file:/tmp/jit9-10k.db' });
await migrateDatabase(db);
const apps = { js: createYogaApp({ database: () => db }), jit: createYogaApp({ database: () => db, executor: compiledExecutorPlugin() }) };
for (const app of Object.values(apps)) for (let i = 0; i < 100; i++) await inProcess(app, bodyOf(exampleQuery));
const first: Record<string, number[]> = { js: [], jit: [] };
const again: Record<string, number[]> = { js: [], jit: [] };
for (let i = 0; i < 60; i++) {
  for (const k of (i % 2 ? ['js', 'jit'] : ['jit', 'js']) as ('js' | 'jit')[]) {
    const body = bodyOf(exampleQuery.replace('totalCount', `totalCount x${k}${i}: totalCount`));
    let t = performance.now();
    await inProcess(apps[k], body);
    first[k]!.push(performance.now() - t);
    for (let j = 0; j < 30; j++) {
      t = performance.now();
      await inProcess(apps[k], body);
      ((again as any)[`${k}${j}`] ??= []).push(performance.now() - t);
    }
  }
}
const p = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50).toFixed(2);
console.log(`new document, first request p50: js ${p(first.js!)} ms, jit ${p(first.jit!)} ms; then`);
for (const j of [0, 1, 2, 4, 9, 19, 29]) console.log(`  request ${j + 2}: js ${p((again as any)[`js${j}`])} jit ${p((again as any)[`jit${j}`])}`);
const doc = parse(exampleQuery);
const times: number[] = [];
for (let i = 0; i < 200; i++) { const t = performance.now(); compileQuery(schema, doc); times.push(performance.now() - t); }
console.log(`compileQuery(exampleQuery) alone p50 ${p(times)} ms`);
process.exit(0);
