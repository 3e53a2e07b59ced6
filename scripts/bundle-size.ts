// `npm run build` step 2: reports the gzip size of the two Worker bundles that `wrangler deploy
// --dry-run --outdir dist/…` wrote, fails when either is above the 1 MiB budget (the free plan allows
// 3 MiB), when Node-only code (migrations, seeding, NLP libraries) or graphql's CJS build (a second
// copy; see wrangler.toml [alias]) got into one, and when the API Worker's bundle holds ingest-side
// code: the extractor, its model, the poller or its HTML and feed parsers belong to the ingest Worker
// (wrangler.ingest.toml), since an isolate parses all of its bundle before its first request.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const budget = 1024 * 1024;
/** Code of our own (not under node_modules) and packages, by a source path in the bundle's map. */
const ours = (re: RegExp) => (source: string) => !source.includes('node_modules/') && re.test(source);
const nodeOnly = [ours(/\/src\/db\/(node|migrate|seed|prepare)\.ts$/), ours(/\/src\/dev\//), (s: string) => /node_modules\/(compromise|wink-nlp|wink-eng-lite-web-model|libsql)\//.test(s)];
/**
 * The ingest side. Allowed in the API Worker: the input limits its schema states
 * (src/ingest/validate.ts) and the sources' store and settings behind the admin API.
 */
const ingestSide = [
  ours(/\/src\/ingest\/(?!validate\.ts$)/),
  ours(/\/src\/sources\/(?!store\.ts$|settings\.ts$)/),
  ours(/\/src\/ingest-worker\.ts$/),
  (s: string) => /node_modules\/(linkedom|@mozilla\/readability|feedsmith|fast-xml-parser|franc-min|htmlparser2|robots-parser|stemmer|stopword)\//.test(s),
];
const bundles = [
  { name: 'API Worker', file: 'dist/api/worker.js', forbidden: [...nodeOnly, ...ingestSide], why: 'import it in src/ingest-worker.ts instead, or type-only' },
  { name: 'ingest Worker', file: 'dist/ingest/ingest-worker.js', forbidden: nodeOnly, why: 'import them type-only' },
];
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

let failed = false;
for (const { name, file, forbidden, why } of bundles) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: run \`npm run build\`.`);
    failed = true;
    continue;
  }
  const code = readFileSync(file);
  const gzip = gzipSync(code, { level: 9 }).length;
  console.log(`${name} bundle ${file}: ${kib(code.length)}, gzip ${kib(gzip)} (budget ${kib(budget)} gzip, ${((gzip / budget) * 100).toFixed(0)}% used)`);
  if (existsSync(`${file}.map`)) {
    const { sources } = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
    const bad = sources.filter((s) => forbidden.some((test) => test(s)));
    if (bad.length) {
      console.error(`Modules that do not belong in the ${name}'s bundle (${why}):\n  ${bad.join('\n  ')}`);
      failed = true;
    }
    const cjsGraphql = sources.filter((s) => /node_modules\/graphql\/.*\.js$/.test(s));
    if (cjsGraphql.length) {
      console.error(`graphql's CJS build in the ${name}'s bundle (add its import path to [alias]):\n  ${cjsGraphql.join('\n  ')}`);
      failed = true;
    }
  } else {
    console.error(`${file}.map is missing: the check of what the bundle holds needs it.`);
    failed = true;
  }
  if (gzip > budget) {
    console.error(`The ${name} bundle is over budget by ${kib(gzip - budget)}.`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
