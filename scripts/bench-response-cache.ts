// Response cache evaluation (docs/decisions.md): our src/http/cache.ts against
// @graphql-yoga/plugin-response-cache wired with equivalent settings (src/http/plugin-cache-scratch.ts).
// In-process yoga.fetch over a seeded file database, variants interleaved round by round.
// Run: npx tsx scripts/bench-response-cache.ts
import { cpus } from 'node:os';
import { createTestDatabase } from '../tests/helpers/database.ts';
import { partnerApp } from '../tests/helpers/http.ts';

const rounds = Number(process.env.ROUNDS ?? 10);
const perRound = Number(process.env.PER_ROUND ?? 500);
const missesPerRound = Number(process.env.MISSES ?? 40);

const test = await createTestDatabase();
const variants = (['ours', 'plugin+our-lru', 'plugin+builtin-lru'] as const).map((name) => {
  process.env.NG_CACHE_IMPL = name === 'ours' ? 'ours' : 'plugin';
  process.env.NG_CACHE_STORE = name === 'plugin+builtin-lru' ? 'builtin' : 'ours';
  return { name, app: partnerApp(test, { settings: { rateLimits: false } }), hitUs: [] as number[], missUs: [] as number[] };
});

const query = /* GraphQL */ `query NK($countries: [String!]!, $first: Int) {
  articles(where: { countries: $countries }, first: $first, orderBy: NEWEST) { totalCount edges { node { id title publishedAt countries { code name } } } }
}`;
const other = '{ articles(first: 2) { totalCount } }';

async function post(app: ReturnType<typeof partnerApp>, body: unknown, headers: Record<string, string> = {}) {
  const response = await app.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });
  await response.text();
  return response;
}

// Behaviours first.
for (const v of variants) await post(v.app, { query, variables: { countries: ['North Korea'], first: 99 } }); // warm the shared name lookups
for (const v of variants) {
  const hitBody = { query, variables: { countries: ['North Korea'], first: 10 } };
  test.statements.length = 0;
  const first = await post(v.app, hitBody);
  const missStatements = test.statements.length;
  test.statements.length = 0;
  await post(v.app, hitBody);
  const hitStatements = test.statements.length;
  const etag = first.headers.get('etag') ?? '';
  // Another query, sent with the first one's ETag: a correct validator cannot match it.
  const confused = await post(v.app, { query: other }, { 'if-none-match': etag });
  const weak = await post(v.app, hitBody, { 'if-none-match': `"x", W/${etag}` });
  console.log(
    `${v.name}: miss ${missStatements} SQL, hit ${hitStatements} SQL; ETag ${etag || '(none)'}; Cache-Control ${first.headers.get('cache-control')}; ` +
      `other query with this ETag → ${confused.status}; weak/list If-None-Match → ${weak.status}`,
  );
}

// Warm every variant's entry, then time hits and misses, interleaving variants each round.
const hitBody = { query, variables: { countries: ['North Korea'], first: 10 } };
for (const v of variants) for (let i = 0; i < 200; i++) await post(v.app, hitBody);
let unique = 0;
for (let round = 0; round < rounds; round++) {
  for (const v of round % 2 ? [...variants].reverse() : variants) {
    let start = process.hrtime.bigint();
    for (let i = 0; i < perRound; i++) await post(v.app, hitBody);
    v.hitUs.push(Number(process.hrtime.bigint() - start) / 1000 / perRound);
    start = process.hrtime.bigint();
    for (let i = 0; i < missesPerRound; i++) await post(v.app, { query, variables: { countries: ['North Korea'], first: 1 + (unique++ % 50) + round * 100 } });
    v.missUs.push(Number(process.hrtime.bigint() - start) / 1000 / missesPerRound);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`\n${cpus()[0]!.model}, ${rounds} rounds × ${perRound} hits and ${missesPerRound} misses per variant, median of rounds:`);
for (const v of variants) console.log(`${v.name.padEnd(20)} hit ${median(v.hitUs).toFixed(0).padStart(5)} µs/request   miss+store ${median(v.missUs).toFixed(0).padStart(6)} µs/request`);
test.close();
