import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractMentions, type Extraction } from '../src/ingest/extract.ts';
import { countryCode } from '../src/db/countries.ts';
import { staticGazetteer } from '../src/ingest/static-gazetteer.ts';

// The seed article (copied from ../shared/seed/article.txt so the test runs without it).
// Expected values below were counted by reading the text, not by running the extractor.
const raw = readFileSync(new URL('./fixtures/seed-article.txt', import.meta.url), 'utf8');
const x: Extraction = extractMentions(raw, staticGazetteer());

const mentionsOf = (kind: string, slug: string) => x.mentions.filter((m) => m.kind === kind && m.slug === slug);
const entitiesOf = (kind: string) => x.entities.filter((e) => e.kind === kind);

describe('seed article', () => {
  it('drops the link lines and keeps the line structure', () => {
    expect(x.text).not.toMatch(/Read More|Also Read/i);
    expect(x.text).not.toContain('Expelled Six British Diplomats');
    expect(x.text).toContain('\nRelationship between Russia and North Korea\n');
    expect(x.text.split('\n')).toHaveLength(18); // 20 lines less the two links
    expect(x.text).not.toMatch(/[’“”]/);
  });

  it('finds the countries', () => {
    const codes = new Set(entitiesOf('country').map((e) => countryCode(e.slug)));
    for (const c of ['KP', 'RU', 'US', 'UA', 'ZW', 'KR']) expect(codes, c).toContain(c);
    // "British" (GB) and "China" (CN) occur only in the dropped "Read More" / "Also Read" lines
    expect(codes).not.toContain('GB');
    expect(codes).not.toContain('CN');
    // "Latin America" is not the United States; "Korean counterparts" is no particular Korea
    expect(mentionsOf('country', 'united-states').map((m) => m.surface)).toEqual(['United States', 'U.S.', 'US', 'US']);
    expect(new Set(codes)).toEqual(new Set(['KP', 'RU', 'US', 'UA', 'ZW', 'KR']));
  });

  it('links country aliases: demonyms, capitals, the Kremlin, possessives', () => {
    const ru = mentionsOf('country', 'russia').map((m) => m.surface);
    expect(ru.filter((s) => s === 'Moscow')).toHaveLength(3);
    expect(ru.filter((s) => s === 'Russian')).toHaveLength(4); // security official, news agencies, produce, limousine
    expect(ru.filter((s) => s === 'Kremlin')).toHaveLength(1);
    const kp = mentionsOf('country', 'north-korea').map((m) => m.surface);
    expect(kp.filter((s) => s === 'Pyongyang')).toHaveLength(3);
    expect(kp.filter((s) => s === 'North Korean')).toHaveLength(1);
    expect(kp.filter((s) => s === 'North Korea')).toHaveLength(16);
    expect(mentionsOf('country', 'south-korea').map((m) => m.surface)).toEqual(['South Korea']);
    expect(mentionsOf('country', 'zimbabwe')).toHaveLength(1);
    // Ukraine ×6 and "Ukrainian front line"
    expect(mentionsOf('country', 'ukraine').map((m) => m.surface).sort()).toEqual([...Array(6).fill('Ukraine'), 'Ukrainian']);
  });

  it('finds exactly the five people, each once', () => {
    expect(entitiesOf('person').map((e) => e.name).sort()).toEqual(['Kim Jong Il', 'Kim Jong Un', 'Sergei Markov', 'Sergei Shoigu', 'Vladimir Putin']);
    expect(entitiesOf('person').map((e) => e.slug).sort()).toEqual(['kim-jong-il', 'kim-jong-un', 'sergei-markov', 'sergei-shoigu', 'vladimir-putin']);
  });

  it('resolves short forms and titles to the full names', () => {
    // Putin: "President Vladimir Putin", then Putin ×6, "Mr. Putin" ×2, "President Putin" ×2 → 10
    const putin = mentionsOf('person', 'vladimir-putin').map((m) => m.surface);
    expect(putin).toHaveLength(10);
    expect(putin[0]).toBe('Vladimir Putin');
    expect(putin.slice(1).every((s) => s === 'Putin')).toBe(true);
    // Kim Jong Un: full name, "Kim" ×2, "Mr. Kim's father", "Mr. Kim" ×2 → 6
    const kim = mentionsOf('person', 'kim-jong-un').map((m) => m.surface);
    expect(kim).toEqual(['Kim Jong Un', 'Kim', 'Kim', 'Kim', 'Kim', 'Kim']);
    expect(mentionsOf('person', 'kim-jong-il').map((m) => m.surface)).toEqual(['Kim Jong Il']);
    expect(mentionsOf('person', 'sergei-shoigu').map((m) => m.surface)).toEqual(['Sergei Shoigu', 'Shoigu']);
    expect(mentionsOf('person', 'sergei-markov').map((m) => m.surface)).toEqual(['Sergei Markov', 'Markov']);
    // "Kim Jong Il, Mr. Kim's father": that Mr. Kim is Kim Jong Un
    const il = mentionsOf('person', 'kim-jong-il')[0]!;
    const next = x.mentions.find((m) => m.start > il.end)!;
    expect(next).toMatchObject({ slug: 'kim-jong-un', surface: 'Kim', sentence: il.sentence });
    const aliases = (slug: string) => x.entities.find((e) => e.slug === slug)!.aliases.map((a) => `${a.text}/${a.type}`);
    expect(aliases('vladimir-putin')).toEqual(['Putin/short']);
    expect(aliases('kim-jong-un')).toEqual(['Kim/short']);
    expect(aliases('sergei-shoigu')).toEqual(['Shoigu/short']);
  });

  it('takes news agencies and councils for organisations, not people', () => {
    const orgs = entitiesOf('organization').map((e) => e.name);
    expect(orgs).toContain('Bloomberg');
    expect(orgs.some((o) => /^RIA\b/.test(o))).toBe(true);
    expect(orgs).toContain('Security Council');
    expect(mentionsOf('organization', 'security-council')).toHaveLength(2);
    const people = entitiesOf('person').map((e) => e.name).join('|');
    expect(people).not.toMatch(/RIA|Bloomberg|Council|Read|Relationship|Arms|Western|Kremlin/);
  });

  it('makes no entity from a heading', () => {
    const headings = x.text.split('\n').filter((l) => !/[.!?"]$/.test(l));
    expect(headings).toEqual([
      'Relationship between Russia and North Korea',
      'Russia needs North Korea to sustain its conflict in Ukraine',
      'Russia finding ways around Western sanctions',
    ]);
    for (const h of headings) {
      const start = x.text.indexOf(h);
      const inside = x.mentions.filter((m) => m.start >= start && m.end <= start + h.length);
      expect(inside.every((m) => m.kind === 'country')).toBe(true);
    }
  });

  it('gives consistent offsets and sentence indexes', () => {
    let prev = -1;
    for (const m of x.mentions) {
      expect(m.surface).toBe(x.text.slice(m.start, m.end));
      const s = x.sentences[m.sentence]!;
      expect(s.start <= m.start && m.end <= s.end).toBe(true);
      expect(m.start).toBeGreaterThanOrEqual(prev);
      prev = m.end;
    }
    // 18 lines; lines 1, 2, 3, 4, 5, 6, 8, 9, 11, 12, 14, 15, 16 hold 2–4 sentences each
    expect(x.sentences).toHaveLength(35);
    expect(x.text.slice(x.sentences[2]!.start, x.sentences[2]!.end)).toMatch(/^The U\.S\. and its allies .* inside Russia\.$/);
    expect(x.entities.length).toBe(new Set(x.entities.map((e) => `${e.kind}|${e.slug}`)).size);
  });

  it('gives the same result on re-ingest, whatever was extracted before (extraction depends on the article alone)', () => {
    const g = staticGazetteer();
    const first = extractMentions(raw, g);
    extractMentions('Mr Kim and Mr Putin met Theresa May in May. Labour said Markov was wrong.', g);
    const again = extractMentions(raw, g);
    const key = (y: Extraction) => y.mentions.map((m) => `${m.kind}:${m.slug}:${m.start}-${m.end}`);
    expect(key(again)).toEqual(key(first));
    expect(again.entities.map((e) => `${e.kind}:${e.slug}`).sort()).toEqual(first.entities.map((e) => `${e.kind}:${e.slug}`).sort());
  });
});
