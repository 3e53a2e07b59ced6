// Linking scoped to evidence (issue 10 §2): hand-written cases for each rule, on the real
// extractor, the real gazetteer and a real libSQL database.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countryCode } from '../src/db/countries.ts';
import { extractMentions, type Extraction } from '../src/ingest/extract.ts';
import { ingestArticles } from '../src/ingest/ingest.ts';
import { resolveCorpus } from '../src/ingest/resolve.ts';
import { staticGazetteer } from '../src/ingest/static-gazetteer.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

const gazetteer = staticGazetteer();
const run = (text: string) => extractMentions(text, gazetteer);
const names = (x: Extraction, kind: string) => x.entities.filter((e) => e.kind === kind).map((e) => e.name);
const surfacesOf = (x: Extraction, kind: string, slug: string) => x.mentions.filter((m) => m.kind === kind && m.slug === slug).map((m) => m.surface);
const codes = (x: Extraction) => [...new Set(x.mentions.filter((m) => m.kind === 'country').map((m) => countryCode(m.slug)))];

describe('short forms of people', () => {
  it('never reads a month or weekday as a person, even when the article names someone of that name', () => {
    const x = run('Theresa May told MPs on Monday that the vote, held on 5 May, was binding. Mrs May later left for Brussels.');
    expect(names(x, 'person')).toEqual(['Theresa May']);
    expect(surfacesOf(x, 'person', 'theresa-may')).toEqual(['Theresa May', 'May']);
    // "May" alone, in an article that names no May, is nobody
    expect(names(run('The election will be held in May, officials said on Friday.'), 'person')).toEqual([]);
  });

  it('links a titled or bare surname to the person the article names in full', () => {
    const x = run('Prime Minister Tony Blair defended the plan. Mr Blair said it was fair, and Blair later repeated it.');
    expect(names(x, 'person')).toEqual(['Tony Blair']);
    expect(surfacesOf(x, 'person', 'tony-blair')).toEqual(['Tony Blair', 'Blair', 'Blair']);
    expect(x.entities[0]!.aliases).toEqual([{ text: 'Blair', type: 'short' }]);
  });

  it('does not link a word inside another name to a person of that surname', () => {
    const x = run('Tony Blair met the press. Later, Ian Blair, the police commissioner, spoke.');
    expect(names(x, 'person').sort()).toEqual(['Ian Blair', 'Tony Blair']);
  });

  it('links no short form to anyone named only in another article', () => {
    run('Chancellor Gordon Brown presented the Budget.');
    expect(names(run('Mr Brown presented the Budget.'), 'person')).not.toContain('Gordon Brown');
  });
});

describe('organisations', () => {
  it('makes an acronym and the full name it abbreviates in one article one entity', () => {
    const x = run('The National Union of Teachers voted to strike. The NUT said talks had failed.');
    expect(names(x, 'organization')).toEqual(['National Union of Teachers']);
    expect(surfacesOf(x, 'organization', 'national-union-of-teachers')).toEqual(['National Union of Teachers', 'NUT']);
  });

  it('links well-known acronyms and full names to one curated entity', () => {
    const x = run('General Motors said the Securities and Exchange Commission had written. The SEC and GM declined to comment.');
    expect(names(x, 'organization').sort()).toEqual(['General Motors', 'Securities and Exchange Commission']);
  });

  it('links party short names to the party', () => {
    const x = run('Labour and the Tories traded blows, while the Lib Dems said the Conservatives had no plan.');
    expect(names(x, 'organization').sort()).toEqual(['Conservative Party', 'Labour Party', 'Liberal Democrats']);
    expect(surfacesOf(x, 'organization', 'conservative-party')).toEqual(['Tories', 'Conservatives']);
    // the forms used are the entity's aliases, so a search for "Tories" finds the party
    expect(x.entities.find((e) => e.name === 'Conservative Party')!.aliases).toEqual([
      { text: 'Tories', type: 'curated' },
      { text: 'Conservatives', type: 'curated' },
    ]);
  });
});

describe('country aliases', () => {
  it('adds what people say: Turkey is Türkiye', () => {
    expect(codes(run('Turkey hopes to join the European Union, officials in Ankara said.'))).toEqual(['TR']);
  });

  it('does not fire on words, other acronyms, other places or event names', () => {
    expect(codes(run('The Island was sold to a developer last year.'))).toEqual([]);
    expect(codes(run('The MDA and RSA said the TV deal was off.'))).toEqual([]);
    expect(codes(run('Police in San Jose arrested two men.'))).toEqual([]);
    expect(codes(run('Roger Federer won the US Open and reached the final of the French Open.'))).toEqual([]);
  });
});

describe('corpus-level linking (resolveCorpus)', () => {
  const articles = [
    { title: 'Blair speech', body: 'Prime Minister Tony Blair spoke in London. Mr Blair said the economy was strong.' },
    { title: 'Blair tour', body: 'Tony Blair toured a school. Blair said teachers were doing well.' },
    { title: 'Blair wins vote', body: 'Tony Blair won the vote on Tuesday.' },
    { title: 'Titled only', body: 'Mr Blair said on Wednesday that the talks would go on.' },
    { title: 'Imperial results', body: 'Imperial Chemical Industries reported higher profits on Thursday. ICI said demand was strong.' },
    { title: 'Rugby aid', body: 'The IRB Rugby Aid match raised money for the tsunami appeal.' },
    { title: 'Acronym only', body: 'Shares in ICI rose 5% after the results were published.' },
  ];
  let a: TestDatabase;
  let b: TestDatabase;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase({ seed: false }), createTestDatabase({ seed: false })]);
  });
  afterAll(() => {
    a.close();
    b.close();
  });

  /** Each article's entities, by title: what a reader of the API sees. */
  async function linked(test: TestDatabase): Promise<Record<string, string[]>> {
    const rows = await test.db.all<{ title: string; name: string }>(sql`
      SELECT a.title AS title, e.name AS name FROM article_entities ae JOIN articles a ON a.id = ae.article_id
      JOIN entities e ON e.id = ae.entity_id WHERE e.kind <> 'country' ORDER BY a.title, e.name`);
    const out: Record<string, string[]> = {};
    for (const r of rows) (out[r.title] ??= []).push(r.name);
    return out;
  }

  it('links a titled surname to the dominant bearer and an acronym to its one expansion, whatever the order', async () => {
    // one call in order, against one article per call in reverse order
    await ingestArticles(a.db, articles, { extract: extractMentions });
    for (const article of [...articles].reverse()) await ingestArticles(b.db, [article], { extract: extractMentions });
    const result = await linked(a);
    expect(result['Titled only']).toEqual(['Tony Blair']);
    expect(result['Acronym only']).toEqual(['Imperial Chemical Industries']);
    // initials alone are no evidence: the article that names "IRB Rugby Aid" never wrote it as "IRA"
    expect(result['Rugby aid'] ?? []).not.toContain('Irish Republican Army');
    expect(await linked(b)).toEqual(result);
    // idempotent: another pass changes nothing
    expect(await resolveCorpus(a.db)).toBe(0);
    // b's calls each ran the pass over the surnames and acronyms of their new article only: a
    // pass over the whole corpus finds nothing left to change
    expect(await resolveCorpus(b.db)).toBe(0);
  });

  it('unlinks a surname again when its bearer stops being dominant', async () => {
    const others = ['Ian Blair', 'Ian Blair', 'Ian Blair'].map((name, i) => ({ title: `Police ${i}`, body: `Commissioner ${name} spoke on day ${i + 1} of the inquiry.` }));
    await ingestArticles(a.db, others, { extract: extractMentions });
    expect((await linked(a))['Titled only']).toEqual(['Blair']);
    expect(await resolveCorpus(a.db)).toBe(0);
  });
});

describe('unknown references', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase({ seed: false });
  });
  afterAll(() => test.close());

  it('suggests the nearest names', async () => {
    const { seedCountries } = await import('../src/ingest/seed.ts');
    await seedCountries(test.db);
    const execute = graphqlClient(test.db);
    const { errors } = await execute('{ articles(where: { countries: ["Turky"] }) { totalCount } }');
    expect(errors![0]!.message).toContain('Did you mean Türkiye?');
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reference: 'Turky', suggestions: [{ name: 'Türkiye', slug: 'turkiye' }] });
    const far = await execute('{ articles(where: { countries: ["Atlantis"] }) { totalCount } }');
    expect(far.errors![0]!.message).not.toContain('Did you mean');
    // and "Turkey" itself is now an alias
    const ok = await execute('{ articles(where: { countries: ["Turkey"] }) { totalCount } }');
    expect(ok.errors).toBeUndefined();
  });

  it('brings the country aliases of a database seeded earlier in line with the seeds', async () => {
    const { seedCountries } = await import('../src/ingest/seed.ts');
    await test.db.run(sql`DELETE FROM aliases WHERE alias = 'turkey'`);
    await test.db.run(sql`INSERT INTO aliases (alias, entity_id, text, type) SELECT 'island', id, 'Island', 'alternative' FROM entities WHERE slug = 'iceland'`);
    await seedCountries(test.db);
    const rows = await test.db.all<{ alias: string; slug: string }>(sql`
      SELECT a.alias AS alias, e.slug AS slug FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.alias IN ('turkey', 'island')`);
    expect(rows).toEqual([{ alias: 'turkey', slug: 'turkiye' }]);
  });
});
