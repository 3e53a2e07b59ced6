/**
 * `npm run corpus -- --articles N --seed S --out file.jsonl [--nk-rate 0.02]`: a deterministic
 * synthetic news corpus in JSON Lines (the format `npm run ingest` reads), plus a sidecar
 * `file.jsonl.meta.json` with what a checker needs, above all how many articles mention North
 * Korea together with "sanctions".
 *
 * - Same seed and N, same bytes (the meta file carries the SHA-256). Each article has its own
 *   PRNG stream derived from (seed, index), so the first 10k articles of a 100k corpus are the 10k
 *   corpus.
 * - Bodies of 300 to 1,200 words in paragraphs; words drawn from a Zipf distribution over real
 *   function and news words followed by generated pseudo-words.
 * - Countries from the gazetteer seeds (`countrySeeds()`: all 250), written as names, capitals,
 *   demonyms and curated short forms ("DPRK", "Britain"); people from a generated population,
 *   introduced in full ("Foreign Minister Anna Kowalski") and then by "Ms. Kowalski" or
 *   "Kowalski"; a few well-known organisations. Countries, people, sources and words are all
 *   Zipf-skewed.
 * - publishedAt spread over 2019–2025, unique urls, a source from a short list.
 * - Exactly the articles flagged "nk-sanctions" (a Bernoulli draw per article at --nk-rate)
 *   mention North Korea and a word of the "sanction" family; other articles that talk about
 *   sanctions never mention North Korea, and no other article uses the word. So the README's
 *   query `articles(where: { countries: ["North Korea"], text: "sanctions" })` must count exactly
 *   `expected.northKoreaSanctions` of them.
 *
 * Streams to disk through a write stream with backpressure; 100k articles take well under a minute.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { countrySeeds } from '../src/db/countries.ts';
import { normalizeAlias } from '../src/db/normalize.ts';

/** Bump when the output for a given seed changes, so caches keyed on it are rebuilt. */
export const corpusVersion = 1;
/** Every corpus url starts with this (a reserved .example domain), so corpus articles can be told from others. */
export const corpusUrlPrefix = 'https://corpus.newsgraph.example/';

// ---------------------------------------------------------------------------------------------
// Randomness

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counter, from PractRand): 128 bits of state, passes
 * PractRand and BigCrush, a few lines of 32-bit integer arithmetic. Written here rather than taken
 * from a package so the corpus for a seed can never change under us with a dependency's version
 * (no seeded PRNG is a direct dependency of this project).
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeded through splitmix32 so that nearby seeds (1, 2, 3 …) give unrelated streams. */
  constructor(...seeds: number[]) {
    let h = 0x9e3779b9;
    const mix = (x: number) => {
      h = (h + (x | 0) + 0x9e3779b9) | 0;
      let z = h;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    for (const s of seeds) mix(s);
    this.a = mix(1);
    this.b = mix(2);
    this.c = mix(3);
    this.d = mix(4);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/** Samples ranks 0..n-1 with P(rank k) ∝ 1 / (k + 1)^s: the cumulative table and a binary search. */
export class Zipf {
  private readonly cdf: Float64Array;

  constructor(n: number, s: number) {
    this.cdf = new Float64Array(n);
    let total = 0;
    for (let k = 0; k < n; k++) this.cdf[k] = total += 1 / (k + 1) ** s;
    for (let k = 0; k < n; k++) this.cdf[k]! /= total;
  }

  sample(rng: Rng): number {
    const u = rng.next();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// ---------------------------------------------------------------------------------------------
// Word lists (written by hand)

/** The head of the vocabulary, roughly in English news frequency order; generated pseudo-words follow. */
const commonWords = `the of to and a in that for on is said was with he it as at by from his be have has an are were but not
this will they had which their would its been after who also more new than one two year government people told over could
last officials we up about out into when there against other some first what so week can all while since including under
between time she her years before many three no may country president minister talks military security deal police economy
trade election report state national forces leaders foreign public former office percent our because month during just
most only where any such them these even would made back both through those them then very well should being around four
per part agreement plan support war border aid market growth prices oil vote court law party power region capital prime
billion million spokesman statement meeting visit ministry defence defense health money group companies company bank
officials rights attack troops peace crisis policy pressure economic political international countries nations missile
nuclear programme program weapons energy gas exports imports budget tax workers industry investors central city local
administration council committee members leader parliament opposition protest protests campaign reform reforms conflict
ceasefire negotiations summit allies relations diplomatic diplomats envoy ambassador embassy decision measures response
warned announced called added according expected reported agreed confirmed denied rejected signed accused urged raised
further higher lower strong weak major key senior official recent early late long short high low large small next`
  .split(/\s+/)
  .filter((w, i, all) => w && all.indexOf(w) === i);

const onsets = ['b', 'br', 'c', 'ch', 'cl', 'd', 'dr', 'f', 'fl', 'g', 'gr', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'pl', 'pr', 'qu', 'r', 's', 'sh', 'st', 't', 'th', 'tr', 'v', 'w', 'z'];
const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'io'];
const codas = ['', '', '', 'n', 'r', 's', 'l', 'm', 'nt', 'st', 'ck', 'rd', 'ng'];

/** First names the extractor's lexicon knows, with the honorific their bearer gets. */
const firstNames: [string, 'Mr.' | 'Ms.'][] = [
  ...'James John Robert Michael David William Richard Joseph Thomas Charles Daniel Matthew Anthony Mark Paul Steven Andrew Peter George Edward Samuel Benjamin Lucas Mateo Carlos Miguel Jose Juan Luis Pedro Antonio Marco Giovanni Luca Pierre Francois Louis Hans Klaus Stefan Piotr Ivan Sergei Dmitri Alexei Mikhail Igor Andrei Viktor Yuri Ahmed Mohammed Ali Omar Hassan Karim Youssef Ibrahim Mustafa Rahul Arjun Amit'
    .split(' ')
    .map((n) => [n, 'Mr.'] as [string, 'Mr.']),
  ...'Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Margaret Emily Emma Olivia Sophia Anna Maria Elena Laura Isabel Carmen Lucia Marie Claire Sophie Ingrid Greta Natalia Olga Irina Tatiana Fatima Aisha Leila Yasmin Sunita Zainab Grace Helen Julia Rachel Rebecca Hannah Alice Catherine Diana'
    .split(' ')
    .map((n) => [n, 'Ms.'] as [string, 'Ms.']),
];

const surnames = `Smith Johnson Williams Jones Miller Davis Wilson Anderson Moore Jackson Thompson Harris Clark Lewis Robinson Walker
Wright Adams Carter Roberts Turner Phillips Campbell Parker Evans Edwards Collins Morris Rogers Murphy Bailey Cooper Richardson
Peterson Watson Brooks Sanders Bennett Barnes Henderson Coleman Jenkins Powell Patterson Hughes Flores Simmons Gonzales Bryant
Hayes Myers Sullivan Owens Reynolds Fisher Gibson Cruz Ortiz Gomez Murray Freeman Webb Stevens Crawford Morales Kennedy Dixon
Ramos Reyes Holmes Robertson Daniels Nichols Hawkins Dunn Perkins Gardner Stephens Matthews Wagner Olson Cunningham Andrews Ruiz
Harper Armstrong Chavez Peters Lawson Rivera Garcia Martinez Rodriguez Hernandez Lopez Gonzalez Perez Sanchez Romero Fernandez
Muller Schmidt Schneider Fischer Weber Meyer Becker Schulz Hoffmann Dubois Moreau Lefebvre Rossi Russo Ferrari Esposito Bianchi
Romano Ivanov Petrov Smirnov Kuznetsov Popov Sokolov Volkov Novak Kowalski Nowak Wisniewski Jensen Nielsen Hansen Larsen
Andersen Johansson Karlsson Nilsson Okafor Adeyemi Mensah Owusu Diallo Traore Kamau Otieno Haddad Khalil Nasser Mansour Rahman
Hussain Sharma Patel Singh Kumar Tanaka Suzuki Watanabe Yamamoto Nakamura Kobayashi Sato Moreno Castillo Vargas Mendoza Silva
Santos Oliveira Costa Pereira Almeida Carvalho Ferreira Kovacs Horvath Nagy Szabo Dimitrov Georgiev Popescu Ionescu Yilmaz Demir
Kaya Celik Sahin Ozturk Aydin Arslan Novotny Dvorak Svoboda Lindqvist Bergstrom Virtanen Korhonen Makinen Murphy Gallagher
Brennan Fitzgerald Byrne Doyle Quinn Nolan Whelan Donnelly Kavanagh Moran Bauer Richter Neumann Schwarz Zimmermann Wolf Kruger`
  .split(/\s+/)
  .filter((w, i, all) => w && all.indexOf(w) === i);

/** Titles before a first mention; the extractor strips them and reads the rest as a person. */
const titles = ['President', 'Prime Minister', 'Foreign Minister', 'Defence Minister', 'Finance Minister', 'Senator', 'General', 'Governor', 'Ambassador', 'Dr.'];
/** Lower-case cue words before a full name ("analyst Anna Kowalski"). */
const cues = ['spokesman', 'spokeswoman', 'analyst', 'economist', 'official', 'lawmaker', 'minister', 'envoy', 'diplomat', 'adviser'];
const organizations = ['the United Nations', 'NATO', 'the European Union', 'the World Bank', 'the IMF', 'the Security Council', 'the African Union', 'ASEAN', 'the IAEA', 'the WTO', 'OPEC', 'the G20'];
const sources = ['Reuters', 'Associated Press', 'AFP', 'BBC News', 'Al Jazeera', 'The Guardian', 'Yonhap', 'Deutsche Welle', 'NHK World', 'NPR', 'Kyodo', 'Euronews'];

/** Countries news mentions most, leading the Zipf ranking (ISO alpha-2); the rest follow in a seeded order. */
const newsworthy = 'US CN RU GB UA FR DE IN JP IL IR KP KR TR SA PK AF SY IQ BR CA AU MX IT ES EG ZA NG TW PS'.split(' ');

/** The "sanction" family: the only words whose Porter stem is "sanction"; used in nothing but flagged and sanctions articles. */
const sanctionPhrases = ['sanctions', 'new sanctions', 'sanctions on', 'the sanctions regime', 'tougher sanctions', 'sanctioned', 'sanctions relief', 'sanction'];

/** Curated surface forms we use beside names, capitals and demonyms (all seeded aliases of their country). */
const shortForms: Record<string, string[]> = { KP: ['DPRK'], GB: ['Britain', 'U.K.'], US: ['America', 'White House'], CD: ['DRC'], AE: ['UAE'], RU: ['Kremlin'] };

// ---------------------------------------------------------------------------------------------
// The world an article is drawn from

interface Country {
  code: string;
  name: string;
  nouns: string[];
  capitals: string[];
  demonyms: string[];
}

interface Person {
  first: string;
  last: string;
  honorific: 'Mr.' | 'Ms.';
}

interface World {
  vocabulary: string[];
  words: Zipf;
  countries: Country[];
  countryRanks: Zipf;
  northKorea: number;
  people: Person[];
  peopleRanks: Zipf;
  organizationRanks: Zipf;
  sourceRanks: Zipf;
}

const latinWord = /^[A-Za-z][A-Za-z .'-]*$/;

function buildWorld(seed: number): World {
  const rng = new Rng(seed, 0x5eed);
  const seeds = countrySeeds();
  const taken = new Set(seeds.flatMap((c) => c.aliases.map((a) => normalizeAlias(a.text))));

  const vocabulary = [...commonWords];
  const seen = new Set(vocabulary);
  const pseudoWords = 30_000;
  while (vocabulary.length < commonWords.length + pseudoWords) {
    let word = '';
    for (let s = rng.int(1, 3); s > 0; s--) word += rng.pick(onsets) + rng.pick(vowels);
    word += rng.pick(codas);
    if (word.length < 4 || seen.has(word) || taken.has(word) || word.startsWith('sanction')) continue;
    seen.add(word);
    vocabulary.push(word);
  }

  const byCode = new Map(seeds.map((c) => [c.code, c]));
  const rest = rng.shuffle(seeds.map((c) => c.code).filter((code) => !newsworthy.includes(code)));
  const countries = [...newsworthy, ...rest].map((code): Country => {
    const c = byCode.get(code)!;
    const of = (type: string) => c.aliases.filter((a) => a.type === type && latinWord.test(a.text)).map((a) => a.text);
    return { code, name: c.name, nouns: [c.name, ...(shortForms[code] ?? [])], capitals: of('capital'), demonyms: of('demonym') };
  });

  const people: Person[] = [];
  const names = new Set<string>();
  // A fixed population, whatever the corpus size: larger corpora reach further into its Zipf tail,
  // and the first N articles of a larger corpus are the N-article corpus.
  const population = 10_000;
  const usableSurnames = surnames.filter((s) => !taken.has(normalizeAlias(s)));
  for (let tries = 0; people.length < population && tries < population * 20; tries++) {
    const [first, honorific] = rng.pick(firstNames);
    const last = rng.pick(usableSurnames);
    if (names.has(`${first} ${last}`)) continue;
    names.add(`${first} ${last}`);
    people.push({ first, last, honorific });
  }

  return {
    vocabulary,
    words: new Zipf(vocabulary.length, 1.0),
    countries,
    countryRanks: new Zipf(countries.length, 1.1),
    northKorea: countries.findIndex((c) => c.code === 'KP'),
    people,
    peopleRanks: new Zipf(people.length, 1.05),
    organizationRanks: new Zipf(organizations.length, 1.2),
    sourceRanks: new Zipf(sources.length, 0.8),
  };
}

// ---------------------------------------------------------------------------------------------
// One article

export type ArticleKind = 'nk-sanctions' | 'sanctions' | 'plain';

export interface CorpusArticle {
  url: string;
  title: string;
  body: string;
  publishedAt: string;
  source: string;
}

/** What goes into a sentence besides ordinary words. */
type Slot = { type: 'country'; country: number; name?: boolean } | { type: 'person'; person: number } | { type: 'org' } | { type: 'sanction' };

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const from = new Date('2019-01-01T00:00:00Z').getTime();
const to = new Date('2026-01-01T00:00:00Z').getTime();

function countryPhrase(rng: Rng, c: Country, forceName: boolean): string {
  const r = rng.next();
  if (forceName || r < 0.6 || (r < 0.8 && !c.capitals.length) || (r >= 0.8 && !c.demonyms.length)) {
    const noun = forceName ? c.name : rng.chance(0.9) ? c.name : rng.pick(c.nouns);
    return rng.pick([`in ${noun}`, `with ${noun}`, `from ${noun}`, `against ${noun}`, `by ${noun}`, `${noun} said`, `${noun} and`, `to ${noun}`]);
  }
  if (r < 0.8) {
    const capital = rng.pick(c.capitals);
    return rng.pick([`in ${capital}`, `officials in ${capital}`, `${capital} said`, `from ${capital}`]);
  }
  const demonym = rng.pick(c.demonyms);
  return rng.pick([`the ${demonym} government`, `${demonym} officials`, `${demonym} forces`, `a ${demonym} delegation`, `the ${demonym} side`]);
}

function personPhrase(rng: Rng, p: Person, introduced: boolean): string {
  if (!introduced) {
    const r = rng.next();
    if (r < 0.45) return `${rng.pick(titles)} ${p.first} ${p.last}`;
    if (r < 0.75) return `the ${rng.pick(cues)} ${p.first} ${p.last}`;
    return `${p.first} ${p.last}`;
  }
  return rng.chance(0.55) ? `${p.honorific} ${p.last}` : p.last;
}

/** One article: its own PRNG stream from (seed, index), so article i is the same in every corpus size. */
export function generateArticle(world: World, seed: number, index: number, nkRate: number, sanctionsRate: number): { article: CorpusArticle; kind: ArticleKind; mentionsNorthKorea: boolean } {
  const rng = new Rng(seed, index, 0xa271c1e);
  const draw = rng.next();
  const kind: ArticleKind = draw < nkRate ? 'nk-sanctions' : draw < nkRate + sanctionsRate ? 'sanctions' : 'plain';
  const excluded = kind === 'sanctions' ? world.northKorea : -1;

  // Entities: a lead country, a few others, a few people; each with a number of mentions.
  const countries: number[] = kind === 'nk-sanctions' ? [world.northKorea] : [];
  const wantCountries = rng.int(1, 3) + (rng.chance(0.4) ? rng.int(1, 3) : 0);
  for (let tries = 0; countries.length < wantCountries && tries < 50; tries++) {
    const c = world.countryRanks.sample(rng);
    if (c !== excluded && !countries.includes(c)) countries.push(c);
  }
  const people: number[] = [];
  const wantPeople = rng.pick([0, 1, 1, 2, 2, 3, 3, 4, 5]);
  for (let tries = 0; people.length < wantPeople && tries < 50; tries++) {
    const p = world.peopleRanks.sample(rng);
    if (!people.includes(p)) people.push(p);
  }

  const slots: Slot[] = [];
  countries.forEach((country, i) => {
    const mentions = i === 0 ? rng.int(2, 6) : rng.int(1, 3);
    for (let m = 0; m < mentions; m++) slots.push({ type: 'country', country, name: kind === 'nk-sanctions' && i === 0 && m === 0 });
  });
  for (const person of people) for (let m = rng.int(1, 5); m > 0; m--) slots.push({ type: 'person', person });
  for (let m = rng.chance(0.3) ? rng.int(1, 2) : 0; m > 0; m--) slots.push({ type: 'org' });
  if (kind !== 'plain') for (let m = rng.int(1, 4); m > 0; m--) slots.push({ type: 'sanction' });

  // Sentences of Zipf words with the slots spread over them; a person's first mention in text order is in full.
  const targetWords = 300 + Math.floor(900 * rng.next() ** 1.6);
  const sentenceLengths: number[] = [];
  for (let total = 0; total < targetWords - 8; ) {
    const length = Math.min(rng.int(10, 30), targetWords - total);
    sentenceLengths.push(length);
    total += length;
  }
  const slotsBySentence: Slot[][] = sentenceLengths.map(() => []);
  // The lead country and the first person appear early, as a news lead does.
  slots.forEach((slot, i) => {
    const early = i === 0 || (slot.type === 'person' && slots.findIndex((s) => s.type === 'person') === i);
    const sentence = early ? rng.int(0, Math.min(1, sentenceLengths.length - 1)) : rng.int(0, sentenceLengths.length - 1);
    slotsBySentence[sentence]!.push(slot);
  });

  const introduced = new Set<number>();
  const paragraphs: string[] = [];
  let paragraph: string[] = [];
  let paragraphLength = rng.int(2, 5);
  for (const [s, length] of sentenceLengths.entries()) {
    const tokens: string[] = [];
    for (let w = 0; w < length; w++) tokens.push(world.vocabulary[world.words.sample(rng)]!);
    // Where each phrase goes: position 0, or 2 and later, never right after the capitalised first
    // word (it would run into a name: "Velora John Smith") nor next to another phrase.
    const taken: number[] = [];
    const inserts: { at: number; phrase: string }[] = [];
    for (const slot of slotsBySentence[s]!) {
      let phrase: string;
      if (slot.type === 'country') phrase = countryPhrase(rng, world.countries[slot.country]!, slot.name ?? false);
      else if (slot.type === 'person') {
        phrase = personPhrase(rng, world.people[slot.person]!, introduced.has(slot.person));
        introduced.add(slot.person);
      } else if (slot.type === 'org') phrase = organizations[world.organizationRanks.sample(rng)]!;
      else phrase = rng.pick(sanctionPhrases);
      let at = -1;
      for (let tries = 0; tries < 8 && at < 0; tries++) {
        const candidate = rng.chance(0.15) ? 0 : rng.int(2, length);
        if (taken.every((t) => Math.abs(t - candidate) >= 2)) at = candidate;
      }
      if (at < 0) at = length + 2 * inserts.length + 1; // past the end, after a word of its own
      taken.push(at);
      inserts.push({ at, phrase });
    }
    // Highest position first, so earlier positions still index the original words.
    for (const { at, phrase } of inserts.sort((a, b) => b.at - a.at)) {
      if (at > tokens.length) tokens.push(world.vocabulary[world.words.sample(rng)]!, phrase);
      else tokens.splice(at, 0, phrase);
    }
    const text = tokens.join(' ');
    paragraph.push(`${capitalize(text)}.`);
    if (paragraph.length >= paragraphLength) {
      paragraphs.push(paragraph.join(' '));
      paragraph = [];
      paragraphLength = rng.int(2, 5);
    }
  }
  if (paragraph.length) paragraphs.push(paragraph.join(' '));

  const lead = world.countries[countries[0]!]!;
  const headWords: string[] = [];
  for (let w = rng.int(5, 10); w > 0; w--) headWords.push(world.vocabulary[world.words.sample(rng)]!);
  if (kind !== 'plain' && rng.chance(0.5)) headWords.splice(rng.int(1, headWords.length - 1), 0, 'sanctions');
  const subject = people.length && rng.chance(0.3) ? world.people[people[0]!]!.last : lead.name;
  const title = `${subject} ${headWords.join(' ')}`;

  const published = new Date(from + Math.floor(rng.next() * (to - from)));
  published.setUTCMilliseconds(0);
  const source = sources[world.sourceRanks.sample(rng)]!;
  const day = published.toISOString().slice(0, 10).replaceAll('-', '/');
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  return {
    article: {
      url: `${corpusUrlPrefix}${day}/${index + 1}-${slug}`,
      title,
      body: paragraphs.join('\n\n'),
      publishedAt: published.toISOString().replace('.000Z', 'Z'),
      source,
    },
    kind,
    mentionsNorthKorea: countries.includes(world.northKorea),
  };
}

// ---------------------------------------------------------------------------------------------
// The corpus

export interface CorpusOptions {
  articles: number;
  seed: number;
  out: string;
  /** Share of articles that mention North Korea together with "sanctions". */
  nkRate?: number;
  /** Share of articles about sanctions on other countries (never mentioning North Korea). */
  sanctionsRate?: number;
}

export interface CorpusMeta {
  generator: string;
  version: number;
  articles: number;
  seed: number;
  nkRate: number;
  sanctionsRate: number;
  urlPrefix: string;
  bytes: number;
  sha256: string;
  words: number;
  people: number;
  vocabulary: number;
  publishedFrom: string;
  publishedTo: string;
  expected: {
    /** articles(where: { countries: ["North Korea"], text: "sanctions" }) { totalCount } over this corpus alone. */
    northKoreaSanctions: number;
    /** Articles with a "sanction" word (North Korea or elsewhere). */
    sanctions: number;
    /** Articles the generator made mention North Korea (by any of its names). */
    northKorea: number;
  };
}

export async function generateCorpus(options: CorpusOptions): Promise<CorpusMeta> {
  const nkRate = options.nkRate ?? 0.02;
  const sanctionsRate = options.sanctionsRate ?? 0.03;
  const world = buildWorld(options.seed);
  const out = resolve(options.out);
  await mkdir(dirname(out), { recursive: true });
  // Written under a temporary name and renamed at the end: a cut-short run leaves no corpus that looks whole.
  const partial = `${out}.partial`;
  const stream = createWriteStream(partial);
  const hash = createHash('sha256');
  const expected = { northKoreaSanctions: 0, sanctions: 0, northKorea: 0 };
  let bytes = 0;
  let words = 0;
  let chunk = '';
  const flush = async () => {
    if (!chunk) return;
    const buffer = Buffer.from(chunk);
    chunk = '';
    hash.update(buffer);
    bytes += buffer.length;
    if (!stream.write(buffer)) await once(stream, 'drain');
  };
  for (let i = 0; i < options.articles; i++) {
    const { article, kind, mentionsNorthKorea } = generateArticle(world, options.seed, i, nkRate, sanctionsRate);
    if (kind === 'nk-sanctions') expected.northKoreaSanctions++;
    if (kind !== 'plain') expected.sanctions++;
    if (mentionsNorthKorea) expected.northKorea++;
    words += article.body.split(/\s+/).length;
    chunk += `${JSON.stringify(article)}\n`;
    if (chunk.length > 1 << 20) await flush();
  }
  await flush();
  stream.end();
  await once(stream, 'finish');
  await rename(partial, out);
  const meta: CorpusMeta = {
    generator: 'scripts/corpus.ts',
    version: corpusVersion,
    articles: options.articles,
    seed: options.seed,
    nkRate,
    sanctionsRate,
    urlPrefix: corpusUrlPrefix,
    bytes,
    sha256: hash.digest('hex'),
    words,
    people: world.people.length,
    vocabulary: world.vocabulary.length,
    publishedFrom: new Date(from).toISOString(),
    publishedTo: new Date(to).toISOString(),
    expected,
  };
  await writeFile(`${out}.meta.json`, `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

// ---------------------------------------------------------------------------------------------
// CLI

const usage = `Usage: npm run corpus -- --articles N --seed S --out file.jsonl [--nk-rate 0.02] [--sanctions-rate 0.03]`;

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        articles: { type: 'string', default: '10000' },
        seed: { type: 'string', default: '1' },
        out: { type: 'string' },
        'nk-rate': { type: 'string', default: '0.02' },
        'sanctions-rate': { type: 'string', default: '0.03' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  const articles = Number(values.articles);
  const seed = Number(values.seed);
  const nkRate = Number(values['nk-rate']);
  const sanctionsRate = Number(values['sanctions-rate']);
  if (!values.out || !Number.isInteger(articles) || articles < 1 || !Number.isInteger(seed) || !(nkRate >= 0 && sanctionsRate >= 0 && nkRate + sanctionsRate <= 1)) {
    console.error(usage);
    process.exit(2);
  }
  const started = performance.now();
  const meta = await generateCorpus({ articles, seed, out: values.out, nkRate, sanctionsRate });
  const seconds = (performance.now() - started) / 1000;
  console.log(`Wrote ${articles} articles (${(meta.bytes / 2 ** 20).toFixed(1)} MiB, ${Math.round(meta.words / articles)} words on average) to ${values.out} in ${seconds.toFixed(1)} s.`);
  console.log(`Expected: articles(where: { countries: ["North Korea"], text: "sanctions" }) { totalCount } = ${meta.expected.northKoreaSanctions} (corpus articles only; a seeded database adds its sample articles).`);
  console.log(`Details: ${values.out}.meta.json`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
