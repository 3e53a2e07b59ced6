import { describe, expect, it } from 'vitest';
import { cleanText } from '../src/ingest/clean.ts';
import { extractMentions, type Extraction } from '../src/ingest/extract.ts';
import { countryCode } from '../src/db/countries.ts';
import { staticGazetteer } from '../src/ingest/static-gazetteer.ts';
import { sentenceIndexAt, splitSentences } from '../src/ingest/sentences.ts';

const countries = staticGazetteer();
const run = (text: string) => extractMentions(text, countries);
const surfaces = (x: Extraction, kind?: string) => x.mentions.filter((m) => !kind || m.kind === kind).map((m) => m.surface);
const codes = (x: Extraction) => x.mentions.filter((m) => m.kind === 'country').map((m) => countryCode(m.slug));
const people = (x: Extraction) => x.entities.filter((e) => e.kind === 'person').map((e) => e.name);
const slugsOf = (x: Extraction, kind: string) => x.mentions.filter((m) => m.kind === kind).map((m) => m.slug);

function expectConsistent(x: Extraction) {
  for (const m of x.mentions) {
    expect(m.surface).toBe(x.text.slice(m.start, m.end));
    const s = x.sentences[m.sentence]!;
    expect(s.start <= m.start && m.end <= s.end).toBe(true);
  }
}

describe('cleanText', () => {
  it('normalises quotes and whitespace but keeps lines', () => {
    expect(cleanText('  Kim’s  “deal”\u00a0here \r\n\r\n\r\nHeading line\t \nNext.')).toBe('Kim\'s "deal" here\n\nHeading line\nNext.');
  });
  it('drops link lines', () => {
    const raw = 'First paragraph.\nRead More: Why Has Russia Expelled Six British Diplomats?\nALSO READ: x\nREAD MORE\nRelated: other story\nRelated stories\nSecond paragraph.';
    expect(cleanText(raw)).toBe('First paragraph.\nSecond paragraph.');
  });
  it('keeps ordinary lines that merely start with those words', () => {
    expect(cleanText('Related parties met on Friday.\nMore than 20 died.')).toBe('Related parties met on Friday.\nMore than 20 died.');
  });
});

describe('splitSentences', () => {
  const split = (t: string) => splitSentences(t).map((s) => t.slice(s.start, s.end));
  it('does not split after titles, initials or U.S.', () => {
    expect(split('Mr. Putin met Dr. Kim in St. Petersburg. The U.S. Army said George W. Bush agreed. Then it ended.')).toEqual([
      'Mr. Putin met Dr. Kim in St. Petersburg.',
      'The U.S. Army said George W. Bush agreed.',
      'Then it ended.',
    ]);
  });
  it('splits after U.S. when a sentence opener follows', () => {
    expect(split('Missiles could reach the U.S. The Kremlin denied it.')).toEqual(['Missiles could reach the U.S.', 'The Kremlin denied it.']);
  });
  it('treats every line, such as a heading, as its own sentence', () => {
    expect(split('First one. Second one?\nA Heading Without Punctuation\n"Quoted!" he said.')).toEqual([
      'First one.',
      'Second one?',
      'A Heading Without Punctuation',
      '"Quoted!" he said.',
    ]);
  });
  it('finds the sentence of an offset', () => {
    const t = 'One two. Three four.';
    const s = splitSentences(t);
    expect(sentenceIndexAt(s, 0)).toBe(0);
    expect(sentenceIndexAt(s, t.indexOf('Three'))).toBe(1);
    expect(sentenceIndexAt(s, t.indexOf(' Three'))).toBe(-1);
  });
});

describe('countries', () => {
  it('prefers the longest match', () => {
    const x = run('North Korea and South Korea met. South Korea’s envoy spoke; the Korean Peninsula is tense.');
    expect(surfaces(x, 'country')).toEqual(['North Korea', 'South Korea', 'South Korea']);
    expect(codes(x)).toEqual(['KP', 'KR', 'KR']);
    expectConsistent(x);
  });
  it('reads codes only as capitals and never common words', () => {
    expect(codes(run('Let us go to the US and the USA. The U.S. agreed.'))).toEqual(['US', 'US', 'US']);
    expect(codes(run('Come IN and sit. IT IS ME. AND NOR CAN WE.'))).toEqual([]);
    expect(codes(run('It was a US-led effort, backed by RUS and GBR.'))).toEqual(['US', 'RU', 'GB']);
  });
  it('links demonyms, capitals and curated metonyms', () => {
    expect(codes(run('The Kremlin said Russian troops and Moscow officials met North Korean envoys in Pyongyang.'))).toEqual([
      'RU',
      'RU',
      'RU',
      'KP',
      'KP',
    ]);
    expect(codes(run('British, French and Israeli officials met in Washington.'))).toEqual(['GB', 'FR', 'IL', 'US']);
  });
  it('does not take places that contain a country name for the country', () => {
    expect(codes(run('Trade from Latin America to New Mexico and the South China Sea grew.'))).toEqual([]);
  });
  it('does not link an ambiguous alias blindly', () => {
    // "Congolese" names both Congos; the article names neither
    expect(codes(run('Congolese troops crossed the border.'))).toEqual([]);
    // ...but resolves once the article names one of them
    expect(codes(run('Congolese troops crossed into the Republic of the Congo.'))).toEqual(['CG', 'CG']);
  });
  it('lets a person name win over a capital: George Washington', () => {
    const x = run('George Washington crossed the river. Washington later denied it.');
    expect(people(x)).toEqual(['George Washington']);
    expect(surfaces(x, 'person')[0]).toBe('George Washington');
  });
  it('keeps offsets on the cleaned text', () => {
    const x = run('  Read More: skip this\n“Russia’s” view,  said   Ukraine.');
    expect(x.text).toBe('"Russia\'s" view, said Ukraine.');
    expect(surfaces(x)).toEqual(['Russia', 'Ukraine']);
    expectConsistent(x);
  });
});

describe('people', () => {
  it('strips titles and possessives', () => {
    const x = run("President Vladimir Putin spoke. Prime Minister Fumio Kishida's aide and Dr. Jane Smith’s team listened.");
    expect(people(x)).toEqual(['Vladimir Putin', 'Fumio Kishida', 'Jane Smith']);
    expect(surfaces(x, 'person')).toEqual(['Vladimir Putin', 'Fumio Kishida', 'Jane Smith']);
    expectConsistent(x);
  });
  it('resolves short forms and titled short forms to the full name', () => {
    const x = run("Russian President Vladimir Putin arrived. Putin said little. Later Mr. Putin's aides spoke, and President Putin left.");
    expect(slugsOf(x, 'person')).toEqual(['vladimir-putin', 'vladimir-putin', 'vladimir-putin', 'vladimir-putin']);
    expect(x.entities.find((e) => e.slug === 'vladimir-putin')!.aliases).toEqual([{ text: 'Putin', type: 'short' }]);
    expect(codes(x)).toEqual(['RU']);
  });
  it('keeps Kim Jong Il apart from Kim Jong Un', () => {
    const x = run('Kim Jong Un met envoys. Mr. Kim smiled. His father Kim Jong Il ruled before him. Kim later left.');
    expect(people(x).sort()).toEqual(['Kim Jong Il', 'Kim Jong Un']);
    // the short form goes to the person named most often so far (Kim Jong Un: 2 vs 1)
    expect(slugsOf(x, 'person')).toEqual(['kim-jong-un', 'kim-jong-un', 'kim-jong-il', 'kim-jong-un']);
  });
  it('makes a titled surname a person when no full name is known', () => {
    const x = run('Mr. Smith declined to comment.');
    expect(x.entities).toEqual([{ kind: 'person', slug: 'smith', name: 'Smith', aliases: [] }]);
  });
  it('takes news agencies and blocs for organisations', () => {
    const x = run('Reuters and Xinhua reported, citing RIA and Bloomberg, that NATO and the UN objected.');
    expect(people(x)).toEqual([]);
    expect(x.entities.filter((e) => e.kind === 'organization').map((e) => e.name)).toEqual([
      'Reuters',
      'Xinhua',
      'RIA Novosti',
      'Bloomberg',
      'NATO',
      'United Nations',
    ]);
  });
  it('makes no person from a heading line', () => {
    const x = run('Why Western Sanctions Fail Again\nRussia finding ways around Western sanctions\nThe talks went on.');
    expect(people(x)).toEqual([]);
  });
});
