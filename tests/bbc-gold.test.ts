import worldCountries from 'world-countries';
import { describe, expect, it } from 'vitest';
import { kinds, loadGold, nameKeys, perCategory, scoreDocument, selectedIndex, totals, type GoldArticle, type SystemEntity } from '../scripts/bbc-gold.ts';

// The BBC gold set (tests/fixtures/bbc-gold.json) and its scoring; the corpus itself is only
// needed by `npm run eval:bbc`.

const article = (over: Partial<GoldArticle>): GoldArticle => ({ id: 'bbc-politics-001', title: 't', split: 'dev', people: [], organizations: [], countries: [], ...over });
const person = (name: string): SystemEntity => ({ kind: 'person', name, code: null, surfaces: [name] });
const org = (name: string): SystemEntity => ({ kind: 'organization', name, code: null, surfaces: [name] });
const country = (name: string, code: string): SystemEntity => ({ kind: 'country', name, code, surfaces: [name] });

describe('scoreDocument', () => {
  const gold = article({
    people: [
      { name: 'Tony Blair', aliases: ['Mr Blair'] },
      { name: 'J. K. Rowling', aliases: [] },
      { name: 'Michael Howard', aliases: [] },
    ],
    organizations: [
      { name: 'Securities and Exchange Commission', aliases: ['SEC'] },
      { name: 'Labour Party', aliases: ['Labour'] },
    ],
    countries: [
      { code: 'GB', aliases: ['Britain'] },
      { code: 'KP', aliases: ['North Korean'] },
    ],
  });

  it('matches by canonical name, alias (titles dropped), spacing of initials and ISO code', () => {
    const score = scoreDocument(gold, [person('Blair'), person('JK Rowling'), org('Labour'), country('United Kingdom', 'GB'), country('North Korea', 'KP')]);
    expect(score.counts.person).toEqual({ truePositives: 2, system: 2, gold: 3, found: 2 });
    expect(score.counts.organization).toEqual({ truePositives: 1, system: 1, gold: 2, found: 1 });
    expect(score.counts.country).toEqual({ truePositives: 2, system: 2, gold: 2, found: 2 });
    expect(score.errors).toEqual([
      { kind: 'person', error: 'false negative', name: 'Michael Howard', detail: [] },
      { kind: 'organization', error: 'false negative', name: 'Securities and Exchange Commission', detail: ['SEC'] },
    ]);
  });

  it('counts a second entity for one gold entity as a duplicate, and wrong kinds and codes as false positives', () => {
    const score = scoreDocument(gold, [
      org('SEC'),
      org('Securities and Exchange Commission'),
      person('Labour Party'),
      country('Japan', 'JP'),
      country('Britain', 'GB'),
    ]);
    // The canonical name wins the gold entity; the acronym is the duplicate.
    expect(score.errors).toContainEqual({ kind: 'organization', error: 'duplicate', name: 'SEC', detail: ['SEC'], duplicateOf: 'Securities and Exchange Commission' });
    expect(score.errors).toContainEqual({ kind: 'person', error: 'false positive', name: 'Labour Party', detail: ['Labour Party'] });
    expect(score.errors).toContainEqual({ kind: 'country', error: 'false positive', name: 'Japan', detail: ['Japan'] });
    expect(score.counts.organization).toEqual({ truePositives: 1, system: 2, gold: 2, found: 1 });
    expect(score.counts.person).toEqual({ truePositives: 0, system: 1, gold: 3, found: 0 });
    expect(score.counts.country).toEqual({ truePositives: 1, system: 2, gold: 2, found: 1 });
  });

  it('micro-averages precision and recall over documents', () => {
    const first = scoreDocument(gold, [person('Tony Blair'), person('Theresa May'), country('UK', 'GB')]);
    const second = scoreDocument(article({ id: 'bbc-sport-001', people: [{ name: 'Wayne Rooney', aliases: [] }] }), [person('Wayne Rooney')]);
    const t = totals([first, second]);
    // people: 2 of 3 linked are right; 2 of 4 gold found
    expect(t.person.precision).toBeCloseTo(2 / 3);
    expect(t.person.recall).toBeCloseTo(2 / 4);
    expect(t.person.f1).toBeCloseTo((2 * (2 / 3) * 0.5) / (2 / 3 + 0.5));
    expect(t.country).toMatchObject({ precision: 1, recall: 0.5 });
    // nothing linked and nothing to find: perfect, not NaN
    expect(totals([second]).organization).toMatchObject({ precision: 1, recall: 1, system: 0, gold: 0 });
  });

  it('keys drop titles but keep the name', () => {
    expect(nameKeys('Mr Blair')).toContain('blair');
    expect(nameKeys('Lord Justice May')).toContain('may');
    expect(nameKeys('The Spectator')).toContain('spectator');
    expect(nameKeys('Mr')).toEqual(['mr']);
  });
});

describe('tests/fixtures/bbc-gold.json', () => {
  const gold = loadGold();
  const codes = new Set(worldCountries.map((c) => c.cca2));

  it('has at least 30 articles, unique ids, over every category', () => {
    expect(gold.articles.length).toBeGreaterThanOrEqual(30);
    const ids = gold.articles.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    const categories = new Set(ids.map((id) => id.split('-')[1]));
    expect([...categories].sort()).toEqual(Object.keys(gold.categorySizes).sort());
  });

  it('takes exactly the articles the selection rule names, with the documented split', () => {
    for (const a of gold.articles) {
      const m = /^bbc-([a-z]+)-(\d{3})$/.exec(a.id);
      expect(m, a.id).not.toBeNull();
      const n = gold.categorySizes[m![1]!]!;
      const j = Array.from({ length: perCategory }, (_, j) => j).find((j) => selectedIndex(n, j) === Number(m![2]) - 1);
      expect(j, `${a.id} is not picked by the rule`).toBeDefined();
      expect(a.split, a.id).toBe(j! % 2 === 0 ? 'dev' : 'test');
    }
  });

  it('has well-formed entities: names, alias lists, real ISO codes, no entity twice', () => {
    for (const a of gold.articles) {
      expect(a.title.trim(), a.id).not.toBe('');
      for (const key of ['people', 'organizations', 'countries'] as const) expect(Array.isArray(a[key]), `${a.id} ${key}`).toBe(true);
      for (const c of a.countries) {
        expect(codes.has(c.code), `${a.id}: ${c.code} is no ISO 3166-1 alpha-2 code`).toBe(true);
        expect(Array.isArray(c.aliases)).toBe(true);
      }
      expect(new Set(a.countries.map((c) => c.code)).size, a.id).toBe(a.countries.length);
      for (const names of [a.people, a.organizations]) {
        for (const e of names) {
          expect(e.name.trim(), a.id).not.toBe('');
          expect(Array.isArray(e.aliases) && e.aliases.every((x) => typeof x === 'string' && x.trim()), `${a.id} ${e.name}`).toBe(true);
        }
        // Two entities of one kind must not share a key, or a match would be ambiguous.
        const owner = new Map<string, string>();
        for (const e of names) {
          for (const key of new Set([e.name, ...e.aliases].flatMap(nameKeys))) {
            expect(owner.get(key) ?? e.name, `${a.id}: "${key}" names both ${owner.get(key)} and ${e.name}`).toBe(e.name);
            owner.set(key, e.name);
          }
        }
      }
    }
  });

  it('scores itself perfectly', () => {
    const self = gold.articles.map((a) =>
      scoreDocument(a, [
        ...a.people.map((p) => person(p.name)),
        ...a.organizations.map((o) => org(o.name)),
        ...a.countries.map((c) => country(c.code, c.code)),
      ]),
    );
    const t = totals(self);
    for (const kind of kinds) expect(t[kind]).toMatchObject({ precision: 1, recall: 1 });
  });
});
