// `npm run build` step 2: reports the gzip size of the Worker bundle that `wrangler deploy --dry-run
// --outdir dist` wrote, fails above the 1 MiB budget (the free plan allows 3 MiB), and fails when
// Node-only code (migrations, seeding, NLP models) or graphql's CJS build (a second copy; see
// wrangler.toml [alias]) got into the bundle.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const budget = 1024 * 1024;
const bundle = 'dist/worker.js';
const forbidden = [/\/src\/db\/(node|migrate|seed|prepare)\.ts$/, /\/src\/dev\//, /node_modules\/(compromise|wink-nlp|wink-eng-lite-web-model|libsql)\//];

if (!existsSync(bundle)) {
  console.error(`${bundle} is missing: run \`npm run build\`.`);
  process.exit(1);
}
const code = readFileSync(bundle);
const gzip = gzipSync(code, { level: 9 }).length;
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`Worker bundle ${bundle}: ${kib(code.length)}, gzip ${kib(gzip)} (budget ${kib(budget)} gzip, ${((gzip / budget) * 100).toFixed(0)}% used)`);

let failed = false;
if (existsSync(`${bundle}.map`)) {
  const { sources } = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] };
  const bad = sources.filter((s) => forbidden.some((re) => re.test(s)));
  if (bad.length) {
    console.error(`Node-only modules in the Worker bundle (import them type-only, or keep them out of src/graphql):\n  ${bad.join('\n  ')}`);
    failed = true;
  }
  const cjsGraphql = sources.filter((s) => /node_modules\/graphql\/.*\.js$/.test(s));
  if (cjsGraphql.length) {
    console.error(`graphql's CJS build in the Worker bundle (add its import path to wrangler.toml [alias]):\n  ${cjsGraphql.join('\n  ')}`);
    failed = true;
  }
}
if (gzip > budget) {
  console.error(`The Worker bundle is over budget by ${kib(gzip - budget)}.`);
  failed = true;
}
process.exit(failed ? 1 : 0);
