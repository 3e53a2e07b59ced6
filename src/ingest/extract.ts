import { normalizeAlias, slugify } from '../db/normalize.ts';
import type { AliasType, EntityKind } from '../db/schema.ts';
import { acronymOf } from './acronyms.ts';
import { cleanText } from './clean.ts';
import { preferSovereign, type Gazetteer, type GazetteerEntry, type GazetteerMatch } from './gazetteer.ts';
import { monthsAndDays, notNames, personTitles, surnameFirst, titleWords } from './lexicon.ts';
import { sentenceIndexAt, splitSentences, type SentenceSpan } from './sentences.ts';
import { defaultTagger, tagDocument, type TaggedSpan } from './tagger.ts';
import { isAllCaps, isCap, normToken, tokenize, type Token } from './tokens.ts';

/**
 * Entity extraction, the same on Node and in the Worker (no NLP library, no node:* imports).
 *
 * 1. A learned tagger (tagger.ts, trained on CoNLL-2003) finds the spans and their type: PER,
 *    ORG, LOC, MISC.
 * 2. The gazetteer (country aliases and curated organisations: static data only) links spans to
 *    known entities: a LOC, or a MISC demonym ("North Korean"), is a country only when the whole
 *    span is a country alias; an ORG or PER span that is a curated organisation's alias is that
 *    organisation ("Labour", "SEC"). Country aliases the tagger left untagged still link; those
 *    inside another name ("Japan Airlines", "US Open") do not.
 * 3. Within the article only: a person's short form ("Blair", "Mr Kim") links to a person named in
 *    full in the same article, and an acronym to the organisation whose full name it abbreviates
 *    ("SEC" = "Securities and Exchange Commission"). Nothing learned from one article is used for
 *    another: extraction is a pure function of the text and the static data.
 */

export interface ExtractedEntity {
  kind: EntityKind;
  slug: string;
  name: string;
  aliases: { text: string; type: AliasType }[];
}

export interface ExtractedMention {
  kind: EntityKind;
  slug: string;
  start: number;
  end: number;
  sentence: number;
  surface: string;
}

export interface Extraction {
  text: string;
  sentences: { start: number; end: number }[];
  entities: ExtractedEntity[];
  mentions: ExtractedMention[];
}

/** A span found but not linked to an entity: a non-country place (used by the evaluation only). */
export interface PlaceSpan {
  start: number;
  end: number;
  sentence: number;
  surface: string;
}

export interface DetailedExtraction extends Extraction {
  /** How each mention (same order) was found: the alias type it matched, or 'ner'. */
  via: (AliasType | 'ner')[];
  /** Which rule produced each mention (same order), for error analysis. */
  rules: string[];
  /** LOC spans that are not countries (scored as LOC by the evaluation, never stored). */
  places: (PlaceSpan & { rule: string })[];
}

export function extractMentions(text: string, gazetteer: Gazetteer): Extraction {
  const d = extractDetailed(text, gazetteer);
  return { text: d.text, sentences: d.sentences, entities: d.entities, mentions: d.mentions };
}

interface Found {
  kind: EntityKind;
  slug: string;
  name: string;
  start: number;
  end: number;
  via: AliasType | 'ner';
  rule: string;
}

interface Person {
  slug: string;
  name: string;
  words: string[];
  /** Offset of the first full-name mention: ties in short-form resolution go to the earliest. */
  first: number;
}

/** A one-word person mention waiting for coreference: a PER span or a titled capitalised word. */
interface Single {
  i: number;
  start: number;
  end: number;
  titled: boolean;
  /** The tagger called it PER (rather than it being only a short form seen elsewhere). */
  tagged: boolean;
}

/** A span, in token indexes of the whole text. */
interface Span {
  label: TaggedSpan['label'];
  i0: number;
  i1: number;
  confidence: number;
  /** A piece of a span repairSpans split in two ("Opel" of "Opel and Saab"). */
  split?: boolean;
}

/** Titles that only ever precede a person's name. */
const honorifics = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'dame', 'lord', 'lady', 'president', 'senator']);

/** Words that make a multi-word PER span something else: awards, places, venues, works. */
const notPersonWords = new Set(
  ('award awards prize prizes trophy cup globe globes oscar oscars emmy emmys island islands pavilion hall centre center ' +
    'stadium arena park street road bridge airport station channel network records pictures studios productions ' +
    'singer men women boys girls patrol chain guard crown invitational tournament championship games league ' +
    'show series festival motors motor digital online video').split(' '),
);

/** Words that make an ORG span a competition, award, event or venue rather than an organisation. */
const notOrgWords = new Set(
  ('award awards prize prizes trophy cup league premiership championship championships nations games olympics tournament ' +
    'arena stadium auditorium hotel theatre theater statue pavilion airport bridge oscar oscars emmy emmys globe globes election elections ' +
    'show expo festival summit').split(' '),
);

/** The tagger's first-name lexicon (normalised keys). */
let firstNameSet: ReadonlySet<string> | undefined;
function firstNames(): ReadonlySet<string> {
  return (firstNameSet ??= defaultTagger().model.lexicons.firstNames);
}

/** Lower-case words that can sit inside a name ("Bank of England", "Osama bin Laden"). */
const nameConnectors = new Set(
  'of and the for de du des la le di da del dal della der den van von bin ibn al el y on in upon at to & e dos das do'.split(' '),
);

/** Particles inside a person's surname ("CA del Fava"), not "and" ("Avi and Joel" are two). */
const nameParticles = new Set('de du des la le di da del dal della der den van von bin ibn al el dos das do'.split(' '));

/** What follows a broadcaster's name in its channels and services ("BBC Radio 4", "BBC News website"). */
const mediaWords = new Set('radio news sport sports online website world one two three four five tv television channel service'.split(' '));

/** Trailing words of an ORG span that name a member, not the organisation ("Labour MP"). */
const memberWords = new Set(['mp', 'mps', 'mep', 'meps', 'msp', 'msps', 'am', 'ams', 'peer', 'peers', 'councillor', 'councillors', 'leader', 'spokesman', 'spokeswoman']);

/** One-word spans that name no particular organisation: bare institutions and common acronyms. */
const bareWords = new Set(
  ('cabinet government parliament police army navy court council ministry office department committee commission ' +
    'board agency party union church state academy budget tv dvd dvds pc pcs cd cds mp mps hiv aids gdp ceo vat mc dj wwii www net internet web ' +
    'christmas easter everyone everybody anyone anybody someone somebody nobody everything anything something nothing').split(' '),
);

/**
 * Followers of a faith, alone: a kind of people, like a nationality (CoNLL tags them MISC), read by
 * the tagger as a person or an organisation ("Muslim" PER). Names no one.
 */
const faithWords = new Set(
  ('muslim muslims christian christians catholic catholics protestant protestants jew jews hindu hindus sikh sikhs ' +
    'buddhist buddhists mormon mormons anglican anglicans').split(' '),
);

/** Generic last or first words that do not stand for the whole organisation on their own. */
const orgHeadWords = new Set(
  ('group bank party council company union association club fc ltd plc inc corp corporation holdings international ' +
    'national new the of royal british american european world').split(' '),
);

/** Below this confidence a multi-word PER span that starts with no first name is an organisation. */
const unsurePerson = 0.45;
/** Below this confidence (its best in the article) an unknown organisation is dropped. */
const unsureOrganization = 0.35;

/** Capitalised words after a country alias that make it part of an event name ("US Open"). */
const eventWords = new Set(['open', 'masters', 'championship', 'championships', 'classic', 'grand prix', 'invitational']);


export function extractDetailed(raw: string, gazetteer: Gazetteer): DetailedExtraction {
  const a = readArticle(raw, gazetteer);
  repairSpans(a);
  playersOfLineUps(a.spans, a.tokens, a.sentOf, a.roster);
  classifySpans(a);
  linkUntaggedMatches(a);
  resolvePeople(a);
  resolveOrganizations(a);
  return assemble(a);
}

/**
 * Steps 1 and 2 of extractDetailed: the tagger's spans with the document as context, the gazetteer's
 * matches, and what the later steps share (the found entities so far and the helpers that add to them).
 */
function readArticle(raw: string, gazetteer: Gazetteer) {
  const text = cleanText(raw);
  const sentences = splitSentences(text);
  const tokens = tokenize(text);
  const sentOf = tokens.map((t) => sentenceIndexAt(sentences, t.start));
  const span = (i0: number, i1: number) => text.slice(tokens[i0]!.start, tokens[i1 - 1]!.end);

  // ---- 1. tagger spans, sentence by sentence, with the document as context ----
  // Names run to a few words ("National Society for the Prevention of Cruelty to Children" is 9);
  // a longer span is a run of capitalised words, such as a shouted line or a list, not a name.
  const maxNameTokens = 12;
  const spans: Span[] = [];
  const sentenceStarts: number[] = [];
  const sentenceWords: string[][] = [];
  for (let i = 0; i < tokens.length; ) {
    let j = i;
    while (j < tokens.length && sentOf[j] === sentOf[i]) j++;
    sentenceStarts.push(i);
    sentenceWords.push(tokens.slice(i, j).map((t) => t.text));
    i = j;
  }
  tagDocument(sentenceWords).forEach((tagged, k) => {
    const i = sentenceStarts[k]!;
    for (const s of tagged) if (s.end - s.start <= maxNameTokens) spans.push({ label: s.label, i0: i + s.start, i1: i + s.end, confidence: s.confidence });
  });
  applyContextCues(spans, tokens, (w) => gazetteer.isCountryWord(w));
  personAfterRole(spans, tokens);
  coordinatedLabels(spans, tokens);
  harmonizeLabels(spans, tokens);
  splitHyphenatedOrganizations(spans, tokens);
  placesOverOrganizations(spans, tokens);
  placesOutsideSport(spans, tokens);
  countiesOutsideSport(spans, tokens);
  worksByCredits(spans, tokens);
  peopleBySurname(spans, tokens);
  worksAfterArticle(spans, tokens);
  worksBySequelNumber(spans, tokens);
  const knownOrganization = (w: string) => gazetteer.lookup(w).some((e) => e.kind === 'organization');
  newspapersByLastWord(spans, tokens);
  namesOverPluralPossessive(spans, tokens, sentOf);
  joinTouchingOrganizations(spans, sentOf);
  firmsAfterPluralRoles(spans, tokens);
  constituencies(spans, tokens);
  worksByTitleShape(spans, tokens, sentOf, knownOrganization);
  unsupportedOrganizations(spans, tokens, sentOf, knownOrganization);
  peopleInTitles(spans, tokens, sentOf);
  worksInLists(spans, tokens, sentOf);
  worksBeforeRoles(spans, tokens);
  thingsAfterThe(spans, tokens, sentOf);
  splitPeopleAtAnd(spans, tokens);
  initialBeforeSurname(spans, tokens, sentOf, (w) => gazetteer.isCountryWord(w));
  worksNamedWithAnd(spans, tokens);
  honorificSpansArePeople(spans, tokens);
  trimRoleWords(spans, tokens);
  pluralTitleLists(spans, tokens, sentOf);
  namesOfPlaces(spans, tokens);
  organizationsAfterNoun(spans, tokens);
  // the tagger's best confidence for each label and name in the article
  const keys = spans.map((s) => spanKey(s, tokens));
  const surest = new Map<string, number>();
  spans.forEach((s, k) => surest.set(`${s.label}|${keys[k]}`, Math.max(surest.get(`${s.label}|${keys[k]}`) ?? 0, s.confidence)));
  // words the article's one-word spans call PER ("Bekele" beside "Kenenisa Bekele")
  const surnamesAlone = new Set<string>();
  spans.forEach((s, k) => {
    if (s.label === 'PER' && s.i1 - s.i0 === 1) surnamesAlone.add(keys[k]!);
  });
  /** A given name and a surname the article uses alone as a person, not first in its sentence: not "Once Google", "US Senate". */
  const namedAlone = (words: readonly Token[], i0: number) =>
    words.length === 2 &&
    i0 > 0 &&
    sentOf[i0 - 1] === sentOf[i0] && surnamesAlone.has(words[1]!.norm) && !notNames.has(words[0]!.norm) && !titleWords.has(words[0]!.norm) && !isAllCaps(words[0]!.text) && /^\p{Lu}\p{Ll}+$/u.test(words[0]!.text);
  const spanAt = new Int32Array(tokens.length).fill(-1);
  spans.forEach((s, k) => {
    for (let t = s.i0; t < s.i1; t++) spanAt[t] = k;
  });

  // "WHO WAS OSCAR?": in a line of capitals an acronym-like word is just a word
  const capsSentence = sentences.map((x) => {
    const letters = text.slice(x.start, x.end).replace(/[^\p{L}]/gu, '');
    return letters.length >= 8 && letters.replace(/\p{Lu}/gu, '').length <= letters.length * 0.1;
  });
  const capsWord = (i: number) => capsSentence[sentOf[i]!] === true || inCapitalsRun(tokens, sentOf, i);

  // ---- 2. gazetteer matches, within a sentence ----
  const gms = gazetteer.matchTokens(tokens, text).filter((m) => sentOf[m.tokenStart] === sentOf[m.tokenEnd - 1]);
  const gmExact = new Map<string, GazetteerMatch>();
  for (const m of gms) gmExact.set(`${m.tokenStart}:${m.tokenEnd}`, m);

  const found: Found[] = [];
  const places: (PlaceSpan & { rule: string })[] = [];
  const fullPersons: { i0: number; i1: number; start: number; end: number }[] = [];
  const singles: Single[] = [];
  const orgSpans: Found[] = [];
  const ambiguousCountries: GazetteerMatch[] = [];
  const deferred: { label: TaggedSpan['label']; i0: number; i1: number; start: number; end: number; titled: boolean }[] = [];

  const isTitle = (i: number) => i >= 0 && tokens[i]!.kind === 'word' && titleWords.has(tokens[i]!.norm) && isCap(tokens[i]!.text);
  /** "Mr Blair", "Mr. Blair", "President Bush": a personal title right before token i. */
  const titledAt = (i: number) => {
    let k = i - 1;
    if (k >= 0 && tokens[k]!.text === '.') k--;
    return k >= 0 && sentOf[k] === sentOf[i] && isTitle(k) && personTitles.has(tokens[k]!.norm);
  };
  /** The title token right before token i ("Mr" of "Mr. Kim"), or -1. */
  const titleIndexBefore = (i: number) => {
    let k = i - 1;
    if (k >= 0 && tokens[k]!.text === '.') k--;
    return k >= 0 && isTitle(k) ? k : -1;
  };
  const countryOf = (m: GazetteerMatch | undefined) => (m && !m.place && m.candidates.length && m.candidates.every((c) => c.kind === 'country') ? m : undefined);
  const orgOf = (m: GazetteerMatch | undefined) => m?.candidates.find((c) => c.kind === 'organization');

  const linkCountry = (m: GazetteerMatch, rule: string) => {
    const e = preferSovereign(m.candidates);
    if (e) found.push({ kind: 'country', slug: e.slug, name: e.name, start: m.start, end: m.end, via: e.type, rule });
    else ambiguousCountries.push(m);
  };
  const linkOrg = (e: GazetteerEntry, start: number, end: number, rule: string) =>
    found.push({ kind: 'organization', slug: e.slug, name: e.name, start, end, via: e.type, rule });
  const roster = new Set<number>();
  /** Acronyms of the article's names dropped as events, awards or venues ("CES" of "Consumer Electronics Show"). */
  const nonOrganizations = new Set<string>();
  const cuedPeople = namesWithPersonCues(spans, tokens, sentOf, (w) => gazetteer.isCountryWord(w));
  return { cuedPeople, gazetteer, text, sentences, tokens, sentOf, span, spans, surest, namedAlone, spanAt, capsWord, gms, gmExact, found, places, fullPersons, singles, orgSpans, ambiguousCountries, deferred, isTitle, titledAt, titleIndexBefore, countryOf, orgOf, linkCountry, linkOrg, roster, nonOrganizations };
}

/** What the steps of extractDetailed share. */
type ArticleState = ReturnType<typeof readArticle>;

/** A tagged span as the label-repair rules below read and relabel it. */
type LabelledSpan = { label: TaggedSpan['label']; i0: number; i1: number; confidence: number };

/** Mends the tagger's spans: splits joined names, merges names split around an initial or a particle, finds line-ups (a.roster). */
function repairSpans(a: ArticleState): void {
  const { tokens, sentOf, spans, gmExact, countryOf, orgOf, roster } = a;
  // "Reuters and Xinhua" tagged as one ORG: two names when both sides are known ones
  for (let k = 0; k < spans.length; k++) {
    const s = spans[k]!;
    if (s.label !== 'ORG') continue;
    for (let i = s.i0 + 1; i < s.i1 - 1; i++) {
      if (tokens[i]!.norm !== 'and' && tokens[i]!.text !== ',') continue;
      const known = (a: number, b: number) => gmExact.get(`${a}:${b}`)?.candidates.length;
      if (known(s.i0, i) || known(i + 1, s.i1) || companyPair(tokens, s.i0, i, s.i1)) {
        spans.splice(k, 1, { ...s, i1: i, split: true }, { ...s, i0: i + 1, split: true });
        break;
      }
    }
  }

  joinTouchingNames(spans, tokens, sentOf, (i0, i1) => Boolean(orgOf(gmExact.get(`${i0}:${i1}`))), (w) => a.gazetteer.isCountryWord(w));

  // "Putin gave Mr. Kim": a span across an ordinary lower-case word is several names; so is a
  // person span across a comma ("Kim Jong Il, Mr. Kim's father"): no one's name has one
  const ordinary = (t: Token) => t.kind === 'word' && !isCap(t.text) && !/\d/.test(t.text) && !nameConnectors.has(t.norm);
  const splitsAt = (s: Span, t: Token) => ordinary(t) || (s.label === 'PER' && t.kind === 'punct' && (t.text === ',' || t.text === ';' || spacedDash(a.text, t)));
  for (let k = 0; k < spans.length; k++) {
    const s = spans[k]!;
    if (s.label === 'MISC') continue;
    const cut = tokens.slice(s.i0, s.i1).findIndex((t) => splitsAt(s, t));
    if (cut < 0) continue;
    const parts: Span[] = [];
    let a = s.i0;
    for (let i = s.i0; i <= s.i1; i++) {
      if (i < s.i1 && !splitsAt(s, tokens[i]!)) continue;
      if (i > a) parts.push({ ...s, i0: a, i1: i });
      a = i + 1;
    }
    spans.splice(k, 1, ...parts);
    k += parts.length - 1;
  }

  // "George | C | Scott" tagged as two spans around a middle initial: one person when either says
  // PER and neither LOC (a scorecard's "Australia | M. Waugh" is a team and a player)
  for (let k = 0; k + 1 < spans.length; k++) {
    const a = spans[k]!;
    const b = spans[k + 1]!;
    // the initial may be a span's edge ("George" PER + "W Bush" MISC) or between them
    if (b.i0 - a.i1 > 2 || sentOf[b.i0] !== sentOf[a.i0] || (a.label !== 'PER' && b.label !== 'PER') || a.label === 'LOC' || b.label === 'LOC') continue;
    const words = tokens.slice(a.i0, b.i1).filter((t) => t.text !== '.');
    if (words.length !== 3 || !/^\p{Lu}$/u.test(words[1]!.text) || tokens.slice(a.i1, b.i0).some((t) => t.text !== '.' && !/^\p{Lu}$/u.test(t.text))) continue;
    if (!isCap(words[0]!.text) || !isCap(words[2]!.text) || words[0]!.text.length < 2 || words[2]!.text.length < 2) continue;
    spans.splice(k, 2, { label: 'PER', i0: a.i0, i1: b.i1, confidence: Math.max(a.confidence, b.confidence) });
  }

  // Line-ups and results tables ("Phillips, Amankwaah, Coles, Hill, Fortune, Murray (Anyinsah 59)"):
  // sentences of mostly one-word names, where the tagger's PER majority is right for all of them
  const bySentence = new Map<number, Span[]>();
  for (const s of spans) bySentence.set(sentOf[s.i0]!, [...(bySentence.get(sentOf[s.i0]!) ?? []), s]);
  for (const [si, list] of bySentence) {
    const initialled = (s: Span) => s.i1 - s.i0 >= 2 && s.i1 - s.i0 <= 3 && /^\p{Lu}{1,2}$/u.test(tokens[s.i0]!.text);
    const ones = list.filter((s) => s.i1 - s.i0 === 1 || (s.i1 - s.i0 === 3 && tokens[s.i0 + 1]!.text === '-') || initialled(s));
    // an initial and a surname ("G Intoppa", "KP Robertson") is a person's shape whatever its
    // label; a country code and a word ("US Senate", "UK Sport") is not
    const personShaped = (s: Span) => initialled(s) && !countryOf(gmExact.get(`${s.i0}:${s.i0 + 1}`));
    const people = ones.filter((s) => s.label === 'PER' || personShaped(s)).length;
    if (ones.length >= 4 && people * 2 > ones.length && ones.length * 4 >= list.length * 3 && !proseSentence(tokens, sentOf, list[0]!.i0, ones.length)) roster.add(si);
    else if (listOfNames(tokens, sentOf, list[0]!.i0) && ones.length >= 6 && ones.length * 4 >= list.length * 3 && ['ORG', 'LOC', 'MISC'].every((l) => people >= ones.filter((s) => s.label === l).length)) roster.add(si);
  }
  listsAfterLineUps(a.text, tokens, sentOf, roster);
  // "CA | del | Fava" tagged as two spans in a line-up: one player across the particle
  for (let k = 0; k + 1 < spans.length; k++) {
    const a = spans[k]!;
    const b = spans[k + 1]!;
    const particle = tokens[a.i1];
    if (roster.has(sentOf[a.i0]!) && b.i0 === a.i1 + 1 && sentOf[b.i0] === sentOf[a.i0] && particle?.kind === 'word' && !isCap(particle.text) && nameParticles.has(particle.norm)) {
      spans.splice(k, 2, { ...a, label: 'PER', i1: b.i1, confidence: Math.max(a.confidence, b.confidence) });
      k--;
    }
  }
  for (const i of untaggedPlayers(tokens, sentOf, roster, a.spanAt)) {
    a.spanAt[i] = spans.length;
    spans.push({ label: 'PER', i0: i, i1: i + 1, confidence: 0 });
  }
}

/** Each span to a linked country or organisation, a full or one-word person, a place, or a one-word name decided later (a.deferred). */
function classifySpans(a: ArticleState): void {
  // (in named steps: TurboFan recompiles a function whole after a deopt in any rule it inlined)
  for (const s of a.spans) {
    if (titleAlone(a, s) || endsInTitle(a, s)) continue;
    const name = nameOfSpan(a, s);
    if (!name || droppedName(a, s, name) || linkedOrNothing(a, name)) continue;
    placeName(a, s, name);
  }
}

/** A span's name: its token range past titles and member words, the gazetteer's match for it and its label. */
interface SpanName {
  i0: number;
  i1: number;
  start: number;
  end: number;
  titled: boolean;
  honoured: boolean;
  label: TaggedSpan['label'];
  /** The tagger's best confidence for the span's name (under its label before the unsure-person rule). */
  sure: number;
  org: GazetteerEntry | undefined;
  country: GazetteerMatch | undefined;
  words: Token[];
}

/**
 * "King" alone after "Billie Jean King": a short form of the article's full name, or nothing ("the
 * King"); "Mr Major" a titled surname; in a line-up a player. True when the span was such a word.
 */
function titleAlone(a: ArticleState, s: Span): boolean {
  const { tokens, sentOf, singles, deferred, titledAt, roster } = a;
  if (s.label !== 'PER' || s.i1 - s.i0 !== 1 || !surnameTitles.has(tokens[s.i0]!.norm)) return false;
  const [start, end] = [tokens[s.i0]!.start, tokens[s.i0]!.end];
  if (titledAt(s.i0) || roster.has(sentOf[s.i0]!)) singles.push({ i: s.i0, start, end, titled: true, tagged: true });
  else if (tokens[s.i0 - 1]?.norm !== 'the') deferred.push({ label: 'PER', i0: s.i0, i1: s.i1, start, end, titled: false });
  return true;
}

/** "Later Mr" (before "Putin"): a PER span ending in a title is no name. */
function endsInTitle(a: ArticleState, s: Span): boolean {
  const { tokens, isTitle } = a;
  return s.label === 'PER' && ((isTitle(s.i1 - 1) && !titleAsSurname(tokens, s.i0, s.i1 - 1, s.i1)) || (tokens[s.i1 - 1]!.text === '.' && isTitle(s.i1 - 2)));
}

/**
 * Where a span's name starts: titles, determiners and sentence openers are not part of a name
 * ("President | Vladimir Putin", "the | Kremlin", "Later Mr. | Putin"); whether a title or an
 * honorific came before it.
 */
function nameStart(a: ArticleState, s: Span): { i0: number; titled: boolean; honoured: boolean } {
  const { tokens, sentOf, isTitle, titledAt, titleIndexBefore } = a;
  let i0 = s.i0;
  let titled = titledAt(s.i0);
  const lastTitle = tokens.slice(s.i0, s.i1 - 1).findLastIndex((t, k) => isTitle(s.i0 + k) && personTitles.has(t.norm) && !titleAsSurname(tokens, s.i0, s.i0 + k, s.i1));
  if (lastTitle > 0 && s.label !== 'ORG') {
    i0 = s.i0 + lastTitle + 1;
    titled = true;
  }
  // "Lord Justice | Clarke" tagged ORG: after an honorific, a person whatever the label
  let honoured = titled && honorifics.has(tokens[titleIndexBefore(s.i0)]?.norm ?? '');
  if (lastTitle > 0 && s.label !== 'ORG') honoured ||= tokens.slice(s.i0, i0).some((t) => honorifics.has(t.norm));
  // an organisation keeps its title-like words ("General Motors"), unless an honorific makes it a person
  const strips = (i: number) => (s.label !== 'ORG' || honoured || honorifics.has(tokens[i]!.norm)) && isTitle(i);
  while (i0 < s.i1 - 1 && (strips(i0) || tokens[i0]!.norm === 'the' || (s.label === 'PER' && notNames.has(tokens[i0]!.norm) && !lineUpInitial(tokens, sentOf, i0)) || tokens[i0]!.text === '.')) {
    if (personTitles.has(tokens[i0]!.norm)) titled = true;
    if (honorifics.has(tokens[i0]!.norm)) honoured = true;
    i0++;
  }
  return { i0, titled, honoured };
}

/** The span's name (undefined when nothing of it is left), with its label after the unsure-person rule. */
function nameOfSpan(a: ArticleState, s: Span): SpanName | undefined {
  const { tokens, sentOf, surest, gms, gmExact, countryOf, orgOf, roster } = a;
  const { i0, titled, honoured } = nameStart(a, s);
  let i1 = s.i1;
  // "Conservative MP", "Labour MPs": the member is not part of the party's name
  while (i1 > i0 + 1 && (!tokens[i1 - 1]!.norm || (s.label === 'ORG' && memberWords.has(tokens[i1 - 1]!.norm)))) i1--;
  if (!tokens[i0]!.norm) return undefined;
  const start = tokens[i0]!.start;
  let exact = gmExact.get(`${i0}:${i1}`);
  // "Channel | 4", "Radio | 4's Today": a known organisation's name the span stops short of
  const longer = exact ? undefined : gms.find((m) => m.tokenStart === i0 && m.tokenEnd > i1 && orgOf(m));
  if (longer && (s.label === 'ORG' || s.label === 'MISC')) {
    exact = longer;
    i1 = longer.tokenEnd;
  }
  const end = tokens[i1 - 1]!.end;
  const org = orgOf(exact);
  const country = countryOf(exact);
  const words = tokens.slice(i0, i1).filter((t) => t.norm);
  // "Mr. Kim" is a person whatever label the tagger gave it
  let label = honoured ? 'PER' : s.label;
  const sure = Math.max(s.confidence, surest.get(`${label}|${spanKey(s, tokens)}`) ?? 0);
  // "Electronic Arts", "Snow Patrol" as PER with little confidence: a person's full name starts
  // with a first name or an initial; a name that does not, the tagger unsure, is an organisation
  // ("Kenenisa Bekele" stays a person where the article calls "Bekele" alone a person too)
  if (label === 'PER' && !honoured && !titled && !org && !roster.has(sentOf[i0]!) && words.length > 1 && sure < unsurePerson) {
    const first = words[0]!;
    if (!firstNames().has(first.norm) && !/^\p{Lu}\.?$/u.test(first.text) && !a.namedAlone(words, i0) && !afterPersonRole(tokens, i0) && !a.cuedPeople.has(spanKey(s, tokens))) label = 'ORG';
  }
  return { i0, i1, start, end, titled, honoured, label, sure, org, country, words };
}

/** Names that are no entity: an organisation the tagger barely believes in, awards, venues, competitions. */
function droppedName(a: ArticleState, s: Span, n: SpanName): boolean {
  const { sentOf, span, capsWord, roster, nonOrganizations } = a;
  const { i0, i1, label, org, country, words } = n;
  // an organisation the tagger barely believes in, everywhere in the article ("Bills", "Hobson's
  // Choice") and not a known one: dropped
  if (label === 'ORG' && !org && !country && n.sure < unsureOrganization && !roster.has(sentOf[i0]!) && !(words.length === 1 && s.split && companyWords().has(words[0]!.norm))) return true;
  // "Brit Awards", "Ellis Island", "Dorothy Chandler Pavilion": a name with an award, place or
  // venue word in it is not a person's
  if (label === 'PER' && !org && words.length > 1 && words.some((w) => notPersonWords.has(w.norm))) return true;
  // "Champions League", "Academy Awards", "Shrine Auditorium": competitions, awards and venues
  // are not organisations
  if (label === 'ORG' && !org && words.some((w) => notOrgWords.has(w.norm))) {
    nonOrganizations.add(acronymOf(span(i0, i1)));
    return true;
  }
  return Boolean(org && capsWord(i0) && words.length === 1);
}

/**
 * A known organisation, a country joined to a lower-case word, the head of a longer name, or a word
 * that names nothing alone: linked (or skipped) here. True when the span was one of these.
 */
function linkedOrNothing(a: ArticleState, n: SpanName): boolean {
  const { tokens, span, spans, gms, gmExact, orgSpans, countryOf, orgOf, linkCountry, linkOrg } = a;
  const { i0, i1, start, end, label, org, country, words } = n;
  if (org) {
    linkOrg(org, start, end, 'org-gazetteer');
    return true;
  }
  // "US-led", "Russian-made": a country alias joined to a lower-case word
  if (label === 'MISC' && !country) {
    const first = gms.find((m) => m.tokenStart === i0 && m.tokenEnd < i1);
    if (first && countryOf(first) && tokens[first.tokenEnd]!.text === '-' && !isCap(tokens[first.tokenEnd + 1]?.text ?? 'X')) {
      linkCountry(first, 'country-misc');
      return true;
    }
  }
  // "Cabinet", "Justice", "DVD": a title, a bare institution or a common acronym alone names nothing
  // "the Academy" for the article's "Academy of Motion Picture Arts and Sciences"
  const head = words.length === 1 && !country && label === 'ORG' ? longerNameOfHead(i0, spans, tokens) : undefined;
  if (head) {
    const known = orgOf(gmExact.get(`${head.i0}:${head.i1}`));
    if (known) linkOrg(known, start, end, 'org-head');
    else orgSpans.push({ kind: 'organization', slug: '', name: orgName(span(head.i0, head.i1)), start, end, via: 'short', rule: 'org-head' });
    return true;
  }
  if (words.length === 1 && !country && (titleWords.has(words[0]!.norm) || bareWords.has(words[0]!.norm) || faithWords.has(words[0]!.norm))) return true;
  if (!country && (isCommonAcronym(words.map((w) => w.text)) || isPronounContraction(words[0]!.text) || (label === 'ORG' && isDocumentName(words.map((w) => w.text), tokens[i1]?.text)))) return true;
  // "CVs", "New York DJs": an acronym in the plural names things or people, not an organisation
  if (label === 'ORG' && !country && /^\p{Lu}{2,}s$/u.test(words.at(-1)!.text)) return true;
  return false;
}

/** The rest by label: line-up players, full and one-word people, organisations, countries and places; one-word names deferred. */
function placeName(a: ArticleState, s: Span, n: SpanName): void {
  const { tokens, sentOf, span, gms, places, fullPersons, singles, orgSpans, deferred, countryOf, linkCountry, roster } = a;
  const { i0, i1, start, end, titled, label, country, words } = n;
  // "A Titterrell (Sale Sharks), D Bell (Bath)": a name alone in brackets in a line-up is the club
  const bracketed = tokens[s.i0 - 1]?.text === '(' && tokens[s.i1]?.text === ')';
  if (!country && roster.has(sentOf[i0]!) && !bracketed) {
    // in a line-up every name is a player (titled: no first-name doubt)
    if (words.length === 1) singles.push({ i: i0, start, end, titled: true, tagged: true });
    else fullPersons.push({ i0, i1, start, end });
    return;
  }
  if (words.length === 1 && !country && label !== 'PER') {
    // "Putin" tagged LOC: a one-word name may be a person's short form; decided once the
    // article's full names are known
    deferred.push({ label, i0, i1, start, end, titled });
    return;
  }
  if (label === 'PER') {
    // "Korean counterparts": a demonym or country name alone is no person
    if (words.length === 1 && country) linkCountry(country, 'country-per');
    else if (words.length === 1) singles.push({ i: i0, start, end, titled, tagged: true });
    else fullPersons.push({ i0, i1, start, end });
    return;
  }
  if (label === 'ORG') {
    // "Washington said", "Moscow denied": a capital or country name tagged ORG is the country
    if (country && country.candidates.some((c) => c.type !== 'demonym')) linkCountry(country, 'country-org');
    else orgSpans.push({ kind: 'organization', slug: '', name: orgName(span(i0, i1)), start, end, via: 'ner', rule: 'org-tagger' });
    return;
  }
  if (label === 'LOC') {
    if (country) {
      linkCountry(country, 'country-tagger');
      return;
    }
    // "Baghdad, Iraq" tagged as one place: the countries inside it, unless a place contains them
    const inner = gms.filter((m) => m.tokenStart >= i0 && m.tokenEnd <= i1);
    if (inner.length && inner.every((m) => countryOf(m))) for (const m of inner) linkCountry(m, 'country-tagger');
    else places.push({ start, end, sentence: sentOf[i0]!, surface: span(i0, i1), rule: 'loc-tagger' });
    return;
  }
  // MISC: a demonym or country alias as a whole ("North Korean", "British"), else no entity
  if (country) linkCountry(country, 'country-misc');
}

/** Gazetteer matches the tagger left untagged: countries, and known organisations with evidence. */
function linkUntaggedMatches(a: ArticleState): void {
  const { tokens, sentOf, spanAt, capsWord, gms, countryOf, orgOf, linkCountry, linkOrg } = a;
  // ---- gazetteer matches the tagger left untagged ----
  for (const m of gms) {
    if (m.place || spanAt[m.tokenStart]! >= 0 || spanAt[m.tokenEnd - 1]! >= 0) continue;
    const next = tokens[m.tokenEnd];
    const afterNext = tokens[m.tokenEnd + 1];
    const event = next && isCap(next.text) && (eventWords.has(next.norm) || (afterNext && eventWords.has(`${next.norm} ${afterNext.norm}`)));
    if (event) continue;
    const country = countryOf(m);
    if (country) {
      // a capitalised sentence-initial demonym or capital alone is still a country ("British troops ...")
      linkCountry(country, 'country-gazetteer');
      continue;
    }
    const org = orgOf(m);
    if (!org || capsWord(m.tokenStart) || hyphenatedOnward(tokens, m.tokenEnd)) continue;
    // "Labour costs rose": a one-word alias as the first word of a sentence is no evidence
    const sentenceInitial = m.tokenStart === 0 || sentOf[m.tokenStart - 1] !== sentOf[m.tokenStart];
    if (sentenceInitial && m.tokenEnd - m.tokenStart === 1 && !isAllCaps(tokens[m.tokenStart]!.text)) continue;
    linkOrg(org, m.start, m.end, 'org-gazetteer');
  }
}

/** Step 3a. people: full names, then short forms resolved against them. */
function resolvePeople(a: ArticleState): void {
  // (in named steps: TurboFan recompiles a function whole after a deopt in any rule it inlined)
  const people = fullNamePeople(a);
  const shortIndex = shortFormIndex(people.persons);
  placeDeferred(a, shortIndex);
  honorificSingles(a);
  if (shortIndex.size) untaggedShortForms(a, shortIndex);
  linkSingles(a, people, shortIndex);
  dropSinglesWithoutEvidence(a.found, a.tokens, a.sentOf, (w) => a.gazetteer.isCountryWord(w));
}

/** The article's people so far, and each by its normalised name. */
interface People {
  persons: Person[];
  personByKey: Map<string, Person>;
}

/** The full names (a.fullPersons) as people: a name inside another or an initial and the same surname is the same person. */
function fullNamePeople(a: ArticleState): People {
  const { text, tokens, found, fullPersons } = a;
  const persons: Person[] = [];
  const personByKey = new Map<string, Person>();
  for (const fp of fullPersons) {
    const words: string[] = [];
    for (let i = fp.i0; i < fp.i1; i++) if (tokens[i]!.norm) words.push(tokens[i]!.text.replace(/\.$/, ''));
    const name = text.slice(fp.start, fp.end).replace(/\s+/g, ' ');
    const key = normalizeAlias(name);
    let p = personByKey.get(key);
    if (!p) {
      // "Kim Jong" after "Kim Jong Un": the same person
      const nk = ` ${words.map((w) => normToken(w)).join(' ')} `;
      p = persons.find((q) => {
        const qk = ` ${q.words.map((w) => normToken(w)).join(' ')} `;
        return qk.includes(nk) || nk.includes(qk);
      });
    }
    if (!p && words.length >= 2 && /^\p{Lu}\.?$/u.test(words[0]!)) {
      // "G Henson" after "Gavin Henson": an initial and the same surname
      const rest = words.slice(1).map(normToken).join(' ');
      const same = persons.filter((q) => q.words.length >= 2 && q.words[0]![0] === words[0]![0] && q.words.slice(1).map(normToken).join(' ') === rest);
      if (same.length === 1) p = same[0];
    }
    if (!p) {
      p = { slug: slugify(name), name, words, first: fp.start };
      persons.push(p);
    }
    personByKey.set(key, p);
    found.push({ kind: 'person', slug: p.slug, name: p.name, start: fp.start, end: fp.end, via: 'ner', rule: 'per-tagger' });
  }
  return { persons, personByKey };
}

/** Short forms: the last word, and the first for surname-first names ("Kim" of "Kim Jong Un"). */
function shortFormIndex(persons: readonly Person[]): Map<string, Person[]> {
  const shortIndex = new Map<string, Person[]>();
  for (const p of persons) {
    if (p.words.length < 2) continue;
    const keys = new Set([normToken(p.words[p.words.length - 1]!)]);
    if (surnameFirst.has(normToken(p.words[0]!))) keys.add(normToken(p.words[0]!));
    for (const k of keys) shortIndex.set(k, [...(shortIndex.get(k) ?? []), p]);
  }
  return shortIndex;
}

/** The deferred one-word names: a short form of a full name, else what the tagger said (an organisation or a place). */
function placeDeferred(a: ArticleState, shortIndex: ReadonlyMap<string, Person[]>): void {
  const { tokens, sentOf, span, places, singles, orgSpans, deferred } = a;
  for (const d of deferred) {
    if (shortIndex.has(tokens[d.i0]!.norm)) singles.push({ i: d.i0, start: d.start, end: d.end, titled: d.titled, tagged: false });
    else if (d.label === 'ORG') orgSpans.push({ kind: 'organization', slug: '', name: orgName(span(d.i0, d.i1)), start: d.start, end: d.end, via: 'ner', rule: 'org-tagger' });
    else if (d.label === 'LOC') places.push({ start: d.start, end: d.end, sentence: sentOf[d.i0]!, surface: span(d.i0, d.i1), rule: 'loc-tagger' });
  }
}

/** "Lord Justice May": an untagged capitalised word right after an honorific is a person. */
function honorificSingles(a: ArticleState): void {
  const { tokens, sentOf, spans, spanAt, singles, isTitle, titleIndexBefore } = a;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (spanAt[i]! >= 0 || t.kind !== 'word' || !isCap(t.text) || isAllCaps(t.text) || isTitle(i)) continue;
    // walk back over the titles: "Lord Justice May", "Mr Justice Harrison"
    let honorific = false;
    for (let k = titleIndexBefore(i); k >= 0 && sentOf[k] === sentOf[i]; k = titleIndexBefore(k)) if (honorifics.has(tokens[k]!.norm)) honorific = true;
    if (!honorific || (i + 1 < tokens.length && isCap(tokens[i + 1]!.text) && sentOf[i + 1] === sentOf[i])) continue;
    singles.push({ i, start: t.start, end: t.end, titled: true, tagged: true });
    spanAt[i] = spans.length;
  }
}

/**
 * Untagged capitalised words equal to a short form ("Putin said" where the tagger saw no PER),
 * never a month or weekday ("5 May"), nor a word inside another name.
 */
function untaggedShortForms(a: ArticleState, shortIndex: ReadonlyMap<string, Person[]>): void {
  const { tokens, sentOf, spanAt, singles, isTitle, titledAt } = a;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (spanAt[i]! >= 0 || t.kind !== 'word' || !isCap(t.text) || !shortIndex.has(t.norm)) continue;
    const titled = titledAt(i);
    if (monthsAndDays.has(t.norm) && !titled) continue;
    const neighbour = (k: number) => k >= 0 && k < tokens.length && sentOf[k] === sentOf[i] && isCap(tokens[k]!.text) && tokens[k]!.kind === 'word' && !isTitle(k);
    if (neighbour(i + 1) || (neighbour(i - 1) && !titled)) continue;
    singles.push({ i, start: t.start, end: t.end, titled, tagged: false });
  }
}

/** Each one-word mention (a.singles, in text order): a short form of a full name, a first name's, or a person of its own. */
function linkSingles(a: ArticleState, people: People, shortIndex: ReadonlyMap<string, Person[]>): void {
  const { tokens, found, singles, titleIndexBefore } = a;
  singles.sort((x, y) => x.start - y.start);
  const fullStarts = found.filter((f) => f.kind === 'person').sort((x, y) => x.start - y.start);
  const countSoFar = new Map<string, number>();
  const bump = (slug: string) => countSoFar.set(slug, (countSoFar.get(slug) ?? 0) + 1);
  let fi = 0;
  for (const sg of singles) {
    while (fi < fullStarts.length && fullStarts[fi]!.start < sg.start) bump(fullStarts[fi++]!.slug);
    const t = tokens[sg.i]!;
    // "UN" is not the "Un" of Kim Jong Un
    const cands = shortIndex.get(t.norm)?.filter((p) => !isAllCaps(t.text) || p.words.some((w) => w === t.text));
    if (cands?.length) {
      // the person named most often so far; ties go to the one introduced first
      const score = (p: Person) => countSoFar.get(p.slug) ?? 0;
      const best = [...cands].sort((x, y) => score(y) - score(x) || x.first - y.first)[0]!;
      bump(best.slug);
      found.push({ kind: 'person', slug: best.slug, name: best.name, start: sg.start, end: sg.end, via: 'short', rule: 'per-short' });
      continue;
    }
    // "Sir Nicholas" after "Sir Nicholas Scott", "Serena" beside "Serena Williams"
    const byFirstName = firstNameShortForm(people.persons, t.norm, sg.titled ? (tokens[titleIndexBefore(sg.i)]?.norm ?? '') : undefined);
    if (byFirstName && !isAllCaps(t.text)) {
      bump(byFirstName.slug);
      found.push({ kind: 'person', slug: byFirstName.slug, name: byFirstName.name, start: sg.start, end: sg.end, via: 'short', rule: 'per-first' });
      continue;
    }
    singlePerson(a, people, sg);
  }
}

/** A one-word mention that is no short form: a person the article names no fuller, an organisation or no one. */
function singlePerson(a: ArticleState, people: People, sg: Single): void {
  const { gazetteer, tokens, sentOf, found, orgSpans, titleIndexBefore } = a;
  const t = tokens[sg.i]!;
  // not a month, an acronym, or a demonym-like word ("Korean" of "North Korean counterparts")
  // ("Mr Martin", a line-up's "Martin": after an honorific or a list separator, a word that only
  // ends a country's name, "Saint Martin", is a surname; not "King Kong", "(S Africa)")
  const surname = (honorifics.has(tokens[titleIndexBefore(sg.i)]?.norm ?? '') || (a.roster.has(sentOf[sg.i]!) && /^[,;:(]$/.test(tokens[sg.i - 1]?.text ?? ','))) && !gazetteer.lookup(t.text).some((e) => e.kind === 'country');
  const countryWord = gazetteer.isCountryWord(t.text) && !surname;
  if (!sg.tagged || (monthsAndDays.has(t.norm) && !sg.titled) || isAllCaps(t.text) || countryWord) return;
  // "Harry", "her uncle Oscar": a first name alone does not say who (a titled one does: "Mr Frank")
  if (!sg.titled && firstNames().has(t.norm)) return;
  // "My Summer of Love", "the Santy worm", "property website Rightmove": no one (or the organisation)
  const other = sg.titled ? undefined : oneWordNonPerson(tokens, sentOf, sg.i);
  if (other === 'organization') orgSpans.push({ kind: 'organization', slug: '', name: orgName(t.text), start: sg.start, end: sg.end, via: 'ner', rule: 'org-frame' });
  if (other) return;
  // a one-word person the article names no fuller: a person of that name, linked to no one else
  let p = people.personByKey.get(t.norm);
  if (!p) {
    p = { slug: slugify(t.text), name: t.text, words: [t.text], first: sg.start };
    people.persons.push(p);
    people.personByKey.set(t.norm, p);
  }
  found.push({ kind: 'person', slug: p.slug, name: p.name, start: sg.start, end: sg.end, via: 'ner', rule: sg.titled ? 'per-title' : 'per-single' });
}

/** Step 3b. organisations: acronyms, channels and short forms to the full names of the article; then ambiguous country aliases. */
function resolveOrganizations(a: ArticleState): void {
  const { gazetteer, found, orgSpans, ambiguousCountries, nonOrganizations } = a;
  // ---- 3b. organisations: an acronym is the organisation whose full name it abbreviates ----
  const fullNames = new Map<string, { name: string; slug: string }[]>();
  const orgNames = [...orgSpans, ...found.filter((f) => f.kind === 'organization')];
  for (const o of orgNames) {
    if (isAllCaps(o.name)) continue;
    const a = acronymOf(o.name);
    if (a.length < 2) continue;
    const list = fullNames.get(a) ?? [];
    if (!list.some((x) => x.name === o.name)) list.push({ name: o.name, slug: o.slug || slugify(o.name) });
    fullNames.set(a, list);
  }
  // "BBC Radio", "BBC News website": a broadcaster's channels are the broadcaster
  for (const o of orgSpans) {
    const [head, ...rest] = o.name.split(' ');
    const curated = head ? gazetteer.lookup(head).find((e) => e.kind === 'organization') : undefined;
    if (curated && rest.length && rest.every((w) => mediaWords.has(normToken(w)))) {
      o.slug = curated.slug;
      o.name = curated.name;
      o.via = 'curated';
    }
  }
  // "Mitsubishi Tokyo" before "Mitsubishi Tokyo Financial Group": a name that begins a longer one is it
  for (const o of orgSpans) {
    if (o.slug) continue;
    const longer = [...new Set(orgSpans.filter((x) => x.name.startsWith(`${o.name} `)).map((x) => x.name))];
    const longest = longer.filter((n) => longer.every((m) => n === m || n.startsWith(`${m} `)));
    if (longest.length === 1 && o.name.includes(' ')) {
      o.slug = slugify(longest[0]!);
      o.name = longest[0]!;
      o.via = 'short';
    }
  }
  // "United" after "Manchester United", "Mitsubishi" after "Mitsubishi Tokyo Financial Group": a
  // one-word organisation that is the first or last word of exactly one longer one in the article
  const byEndWord = new Map<string, Set<string>>();
  for (const o of orgNames) {
    const ws = o.name.split(' ');
    if (ws.length < 2 || isAllCaps(o.name)) continue;
    for (const w of new Set([ws[0]!, ws.at(-1)!])) {
      if (orgHeadWords.has(normToken(w))) continue;
      const set = byEndWord.get(w) ?? new Set<string>();
      set.add(o.name);
      byEndWord.set(w, set);
    }
  }
  for (const o of orgSpans) {
    if (o.slug) {
      found.push(o);
      continue;
    }
    const full = isAllCaps(o.name) ? fullNames.get(o.name.replace(/[.&]/g, '')) : undefined;
    let longer = byEndWord.get(o.name);
    // "Google" beside "Google Video": a name used alone more often than its one longer name, which
    // ends in a product noun, is the maker, not the product
    const uses = (name: string) => orgNames.filter((x) => x.name === name).length;
    const product = longer?.size === 1 ? [...longer][0]! : '';
    if (product && productNouns.has(normToken(product.split(' ').at(-1)!)) && uses(o.name) > uses(product)) longer = undefined;
    if (full?.length === 1) found.push({ ...o, slug: full[0]!.slug, name: full[0]!.name, via: 'short', rule: 'org-acronym' });
    // "CES" in an article that names the "Consumer Electronics Show": the event's acronym
    else if (isAllCaps(o.name) && !full && nonOrganizations.has(o.name.replace(/[.&]/g, ''))) continue;
    else if (longer?.size === 1) {
      const name = [...longer][0]!;
      const owner = orgNames.find((x) => x.name === name)!;
      found.push({ ...o, slug: owner.slug || slugify(name), name: owner.name, via: 'short', rule: 'org-short' });
    } else if ((longer?.size ?? 0) > 1 && !o.name.includes(' ') && [...longer!].every((name) => uses(name) >= uses(o.name))) {
      // "that House" once beside "House of Lords" and "House of Commons" (each named as often or more):
      // a word of several of the article's names is a generic reference to one of them, no
      // organisation of its own ("Sony" twice beside "Sony Walkman" and "Sony Net Minidisc" once each is)
      continue;
    } else found.push({ ...o, slug: slugify(o.name) });
  }

  // ambiguous country aliases ("Congolese"): only when the article names exactly one candidate
  for (const m of ambiguousCountries) {
    const named = m.candidates.filter((c) => found.some((f) => f.kind === c.kind && f.slug === c.slug));
    if (named.length === 1) found.push({ kind: 'country', slug: named[0]!.slug, name: named[0]!.name, start: m.start, end: m.end, via: named[0]!.type, rule: 'country-context' });
  }
}

/** Non-overlapping mentions in text order, with each entity's aliases as the article used them. */
function assemble(a: ArticleState): DetailedExtraction {
  const { text, sentences, found, places } = a;
  // ---- assemble: non-overlapping, in text order ----
  found.sort((x, y) => x.start - y.start || y.end - x.end);
  const mentions: ExtractedMention[] = [];
  const via: (AliasType | 'ner')[] = [];
  const rules: string[] = [];
  const entities = new Map<string, ExtractedEntity>();
  let lastEnd = -1;
  for (const f of found) {
    if (f.start < lastEnd || !f.slug) continue;
    lastEnd = f.end;
    const sentence = sentenceIndexAt(sentences, f.start);
    const surface = text.slice(f.start, f.end);
    mentions.push({ kind: f.kind, slug: f.slug, start: f.start, end: f.end, sentence, surface });
    via.push(f.via);
    rules.push(f.rule);
    const id = `${f.kind}|${f.slug}`;
    let e = entities.get(id);
    if (!e) entities.set(id, (e = { kind: f.kind, slug: f.slug, name: f.name, aliases: [] }));
    // aliases: only the forms this article actually used for the entity (countries' aliases are
    // seeded, so not repeated here)
    const alias = surface.replace(/\s+/g, ' ');
    // ("Labour" for the Labour Party is stored as used, so a search for "Labour" finds it)
    const used = f.via === 'short' || (f.kind === 'organization' && f.via === 'curated');
    if (used && normalizeAlias(alias) !== normalizeAlias(e.name) && !e.aliases.some((a) => normalizeAlias(a.text) === normalizeAlias(alias))) {
      e.aliases.push({ text: alias, type: f.via === 'short' ? 'short' : 'curated' });
    }
  }
  return { text, sentences, entities: [...entities.values()], mentions, via, rules, places };
}

/** Nouns for works that, right before a name, make it a title: "the film Ray", "the game Halo 2". */
const workNouns = new Set(
  ('film films movie movies album albums song songs novel novels book books sitcom sitcoms documentary musical videogame game games ' +
    'series franchise title titles comedy comedies drama dramas thriller thrillers biopic sequel remake opera programme programmes').split(' '),
);
/** Words after which "show" is the noun ("the hit show Little Britain"), not the verb ("polls show Blair"). */
const showDeterminers = new Set('the a hit tv comedy chat its his her their new latest radio'.split(' '));
/** Words right before a name that make it a company: "shares in Fiat", "the firm Chubb", "rival Sony". */
const companyBefore = new Set('firm firms company companies maker makers giant rival rivals carmaker retailer brand subsidiary'.split(' '));
/** Words after a name's possessive that make it a company: "Fiat's chief executive", "Sony's shares". */
const companyAfterPossessive = new Set('shares profits profit sales revenues revenue turnover shareholders stock earnings boss chairman'.split(' '));
/** Roles right after a one-word name that make it a club or firm: "Chelsea manager", "Blackburn and Fulham boss". */
const clubRoles = new Set('boss manager coach striker midfielder defender goalkeeper winger skipper chairman shareholders'.split(' '));
/** Nouns right before a name that make it a band or firm: "rock band Franz Ferdinand", "engineering group Jarvis" (not "duo": people come in duos). */
const bandNouns = new Set('band group groups outfit rockers'.split(' '));
/** A band member's role right after a name: "Franz Ferdinand frontman Alex Kapranos". */
const bandMembers = new Set('frontman frontwoman drummer guitarist bassist keyboardist'.split(' '));
/** Nouns of publications right before or after a name: "magazine The List", "The Spectator magazine". */
const publicationNouns = new Set('magazine magazines newspaper newspapers paper tabloid journal'.split(' '));
/** A player's role or position right after "the" and a one-word name that make it a club: "the Wasps wing". */
const playerRoles = new Set(
  ('player players striker midfielder defender goalkeeper keeper winger wing prop lock hooker flanker fly-half scrum-half centre ' +
    'full-back fullback forward forwards captain skipper coach manager boss').split(' '),
);
/** Words right after a name that make it a company: "Google Inc", "Marconi plc". */
const companySuffixes = new Set('inc plc ltd corp llc ag sa nv gmbh'.split(' '));

/**
 * Context the tagger's window does not weigh: a name right after a work noun ("the film Ray") or
 * standing whole in quotes ('"Doom"') is a work (MISC) (a sequel number, "Halo 2", was tried: on
 * CoNLL valid it took 128 sports teams for works); one in a company or club frame ("shares
 * in Fiat", "Fiat's chief executive", "rival Sony", "Chelsea manager") is an organisation. Only PER and ORG spans are
 * relabelled; harmonizeLabels then carries the label to the article's other spans of the name where they say PER.
 */
export function applyContextCues(spans: LabelledSpan[], tokens: readonly Token[], countryWord: (word: string) => boolean = () => false): void {
  const norm = (i: number) => (i >= 0 && i < tokens.length ? tokens[i]!.norm || tokens[i]!.text : '');
  const works = new Set<string>();
  const bands = new Set<string>();
  for (const s of spans) {
    // "the Wasps wing", "the Sale player": a one-word name between "the" and a player's role is
    // the club, whatever the tagger said; not a country's name or adjective ("the England wing", "the
    // Icelandic captain" are the country)
    if (s.label !== 'ORG' && s.i1 - s.i0 === 1 && playerRoles.has(norm(s.i1)) && /^(the|a|an)$/.test(norm(s.i0 - 1)) && !countryWord(tokens[s.i0]!.text) && !/\d|(ic|ish|ese)$/.test(tokens[s.i0]!.text)) {
      // the cue is the evidence, whatever the tagger's doubt ("Wasps" MISC 0.28)
      s.label = 'ORG';
      s.confidence = Math.max(s.confidence, 0.5);
      continue;
    }
    // "won an Oscar", "a Muslim": a one-word name after "a" or "an" is a thing or a kind, no person
    if (s.label === 'PER' && s.i1 - s.i0 === 1 && /^(a|an)$/.test(tokens[s.i0 - 1]?.text ?? '')) {
      s.label = 'MISC';
      continue;
    }
    // The noun a name's cues read: the word before it, or before the title's own article ("the movie The Aviator")
    const cue = tokens[s.i0 - 1]?.text === 'The' ? s.i0 - 2 : s.i0 - 1;
    // "the magazine The List", "The Spectator magazine": a publication, whatever the tagger said
    const pubBefore = publicationNouns.has(norm(cue)) && !isCap(tokens[cue]!.text);
    // (after the name not a LOC span: "Hollywood paper" is the place)
    const pubAfter = (s.label === 'PER' || s.label === 'MISC') && publicationNouns.has(norm(s.i1)) && !isCap(tokens[s.i1]?.text ?? 'X');
    const plainName = tokens.slice(s.i0, s.i1).every((t) => (t.kind === 'word' && !countryWord(t.text)) || t.text === '-');
    if (s.label !== 'ORG' && (pubBefore || pubAfter) && plainName) {
      s.label = 'ORG';
      s.confidence = Math.max(s.confidence, 0.5);
      continue;
    }
    if (s.label !== 'PER' && s.label !== 'ORG') continue;
    const before = norm(cue);
    const quoted = /^['"]$/.test(norm(s.i0 - 1)) && norm(s.i1) === norm(s.i0 - 1);
    const workNoun = (workNouns.has(before) && !isCap(tokens[cue]!.text)) || (before === 'show' && showDeterminers.has(norm(cue - 1)));
    if (quoted || workNoun) {
      s.label = 'MISC';
      if (workNoun) works.add(spanKey(s, tokens));
      continue;
    }
    if (s.label !== 'PER') continue;
    const possessive = tokens[s.i1]?.kind === 'possessive';
    const company =
      (companyBefore.has(before) && !isCap(tokens[s.i0 - 1]!.text)) ||
      (before === 'in' && norm(s.i0 - 2) === 'shares') ||
      (possessive && companyAfterPossessive.has(norm(s.i1 + 1))) ||
      (norm(s.i1 + (possessive ? 1 : 0)) === 'chief' && norm(s.i1 + (possessive ? 2 : 1)) === 'executive') ||
      companySuffixes.has(norm(s.i1)) ||
      (s.i1 - s.i0 === 1 && (clubRoles.has(norm(s.i1)) || (norm(s.i1) === 'and' && isCap(tokens[s.i1 + 1]?.text ?? '') && clubRoles.has(norm(s.i1 + 2)))));
    if (company) s.label = 'ORG';
    // "the band Franz Ferdinand", "Franz Ferdinand frontman Alex Kapranos": a band, in every span of the name
    const band = (bandNouns.has(before) && !isCap(tokens[cue]!.text)) || bandMembers.has(norm(s.i1 + (possessive ? 1 : 0)));
    if (band) {
      s.label = 'ORG';
      bands.add(spanKey(s, tokens));
    }
  }
  for (const s of spans) if (s.label === 'PER' && bands.has(spanKey(s, tokens))) s.label = 'ORG';
  // a work once is a work throughout the article: "the comedy Sideways ... Sideways won"
  for (const s of spans) if ((s.label === 'PER' || s.label === 'ORG') && works.has(spanKey(s, tokens))) s.label = 'MISC';
}

/** People's roles that, lower-case right before a name, make it the person: "deputy leader Menzies Campbell". */
const personRoles = new Set(
  ('leader spokesman spokeswoman chairman chairwoman secretary minister director executive manager coach captain striker ' +
    'midfielder defender goalkeeper winger skipper singer actor actress author writer novelist producer presenter star boss ' +
    'founder analyst economist lawyer judge professor chancellor senator governor mayor ambassador president premier').split(' '),
);
/** Words of firms' names that are no organisation's head word ("Matrix Asset Advisors", "Illuminations Television Limited"). */
const firmWords = new Set('advisors advisers partners associates limited television radio media capital securities investments management services systems technologies asset assets'.split(' '));
/** Words before a role that make it a market's, not a person's: "market leader Nokia", "world leader". */
const marketWords = new Set('market industry world sector global category'.split(' '));

/**
 * "Liberal Democrat deputy leader Menzies Campbell" tagged ORG: a name of two or three capitalised
 * words right after a lower-case role noun is the person holding the role, unless a word of it is
 * an organisation's or firm's word ("chairman Bank of England", "director Matrix Asset Advisors")
 * or the role is a market's ("market leader Nokia Mobile").
 */
export function personAfterRole(spans: LabelledSpan[], tokens: readonly Token[]): void {
  for (const s of spans) {
    if (s.label !== 'ORG' || !afterPersonRole(tokens, s.i0)) continue;
    const words = tokens.slice(s.i0, s.i1);
    const plain = (t: Token) => t.kind === 'word' && /^\p{Lu}\p{Ll}+$/u.test(t.text) && !orgHeadWords.has(t.norm) && !firmWords.has(t.norm) && !notPersonWords.has(t.norm) && !companySuffixes.has(t.norm);
    if (words.length < 2 || words.length > 3 || !words.every(plain)) continue;
    s.label = 'PER';
  }
}

/**
 * A lower-case person's role right before token i ("chief executive Finian O'Sullivan"), not a market's
 * ("market leader"): the role cue of both the unsure-person rule and personCue.
 */
export function afterPersonRole(tokens: readonly Token[], i: number): boolean {
  const role = tokens[i - 1];
  return Boolean(role && personRoles.has(role.norm) && !isCap(role.text) && !marketWords.has(tokens[i - 2]?.norm ?? ''));
}

/**
 * "Sony and Nintendo" with "Nintendo" tagged PER (0.4): names joined by "and", "or" or a comma
 * are mostly of one kind, so a PER span the tagger doubts (under 0.5) next to a confident ORG
 * (0.8 or more) is an organisation. Only this direction: the other (an unsure ORG next to a
 * confident person made a person) took works for people on BBC ("Hard Candy", "Wuthering
 * Heights", "Antiques Roadshow" listed beside actors).
 */
export function coordinatedLabels(spans: LabelledSpan[], tokens: readonly Token[]): void {
  const sure = 0.8;
  const unsure = 0.5;
  for (let k = 0; k + 1 < spans.length; k++) {
    const a = spans[k]!;
    const b = spans[k + 1]!;
    const joint = tokens[a.i1];
    if (b.i0 !== a.i1 + 1 || !joint || !(joint.norm === 'and' || joint.norm === 'or' || joint.text === ',')) continue;
    for (const [from, to] of [[a, b], [b, a]] as const) if (from.label === 'ORG' && from.confidence >= sure && to.label === 'PER' && to.confidence < unsure) to.label = 'ORG';
  }
  // "the North East, Yorkshire and the North West": an ORG listed between two places is a place
  const listed = (x: LabelledSpan, y: LabelledSpan) => {
    const gap = tokens.slice(x.i1, y.i0).filter((t) => t.norm !== 'the');
    return gap.length === 1 && (gap[0]!.norm === 'and' || gap[0]!.norm === 'or' || gap[0]!.text === ',');
  };
  for (let k = 1; k + 1 < spans.length; k++) {
    const [a, b, c] = [spans[k - 1]!, spans[k]!, spans[k + 1]!];
    if (b.label === 'ORG' && a.label === 'LOC' && c.label === 'LOC' && listed(a, b) && listed(b, c)) b.label = 'LOC';
  }
}

/**
 * One name the tagger cut in two: an ORG span touched at once (no word or mark between, same
 * sentence) by a MISC or LOC span.
 * - "Bank of | England", "Credit Bank of | Iraq": an ORG piece ending in a connector is the head
 *   of the longer organisation name; the two are one ORG span.
 * - "Norwich Union | Grand Prix", "ABN AMRO | World Tennis Tournament": an ORG piece before a MISC
 *   name is its sponsor's or maker's part of an event's or work's name; the two are one MISC span.
 *   Not before a nationality ("Tampa Bay Buccaneers | American football"), nor when the ORG piece
 *   is a known organisation (`known`) or one company word before its product ("Microsoft |
 *   Windows 95": the maker counts, bbc-gold.md O1b).
 * An ORG before a place is left alone: "BBC Radio | Wales", "AOL | UK" are the organisation.
 */
export function joinTouchingNames(spans: LabelledSpan[], tokens: readonly Token[], sentOf: readonly number[], known: (i0: number, i1: number) => boolean, countryWord: (word: string) => boolean): void {
  for (let k = 0; k + 1 < spans.length; k++) {
    const a = spans[k]!;
    const b = spans[k + 1]!;
    if (a.label !== 'ORG' || (b.label !== 'MISC' && b.label !== 'LOC') || b.i0 !== a.i1 || sentOf[a.i0] !== sentOf[b.i0]) continue;
    const tail = tokens[a.i1 - 1]!;
    let label: LabelledSpan['label'];
    if (tail.kind === 'word' && !isCap(tail.text) && nameConnectors.has(tail.norm)) label = 'ORG';
    else if (b.label === 'MISC' && !countryWord(tokens[b.i0]!.text) && !known(a.i0, a.i1) && !(a.i1 - a.i0 === 1 && companyWords().has(tokens[a.i0]!.norm))) label = 'MISC';
    else continue;
    spans.splice(k, 2, { label, i0: a.i0, i1: b.i1, confidence: Math.min(a.confidence, b.confidence) });
  }
}

/** A span's name for comparing spans: its words in normal form, without a leading "the". */
function spanKey(s: { i0: number; i1: number }, tokens: readonly Token[]): string {
  const ws = tokens.slice(s.i0, s.i1).map((t) => t.norm).filter(Boolean);
  if (ws[0] === 'the' && ws.length > 1) ws.shift();
  return ws.join(' ');
}

/**
 * One name, one label per article: the tagger labels each sentence on its own, so the same
 * surface ("Fiat") can come out ORG in one sentence and PER in another. When one of the labels
 * is PER (a person's name is no metonym: "Leeds" may be the city and the club, a person is only
 * a person), every span of the name gets the label with the largest summed confidence over
 * the article's spans of that name (ties keep each span's own label); a one-word PER vote
 * counts half unless the article names a person in full with that word, and a full PER name adds
 * its confidence to its surname's PER vote ("Kenenisa Bekele" for "Bekele"). Measured on CoNLL
 * valid: harmonising LOC/ORG conflicts too cost 0.017 LOC recall.
 */
export function harmonizeLabels(spans: LabelledSpan[], tokens: readonly Token[]): void {
  const keyOf = (s: { i0: number; i1: number }) => spanKey(s, tokens);
  const votes = new Map<string, Map<TaggedSpan['label'], number>>();
  const keys = spans.map(keyOf);
  // words of the article's multi-word person names: "Blair" after "Tony Blair" is a short form
  const nameWords = new Set<string>();
  spans.forEach((s, k) => {
    if (s.label === 'PER' && s.i1 - s.i0 > 1) for (const w of keys[k]!.split(' ')) nameWords.add(w);
  });
  spans.forEach((s, k) => {
    const v = votes.get(keys[k]!) ?? new Map();
    // a one-word "person" the article never names in full is weak evidence ("Fiat", "Google")
    const weak = s.label === 'PER' && s.i1 - s.i0 === 1 && !nameWords.has(keys[k]!);
    v.set(s.label, (v.get(s.label) ?? 0) + s.confidence * (weak ? 0.5 : 1));
    votes.set(keys[k]!, v);
  });
  // a full name votes for its surname alone being that person ("Kenenisa Bekele" for "Bekele")
  spans.forEach((s, k) => {
    if (s.label !== 'PER' || s.i1 - s.i0 < 2) return;
    const v = votes.get(keys[k]!.split(' ').at(-1)!);
    if (v?.has('PER')) v.set('PER', v.get('PER')! + s.confidence);
  });
  for (const [k, v] of votes) {
    // LOC against ORG is often right both ways ("Leeds" the city and the club): only a PER vote
    // is in doubt when the same name gets another label
    if (v.size < 2 || !v.has('PER')) continue;
    const ranked = [...v].sort((a, b) => b[1] - a[1]);
    if (ranked[0]![1] === ranked[1]![1]) continue;
    spans.forEach((s, j) => {
      if (keys[j] === k) s.label = ranked[0]![0];
    });
  }
  // "JK Rowling" tagged ORG where "Rowling" alone is PER throughout: a name that starts with a
  // first name or initials and ends in a surname the article's one-word spans call PER (with more
  // summed confidence than the longer name's) is that person
  const surnameVotes = new Map<string, number>();
  spans.forEach((s, k) => {
    if (s.label === 'PER' && s.i1 - s.i0 === 1) surnameVotes.set(keys[k]!, (surnameVotes.get(keys[k]!) ?? 0) + s.confidence);
  });
  const longVotes = new Map<string, number>();
  spans.forEach((s, k) => longVotes.set(keys[k]!, (longVotes.get(keys[k]!) ?? 0) + s.confidence));
  for (const [j, s] of spans.entries()) {
    const words = tokens.slice(s.i0, s.i1).filter((t) => t.norm);
    if (s.label === 'PER' || words.length < 2) continue;
    const given = /^\p{Lu}{1,2}\.?$/u.test(words[0]!.text) || firstNames().has(words[0]!.norm);
    const surname = (surnameVotes.get(words.at(-1)!.norm) ?? 0) > (longVotes.get(keys[j]!) ?? 0);
    if (given && surname) s.label = 'PER';
  }
}

/**
 * "the Fiat-GM alliance", "UFJ-MTFG" tagged as one ORG: two organisations when the article names
 * each side alone as an organisation elsewhere (one-word ORG spans). Evidence from the article
 * only, so "Coca-Cola" or "Rolls-Royce" stay whole.
 */
export function splitHyphenatedOrganizations(spans: LabelledSpan[], tokens: readonly Token[]): void {
  const alone = new Set(spans.filter((s) => s.label === 'ORG' && s.i1 - s.i0 === 1).map((s) => tokens[s.i0]!.norm));
  for (let k = 0; k < spans.length; k++) {
    const s = spans[k]!;
    if (s.label !== 'ORG' || s.i1 - s.i0 !== 3 || tokens[s.i0 + 1]!.text !== '-') continue;
    if (!alone.has(tokens[s.i0]!.norm) || !alone.has(tokens[s.i0 + 2]!.norm)) continue;
    spans.splice(k, 1, { ...s, i1: s.i0 + 1 }, { ...s, i0: s.i0 + 2 });
  }
}

const lexiconClasses = new Map<string, ReadonlySet<string>>();
/** The phrases of one class of the tagger's lexicon, built once per class. */
function lexiconClass(name: 'company' | 'place'): ReadonlySet<string> {
  let phrases = lexiconClasses.get(name);
  if (!phrases) {
    phrases = new Set([...defaultTagger().model.lexicons.phrases].filter(([, c]) => c === name).map(([p]) => p));
    lexiconClasses.set(name, phrases);
  }
  return phrases;
}

/** Words of company names the tagger knows (@cspell/dict-companies, its lexicon class "company"). */
const companyWords = () => lexiconClass('company');

/**
 * "Opel and Saab" tagged as one ORG span: two companies when the words either side of the "and"
 * (or comma) at i are one word each, both known company words, and the span does not follow "of". The pieces are marked split, and a
 * one-word piece survives the unsure-organisation drop: the joined span's low confidence was for
 * the joined name.
 */
function companyPair(tokens: readonly Token[], i0: number, i: number, i1: number): boolean {
  // "Picture Arts and Sciences" after "Academy of Motion": the tail of a longer name
  if (tokens[i0 - 1]?.text === 'of') return false;
  return i - i0 === 1 && i1 - i === 2 && companyWords().has(tokens[i0]!.norm) && companyWords().has(tokens[i + 1]!.norm);
}

/** The places of the tagger's lexicon (places.ts worldPlaces, not countries), as spanKey keys. */
const placeNames = () => lexiconClass('place');

/**
 * "Hollywood" LOC in one sentence and ORG ("Hollywood's discrimination") in another: a known place
 * (the tagger's place lexicon) whose LOC spans in the article outweigh its ORG spans (summed
 * confidence) is a place in every span. Only this direction and only for known places: a city's
 * club keeps ORG where its ORG votes win ("Leeds" in a sports report), and harmonising every LOC/ORG
 * conflict cost CoNLL valid LOC recall (harmonizeLabels).
 */
export function placesOverOrganizations(spans: LabelledSpan[], tokens: readonly Token[]): void {
  const keys = spans.map((s) => spanKey(s, tokens));
  const votes = new Map<string, { loc: number; org: number; per: boolean }>();
  spans.forEach((s, k) => {
    if (!placeNames().has(keys[k]!)) return;
    const v = votes.get(keys[k]!) ?? { loc: 0, org: 0, per: false };
    if (s.label === 'LOC') v.loc += s.confidence;
    else if (s.label === 'ORG') v.org += s.confidence;
    else if (s.label === 'PER') v.per = true;
    votes.set(keys[k]!, v);
  });
  spans.forEach((s, k) => {
    const v = votes.get(keys[k]!);
    if (s.label === 'ORG' && v && !v.per && v.loc > v.org) s.label = 'LOC';
  });
}

/**
 * Words of sports reports: an article with two or more of them is about sport. Generous on purpose
 * (a business article with "results" and "points" counts too): a false alarm only leaves the
 * tagger's labels as they were.
 */
const sportWords = new Set(
  ('match matches goal goals scored striker midfielder defender goalkeeper fixture fixtures league cup coach squad tries innings ' +
    'wicket wickets batsman bowler referee stadium championship championships tournament semi-final quarter-final kick-off ' +
    'half-time results standings scores played won lost drawn points baseball soccer football rugby cricket hockey basketball ' +
    'nba nhl nfl tennis golf cycling athletics race season club clubs team teams player players game games derby premiership').split(' '),
);

/**
 * "Milan" in "the Milan stock exchange" tagged ORG: a known place (the tagger's place lexicon) is an
 * organisation in sports news, where a town's name is its club
 * ("Leeds beat Milan"); outside sport the tagger's ORG for a known place, alone in its span, is the
 * place (metonyms such as "Hollywood's discrimination" name no organisation either).
 */
export function placesOutsideSport(spans: LabelledSpan[], tokens: readonly Token[]): void {
  if (!spans.some((s) => s.label === 'ORG')) return;
  const seen = new Set<string>();
  for (const t of tokens) if (sportWords.has(t.norm)) seen.add(t.norm);
  if (seen.size >= 2) return;
  for (const s of spans) if (s.label === 'ORG' && placeNames().has(spanKey(s, tokens))) s.label = 'LOC';
}

/**
 * Acronyms of things, not bodies: formats, technologies, documents and kinds of people ("ID
 * cards", "SMS messages", "a USB key", "HDTV", "R&B", "a QC"). The tagger reads a capitalised
 * acronym as ORG (CoNLL's acronyms are mostly agencies and teams); an organisation never has these
 * names. A country code before one ("US TV") names the country's television, not a body.
 */
const commonAcronyms = new Set(
  ('id ids sms mms gprs gsm 3g wap usb lcd hd hdtv vhs vcr pvr pda pdas umd dsl adsl lan wi-fi wifi ip ascii dos gps rfid ' +
    'mp3 cgi dna mri sars uv r&b diy pr pm qc ok faq q&a drm p2p isp isps').split(' '),
);
/** True when the words are a common acronym alone ("ID", "R&B") or after a country code ("US TV"). */
export function isCommonAcronym(words: readonly string[]): boolean {
  const last = words.at(-1)?.toLowerCase() ?? '';
  if (words.length === 1) return commonAcronyms.has(last);
  return words.length === 2 && /^(US|UK|EU)$/.test(words[0]!) && (commonAcronyms.has(last) || last === 'tv');
}

/** English counties not ending in "-shire" (counties are places; in sport the county's club). */
const counties = new Set(
  ('kent essex sussex surrey norfolk suffolk devon cornwall somerset dorset cumbria durham middlesex rutland merseyside ' +
    'tyneside humberside glos gloucs lincs lancs yorks herts bucks beds hants wilts notts staffs worcs leics northants oxon cambs').split(' '),
);

/**
 * "Yorkshire and the Humber", "police in Kent": an English county (a name ending in "-shire" or
 * one of `counties`) tagged ORG is the place outside match reports (matchWords: stricter than
 * sportWords, which a court report's "won" and "lost" meet); in them it is the county's club
 * ("Yorkshire won by six wickets"). The tagger's place lexicon has no counties.
 */
export function countiesOutsideSport(spans: LabelledSpan[], tokens: readonly Token[]): void {
  if (!spans.some((s) => s.label === 'ORG')) return;
  if (isMatchReport(tokens)) return;
  for (const s of spans) {
    const words = tokens.slice(s.i0, s.i1).filter((t) => t.norm);
    const last = words.at(-1)?.norm ?? '';
    if (s.label === 'ORG' && words.length <= 2 && (/^\p{Lu}\p{Ll}+shire$/u.test(words.at(-1)!.text) || (words.length === 1 && counties.has(last)))) s.label = 'LOC';
  }
}

/** Words only match reports use: two of them make an article a sports report for worksByCredits. */
const matchWords = new Set(
  ('match matches goal goals scored striker midfielder defender goalkeeper fixture fixtures league tries innings wicket wickets ' +
    'batsman bowler referee kick-off half-time premiership rugby cricket football soccer tennis golf athletics squad coach ' +
    'baseball basketball hockey cycling nba nhl nfl standings').split(' '),
);
/** Two or more matchWords: a match report or results table (stricter than sportWords, which awards stories and court reports meet with "won", "race", "lost"). */
function isMatchReport(tokens: readonly Token[]): boolean {
  const seen = new Set<string>();
  for (const t of tokens) if (matchWords.has(t.norm)) seen.add(t.norm);
  return seen.size >= 2;
}

/** Words before "for" that make the name after it a work: "nominated for Ray", "Oscar nominations for Sideways". */
const creditsFor = new Set('nominated nomination nominations nominee nominees oscar oscars award awards bafta baftas globe globes prize'.split(' '));
/**
 * Words before "in" that make the name after it a work: "starring in Ray", "her role in Vera Drake"; for
 * ORG spans (worksByCredits) and lists of PER spans ("roles in The Basketball Diaries, Titanic": worksInLists).
 */
const creditsIn = new Set('starring starred stars star role roles performance performances part appearance appeared appearing appears cameo'.split(' '));

/**
 * Film credits: "nominated for Million Dollar Baby", "her role in The Aviator", "Jamie Foxx for
 * Ray" (a person's name right before "for"), "star of Little Britain": a PER or ORG name in a
 * credit is a work (MISC), in every span of the name in the article (the tagger reads unknown
 * titles as ORG 0.9: "Million Dollar Baby" in 21 BBC articles). Not in sports reports, where
 * "Henry for Arsenal" and "starred in Chelsea's win" are the club.
 */
export function worksByCredits(spans: LabelledSpan[], tokens: readonly Token[]): void {
  if (isMatchReport(tokens)) return;
  const endsPerson = new Set(spans.filter((s) => s.label === 'PER').map((s) => s.i1));
  const works = new Set<string>();
  for (const s of spans) {
    if (s.label !== 'ORG') continue;
    // past the title's own "The": "starring in The Aviator"
    const at = tokens[s.i0 - 1]?.text === 'The' ? s.i0 - 1 : s.i0;
    const prep = tokens[at - 1];
    const before = tokens[at - 2];
    if (!prep || !before || (prep.kind === 'word' && isCap(prep.text)) || tokens[s.i1]?.kind === 'possessive') continue;
    // "Oscar nominee Million Dollar Baby", "nominees include Sideways"
    const nominee = /^nominees?$/.test(prep.norm) || (prep.norm === 'include' && /^nominees?$/.test(before.norm));
    const lower = before.kind === 'word' && (!isCap(before.text) || creditsFor.has(before.norm));
    // "the Nintendo title, The Legend of Zelda": an ORG in apposition to a work noun (not PER:
    // "the film, Vinod Pande" names the director; nor before a lower-case word: "a video game,
    // Sony told" starts a clause)
    const next = tokens[s.i1];
    const apposed = s.label === 'ORG' && prep.text === ',' && workNouns.has(before.norm) && !isCap(before.text) && !(next?.kind === 'word' && !isCap(next.text));
    const credit =
      nominee ||
      apposed ||
      (prep.norm === 'for' && ((lower && creditsFor.has(before.norm)) || endsPerson.has(at - 1))) ||
      (prep.norm === 'in' && ((lower && creditsIn.has(before.norm)) || endsPerson.has(at - 1))) ||
      (prep.norm === 'of' && lower && (before.norm === 'star' || before.norm === 'stars'));
    if (credit) works.add(spanKey(s, tokens));
  }
  // the article's work-noun cues ("the comedy Sideways") count as credits
  for (const s of spans) {
    const cue = tokens[s.i0 - 1]?.text === 'The' ? s.i0 - 2 : s.i0 - 1;
    if (s.label === 'MISC' && workNouns.has(tokens[cue]?.norm ?? '') && !isCap(tokens[cue]!.text)) works.add(spanKey(s, tokens));
  }
  if (works.size) {
    // an article with credits is about films or shows: there a person's possessive names the
    // person's work ("Clint Eastwood's Million Dollar Baby"), and a name listed beside a work is
    // another ("The Aviator, Million Dollar Baby and Sideways")
    const possessor = new Set(spans.filter((s) => s.label === 'PER' && tokens[s.i1]?.kind === 'possessive').map((s) => s.i1 + 1));
    const isWork = (s: LabelledSpan) => works.has(spanKey(s, tokens)) || (s.label === 'MISC' && tokens[s.i0 - 1]?.text === 'The');
    for (let changed = true; changed; ) {
      changed = false;
      spans.forEach((s, k) => {
        if (s.label !== 'ORG' || works.has(spanKey(s, tokens))) return;
        const at = tokens[s.i0 - 1]?.text === 'The' ? s.i0 - 1 : s.i0;
        const listed = (o: LabelledSpan | undefined) => {
          if (!o || !isWork(o)) return false;
          const [x, y] = o.i0 < s.i0 ? [o, s] : [s, o];
          const gap = tokens.slice(x.i1, y.i0).map((t) => t.text).filter((t) => t !== 'The');
          return gap.length === 1 && (gap[0] === ',' || gap[0] === 'and' || gap[0] === 'or');
        };
        if (possessor.has(at) || listed(spans[k - 1]) || listed(spans[k + 1])) {
          works.add(spanKey(s, tokens));
          changed = true;
        }
      });
    }
  }
  for (const s of spans) if (s.label === 'ORG' && works.has(spanKey(s, tokens))) s.label = 'MISC';
}

/**
 * "beaten finalist Lleyton Hewitt" tagged ORG where "Hewitt" alone is PER in the article: a
 * two-word ORG name of plain capitalised words whose last word the article's one-word spans call
 * PER, with more summed confidence than the name's ORG spans, is that person. harmonizeLabels does
 * this for names that start with a known first name or initials; this takes first names the
 * lexicon lacks ("Lleyton", "Geordan"), but no company or firm word ("Goldman Sachs"). Changes no
 * PER span: it only takes organisations away.
 */
export function peopleBySurname(spans: LabelledSpan[], tokens: readonly Token[]): void {
  const surnames = new Map<string, number>();
  const named = new Map<string, number>();
  for (const s of spans) {
    const key = spanKey(s, tokens);
    if (s.label === 'PER' && s.i1 - s.i0 === 1) surnames.set(key, (surnames.get(key) ?? 0) + s.confidence);
    if (s.label === 'ORG') named.set(key, (named.get(key) ?? 0) + s.confidence);
  }
  const given = new Set<string>();
  const plain = (t: Token) =>
    t.kind === 'word' && /^\p{Lu}\p{Ll}+$/u.test(t.text) && !companyWords().has(t.norm) && !orgHeadWords.has(t.norm) && !firmWords.has(t.norm) && !notPersonWords.has(t.norm) && !titleWords.has(t.norm);
  for (const s of spans) {
    // (a sentence opener or a plural noun first is no given name: "Since Blinkx", "Bookmakers Ladbrokes")
    const first = tokens[s.i0]!;
    if (s.label !== 'ORG' || s.i1 - s.i0 !== 2 || !plain(first) || !plain(tokens[s.i0 + 1]!) || notNames.has(first.norm) || /[^s]s$/.test(first.norm)) continue;
    if ((surnames.get(tokens[s.i0 + 1]!.norm) ?? 0) > (named.get(spanKey(s, tokens)) ?? 0)) {
      s.label = 'PER';
      given.add(first.norm);
    }
  }
  // the given name alone ("Carlton will be out") is the person's, no organisation; as short forms
  // link by surname only, it names no one (MISC) rather than a second person "Carlton"
  for (const s of spans) if (s.label === 'ORG' && s.i1 - s.i0 === 1 && given.has(tokens[s.i0]!.norm)) s.label = 'MISC';
}

/** Last words of laws, treaties and halves of the globe: "Freedom of Information Act", "Maastricht Treaty", "Northern Hemisphere". */
const documentWords = new Set('act acts treaty treaties hemisphere'.split(' '));
/**
 * A name that ends in a document's word, or stops right before a capitalised one ("Freedom of
 * Information | Act"), names the document, not a body ("North Atlantic Treaty Organisation" does
 * not end in one).
 */
export function isDocumentName(words: readonly string[], next?: string): boolean {
  if (next && /^\p{Lu}/u.test(next) && documentWords.has(next.toLowerCase())) return true;
  // ("Bill" only last: "Disability Bill", not "Bill Gates")
  return words.length > 1 && (documentWords.has(words.at(-1)!.toLowerCase()) || words.at(-1) === 'Bill');
}

/** "I'm only 27": a capitalised pronoun's contraction the tagger read as a name (ORG at a sentence start). */
export function isPronounContraction(word: string): boolean {
  return /^I'(m|ve|ll|d)$/.test(word);
}

/**
 * "the movie A Little Princess", "in A Series of Unfortunate Events": a capitalised "A" or "An"
 * inside a sentence (after a lower-case word) starts a title, so the PER or ORG name after it is
 * a work, in every span of the name in the article.
 */
export function worksAfterArticle(spans: LabelledSpan[], tokens: readonly Token[]): void {
  const works = new Set<string>();
  for (const s of spans) {
    const article = tokens[s.i0 - 1];
    const before = tokens[s.i0 - 2];
    if ((s.label === 'PER' || s.label === 'ORG') && (article?.text === 'A' || article?.text === 'An') && before?.kind === 'word' && !isCap(before.text)) works.add(spanKey(s, tokens));
  }
  for (const s of spans) if ((s.label === 'PER' || s.label === 'ORG') && works.has(spanKey(s, tokens))) s.label = 'MISC';
}

/**
 * "Doom 3", "Halo 2 and Half-Life 2", "Shrek 2": a PER or ORG name right before a single digit
 * 2–9 (not a score: no dash, colon or digit after it) is a numbered sequel, a work, in every span
 * of the name in the article. Not in match reports ("Leeds 2 Chelsea 1", matchWords), where
 * CoNLL's teams lost recall to it, nor for channels and acronyms ("BBC Radio 4", "ITV 2").
 */
export function worksBySequelNumber(spans: LabelledSpan[], tokens: readonly Token[]): void {
  if (isMatchReport(tokens)) return;
  const works = new Set<string>();
  for (const s of spans) {
    const n = tokens[s.i1];
    const after = tokens[s.i1 + 1]?.text ?? '';
    // not a channel ("BBC Radio | 4", "ITV | 2") nor a name that goes on ("Fathers 4 Justice")
    const channel = tokens.slice(s.i0, s.i1).some((t) => mediaWords.has(t.norm) || isAllCaps(t.text));
    if ((s.label === 'PER' || s.label === 'ORG') && n && !channel && n.start === tokens[s.i1 - 1]!.end + 1 && /^[2-9]$/.test(n.text) && !/^[-:\d–\p{Lu}]/u.test(after)) works.add(spanKey(s, tokens));
  }
  for (const s of spans) if ((s.label === 'PER' || s.label === 'ORG') && works.has(spanKey(s, tokens))) s.label = 'MISC';
}

/**
 * Words around a name that say it is an organisation wherever it stands: a lower-case company,
 * band, publication, organisation or body noun before it ("filtering firm Ciphertrust", "Symantec
 * subsidiary Brightmail", "the union Unison"), "shares in" it, a company suffix, a club, player or band role, a spokesperson
 * or "chief executive" after it ("Blackburn boss", "Citadel spokesman").
 */
export function organizationCue(tokens: readonly Token[], i0: number, i1: number): boolean {
  const norm = (i: number) => (i >= 0 && i < tokens.length ? tokens[i]!.norm || tokens[i]!.text : '');
  const lower = (i: number) => i >= 0 && tokens[i]!.kind === 'word' && !isCap(tokens[i]!.text);
  const cue = tokens[i0 - 1]?.text === 'The' ? i0 - 2 : i0 - 1;
  const before = norm(cue);
  const nounBefore = lower(cue) && (companyBefore.has(before) || bandNouns.has(before) || publicationNouns.has(before) || organizationNounsBefore.has(before) || bodyNouns.has(before));
  const possessive = tokens[i1]?.kind === 'possessive';
  const after = norm(i1 + (possessive ? 1 : 0));
  return (
    nounBefore ||
    (before === 'in' && norm(cue - 1) === 'shares') ||
    (/^spokes(man|woman|person)$/.test(norm(cue - 1)) && before === 'for') ||
    (possessive && companyAfterPossessive.has(after)) ||
    companySuffixes.has(norm(i1)) ||
    // "the Wasps wing", "the Sale player"
    (i1 - i0 === 1 && /^(the|a|an)$/.test(norm(i0 - 1)) && playerRoles.has(norm(i1))) ||
    (lower(i1 + (possessive ? 1 : 0)) && (clubRoles.has(after) || bandMembers.has(after) || /^spokes(man|woman|person)$/.test(after) || (after === 'chief' && norm(i1 + (possessive ? 2 : 1)) === 'executive')))
  );
}

/** Below this summed confidence, over the article's ORG spans of it, a one-word name needs other evidence. */
const weakOrganization = 0.6;

/**
 * A one-word span at i that looks cut from a longer name or phrase: right after a capitalised word
 * inside the sentence ("AC | Milan"), the possessive of an ORG or MISC name ("Hobson's | Choice"; not
 * a person's, a place's or a month's) or an "a"/"an" ("an Achilles tendon"), right before a
 * capitalised word ("Little | Britain star", "Constitutional | Affairs Minister"), or before a
 * possessive and a venue's name ("Grauman's Chinese Theatre"; not "Oxfam's Paying the Price
 * report").
 */
function nameFragment(tokens: readonly Token[], sentOf: readonly number[], nameEnds: ReadonlySet<number>, i: number): boolean {
  const capital = (k: number) => k >= 0 && k < tokens.length && sentOf[k] === sentOf[i] && tokens[k]!.kind === 'word' && isCap(tokens[k]!.text) && !titleFunctionWords.has(tokens[k]!.norm) && tokens[k]!.text !== 'I';
  const sentenceStart = (k: number) => k === 0 || sentOf[k - 1] !== sentOf[k];
  if ((capital(i - 1) && !sentenceStart(i - 1)) || /^(a|an)$/.test(tokens[i - 1]?.text ?? '')) return true;
  // "Hobson's | Choice" (a name's possessive), not "Henry's | Arsenal", "Spain's | Iberia", "September's | Hartlepool"
  if (tokens[i - 1]?.kind === 'possessive' && capital(i - 2) && nameEnds.has(i - 1)) return true;
  if (capital(i + 1)) return true;
  // "Grauman's | Chinese Theatre", not "Oxfam's Paying the Price report"
  if (tokens[i + 1]?.kind !== 'possessive') return false;
  let j = i + 2;
  while (capital(j)) j++;
  return j > i + 2 && (notOrgWords.has(tokens[j - 1]!.norm) || placeLastWords.has(tokens[j - 1]!.norm));
}

/**
 * Document-level evidence for one-word organisations ("Little" of "Little Britain star", "Grauman"
 * of "Grauman's Chinese Theatre", "Achilles tendon", "AC | Milan"): the tagger reads a capitalised
 * word cut from a longer name as ORG with middling confidence. A one-word ORG name is dropped
 * (MISC; it may still be a person's short form) when every ORG span of it in the article is such a
 * fragment (nameFragment) and nothing else supports it: the tagger's ORG confidence summed over
 * its spans stays under weakOrganization, no occurrence of the word has an organisation cue
 * (organizationCue), and it is no acronym, camel-case name ("DaimlerChrysler"), known company word
 * (@cspell/dict-companies), known organisation (`known`) or first or last word of a longer ORG name
 * of the article ("United" of "Manchester United"). A club or band named once on its own
 * ("Arsenal", "Coldplay") keeps the tagger's label; a weak one the article also writes after an
 * honorific ("Lord Voldemort") is a name, no organisation, wherever it stands.
 */
export function unsupportedOrganizations(spans: LabelledSpan[], tokens: readonly Token[], sentOf: readonly number[], known: (word: string) => boolean = () => false): void {
  const votes = new Map<string, number>();
  const ends = new Set<string>();
  const whole = new Set<string>();
  const nameEnds = new Set(spans.filter((s) => s.label === 'ORG' || s.label === 'MISC').map((s) => s.i1));
  for (const s of spans) {
    if (s.label !== 'ORG') continue;
    const key = spanKey(s, tokens);
    if (key.includes(' ')) {
      for (const w of [key.split(' ')[0]!, key.split(' ').at(-1)!]) ends.add(w);
      continue;
    }
    votes.set(key, (votes.get(key) ?? 0) + s.confidence);
    if (!nameFragment(tokens, sentOf, nameEnds, s.i1 - 1)) whole.add(key);
  }
  const weak = new Set<string>();
  for (const [key, v] of votes) if (v < weakOrganization && !whole.has(key) && !ends.has(key) && !companyWords().has(key)) weak.add(key);
  // a cue at any capitalised occurrence of the word, tagged or not
  for (let i = 0; i < tokens.length; i++) if (weak.has(tokens[i]!.norm) && isCap(tokens[i]!.text) && organizationCue(tokens, i, i + 1)) weak.delete(tokens[i]!.norm);
  // a word the article writes after an honorific is a name ("Lord Voldemort" ... "nor Voldemort")
  const honoured = new Set(tokens.filter((t, i) => i > 0 && honorifics.has(tokens[i - 1]!.norm) && isCap(tokens[i - 1]!.text) && isCap(t.text)).map((t) => t.norm));
  for (const s of spans) {
    if (s.label !== 'ORG' || !(weak.has(spanKey(s, tokens)) || (s.i1 - s.i0 === 1 && (votes.get(spanKey(s, tokens)) ?? 1) < weakOrganization && honoured.has(tokens[s.i0]!.norm)))) continue;
    const word = tokens[s.i1 - 1]!.text;
    if (isAllCaps(word) || /\p{Ll}\p{Lu}/u.test(word) || known(word)) continue;
    s.label = 'MISC';
  }
}

/**
 * "Pacquette, Chorley, Johnson, McKoy." (the bookings) after a line-up that lists Pacquette: a
 * one-word name the article's line-ups (`roster` sentences) list as a player, not in brackets (a
 * player's club), is that player in the article's other sentences of names alone (no lower-case
 * word, no number), whatever the tagger said. (Everywhere, it took CoNLL's cricket counties and
 * teams for players: PER F1 0.913 → 0.908.)
 */
export function playersOfLineUps(spans: LabelledSpan[], tokens: readonly Token[], sentOf: readonly number[], roster: ReadonlySet<number>): void {
  if (!roster.size) return;
  const bracketed = (s: LabelledSpan) => tokens[s.i0 - 1]?.text === '(' && tokens[s.i1]?.text === ')';
  const players = new Set(spans.filter((s) => s.i1 - s.i0 === 1 && roster.has(sentOf[s.i0]!) && !bracketed(s)).map((s) => tokens[s.i0]!.norm));
  // sentences of names alone: no lower-case word, no number ("Hill.", the bookings)
  const other = new Set(tokens.flatMap((t, i) => (t.kind === 'word' && (!isCap(t.text) || /\d/.test(t.text)) ? [sentOf[i]!] : [])));
  for (const s of spans) {
    const si = sentOf[s.i0]!;
    if (s.i1 - s.i0 === 1 && (s.label === 'ORG' || s.label === 'LOC') && !roster.has(si) && !other.has(si) && !bracketed(s) && players.has(tokens[s.i0]!.norm)) s.label = 'PER';
  }
}

/**
 * "AC | Milan": two ORG spans with nothing between them in one sentence are one name (the tagger
 * started a second name at a word it knows better as a place).
 */
export function joinTouchingOrganizations(spans: LabelledSpan[], sentOf: readonly number[]): void {
  for (let k = 0; k + 1 < spans.length; k++) {
    const a = spans[k]!;
    const b = spans[k + 1]!;
    if (a.label !== 'ORG' || b.label !== 'ORG' || b.i0 !== a.i1 || sentOf[a.i0] !== sentOf[b.i0]) continue;
    spans.splice(k, 2, { label: 'ORG', i0: a.i0, i1: b.i1, confidence: Math.max(a.confidence, b.confidence) });
  }
}

/**
 * People's roles in the plural before a name make it a firm: "producers Morgan Creek", "analysts
 * Screen Digest". Agent nouns only (-ers, -ists, -ysts, -ants, -ents): "the drama stars Stellan Skarsgard"
 * is a verb.
 */
function pluralRoleBefore(tokens: readonly Token[], i0: number): boolean {
  const t = tokens[i0 - 1];
  return Boolean(t && t.kind === 'word' && !isCap(t.text) && /(er|ist|yst|ant|ent)s$/.test(t.norm) && personRoles.has(t.norm.slice(0, -1)));
}

/**
 * "producers Morgan Creek", "analysts Screen Digest": a PER name right after a lower-case plural of a
 * person's role, and not listed with another name ("singers Madonna, Sir Elton John"), is a firm (ORG), in
 * every span of the name; the cue is the evidence, whatever the tagger's doubt.
 */
export function firmsAfterPluralRoles(spans: LabelledSpan[], tokens: readonly Token[]): void {
  const firms = new Set<string>();
  for (const s of spans) {
    const next = tokens[s.i1];
    // "singers Madonna, Sir Elton John and Usher": a list of people
    const listed = next && (next.norm === 'and' || next.text === ',') && tokens[s.i1 + 1]?.kind === 'word' && isCap(tokens[s.i1 + 1]!.text);
    if (s.label === 'PER' && pluralRoleBefore(tokens, s.i0) && !listed) firms.add(spanKey(s, tokens));
  }
  for (const s of spans) {
    if (s.label !== 'PER' || !firms.has(spanKey(s, tokens))) continue;
    s.label = 'ORG';
    s.confidence = Math.max(s.confidence, 0.5);
  }
}

/** Lower-case words before "for" that make the name after it a constituency: "the MP for Kensington and Chelsea". */
const seatHolders = new Set('mp mps member members candidate candidates seat'.split(' '));

/**
 * Constituencies read as organisations: a name right after "MP for", "member for" (and the name
 * joined to it by "and": "Kensington and Chelsea"), or a name that starts with a known place and
 * ends in "MP" ("the Manchester Central MP"), is a place (LOC), not a party or a club.
 */
export function constituencies(spans: LabelledSpan[], tokens: readonly Token[]): void {
  const seatAt = new Set<number>();
  tokens.forEach((t, i) => {
    const holder = tokens[i - 1];
    if (t.norm === 'for' && holder?.kind === 'word' && seatHolders.has(holder.norm) && (!isCap(holder.text) || holder.norm === 'mp' || holder.norm === 'mps')) seatAt.add(i + 1);
  });
  for (const [k, s] of spans.entries()) {
    if (s.label === 'MISC') continue;
    const prev = spans[k - 1];
    const joined = prev && seatAt.has(prev.i0) && tokens[s.i0 - 1]?.norm === 'and' && prev.i1 === s.i0 - 1;
    if (seatAt.has(s.i0) || joined) {
      if (joined) seatAt.add(s.i0);
      if (s.label !== 'PER' || joined) s.label = 'LOC';
      continue;
    }
    const last = tokens[s.i1 - 1]!;
    if (s.label === 'ORG' && s.i1 - s.i0 >= 3 && /^MPs?$/.test(last.text) && placeNames().has(tokens[s.i0]!.norm)) {
      s.i1--;
      s.label = 'LOC';
    }
  }
}

/** Last words of the names of bodies of people: "Writers' Guild", "Music Managers' Forum". */
const bodyNouns = new Set('guild forum union association federation fellowship society council alliance trust institute foundation'.split(' '));

/**
 * "the Writers' Guild", tagged ORG "Writers" with the rest left out: a name ending in a plural
 * possessive's apostrophe goes on over the capitalised words right after it when they end in a
 * body's noun (bodyNouns); not "Oasis' Definitely Maybe", "the Tories' Commons presence".
 */
export function namesOverPluralPossessive(spans: LabelledSpan[], tokens: readonly Token[], sentOf: readonly number[]): void {
  for (let k = 0; k < spans.length; k++) {
    const s = spans[k]!;
    const apostrophe = tokens[s.i1];
    if (s.label !== 'ORG' || apostrophe?.text !== "'" || apostrophe.start !== tokens[s.i1 - 1]!.end || !/s$/.test(tokens[s.i1 - 1]!.text)) continue;
    let j = s.i1 + 1;
    while (j < tokens.length && sentOf[j] === sentOf[s.i0] && tokens[j]!.kind === 'word' && isCap(tokens[j]!.text) && !titleFunctionWords.has(tokens[j]!.norm)) j++;
    if (j === s.i1 + 1 || !bodyNouns.has(tokens[j - 1]!.norm)) continue;
    // a span over the words taken in is part of this name now
    while (spans[k + 1] && spans[k + 1]!.i0 < j) {
      j = Math.max(j, spans[k + 1]!.i1);
      spans.splice(k + 1, 1);
    }
    s.i1 = j;
  }
}

/**
 * Lower-case nouns for things beside a name: "the Finding Nemo video game", "the Microsoft Mobile
 * phone", "the operating system Linux" (not "game": "the Arsenal and Manchester United game").
 */
const productNouns = new Set('video phone phones handset handsets console consoles technology software system project scheme device devices model models gadget'.split(' '));
/** Function words an organisation's name may capitalise ("Bank Of England", "Reporters Without Borders"); the others of titleFunctionWords mark a title ("Getting Your Music Online"). */
const nameFunctionWords = new Set('the of and for in on at to a an with without from by about into onto over under out up off'.split(' '));

/**
 * Works and things read as multi-word organisations, by how the article writes them: a subtitle
 * after a capitalised title and a colon ("Grand Theft Auto: San Andreas"), a name with a
 * capitalised pronoun, determiner or verb inside ("Getting Your Music Online"), a roman numeral
 * last ("MDA III"), a channel's possessive before it ("BBC1's Breakfast With Frost"), or a
 * name right before a lower-case product noun ("the Finding Nemo video game", "its Everybody
 * Online project"), and a one-word name that is no known company right after one ("the operating
 * system Linux") or a firm's own before one ("its new RipGuard technology") is a work or product (MISC), in every span of the name in the article. Before a
 * product noun, a name that starts with a known company word or organisation (`known`) and is none
 * as a whole is the maker alone ("the Microsoft Mobile phone" → Microsoft).
 */
export function worksByTitleShape(spans: LabelledSpan[], tokens: readonly Token[], sentOf: readonly number[], known: (word: string) => boolean = () => false): void {
  const maker = (t: Token) => companyWords().has(t.norm) || known(t.text);
  const works = new Set<string>();
  const productNoun = (t: Token | undefined) => t?.kind === 'word' && !isCap(t.text) && productNouns.has(t.norm);
  for (const s of spans) {
    if (s.label !== 'ORG') continue;
    // one word: "the operating system Linux", "its new RipGuard technology" (a firm's own product),
    // not "Sony horror film" (the maker)
    if (s.i1 - s.i0 === 1 && !maker(tokens[s.i0]!)) {
      const owned = /^(its|their)$/.test(tokens[s.i0 - 1]?.norm ?? '') || (tokens[s.i0 - 1]?.norm === 'new' && /^(its|their)$/.test(tokens[s.i0 - 2]?.norm ?? ''));
      // (a singular noun in apposition: "for their phones Symbian said" runs two sentences together)
      if ((productNoun(tokens[s.i0 - 1]) && !/s$/.test(tokens[s.i0 - 1]!.norm)) || (owned && productNoun(tokens[s.i1]))) works.add(spanKey(s, tokens));
    }
    if (s.i1 - s.i0 < 2) continue;
    const words = tokens.slice(s.i0, s.i1);
    // "MDA III", "Civilization IV": a numbered model or sequel
    // (after a space: "Liberty-X" is a band)
    if (/^(II|III|IV|V|VI|VII|VIII|IX|X)$/.test(words.at(-1)!.text) && words.at(-2)!.end < words.at(-1)!.start) works.add(spanKey(s, tokens));
    if (words.every((t) => t.kind !== 'word' || isAllCaps(t.text))) continue;
    const colon = tokens[s.i0 - 1];
    const title = tokens[s.i0 - 2];
    const subtitle = colon?.text === ':' && title?.kind === 'word' && isCap(title.text) && sentOf[s.i0 - 2] === sentOf[s.i0] && colon.start === title.end;
    const functionWord = words.some((t, k) => k > 0 && t.kind === 'word' && isCap(t.text) && titleFunctionWords.has(t.norm) && !nameFunctionWords.has(t.norm));
    // "BBC1's Breakfast With Frost", "Radio 4's Today": a channel's possessive names its programme
    const owner = tokens[s.i0 - 1]?.kind === 'possessive' ? tokens[s.i0 - 2] : undefined;
    const channel = owner?.kind === 'word' && isCap(owner.text) && (/\p{L}\d$/u.test(owner.text) || mediaWords.has(owner.norm) || (/^\d+$/.test(owner.text) && mediaWords.has(tokens[s.i0 - 3]?.norm ?? '')));
    const product = productNoun(tokens[s.i1]);
    const j = words[0]!.norm === 'the' ? 1 : 0;
    if (product && words.length - j > 1 && maker(words[j]!) && !companyWords().has(spanKey(s, tokens)) && !known(tokens.slice(s.i0 + j, s.i1).map((t) => t.text).join(' '))) {
      s.i1 = s.i0 + j + 1;
      continue;
    }
    if (subtitle || functionWord || product || channel) works.add(spanKey(s, tokens));
  }
  for (const s of spans) if (s.label === 'ORG' && works.has(spanKey(s, tokens))) s.label = 'MISC';
}

/**
 * "told the Financial Times": a MISC name of two or more words after "the" that ends in a
 * newspaper's word is the newspaper (the tagger takes unknown titles for works).
 */
export function newspapersByLastWord(spans: LabelledSpan[], tokens: readonly Token[]): void {
  for (const s of spans) {
    if (s.label !== 'MISC' || s.i1 - s.i0 < 2 || tokens[s.i0 - 1]?.norm !== 'the' || !newspaperWords.has(tokens[s.i1 - 1]!.norm)) continue;
    if (!tokens.slice(s.i0, s.i1).every((t) => t.kind === 'word' && isCap(t.text) && !isAllCaps(t.text))) continue;
    s.label = 'ORG';
    s.confidence = Math.max(s.confidence, 0.5);
  }
}

/** "a Fed-Ex refund": a name glued by a hyphen to a capitalised word (no spaces) is part of another name. */
export function hyphenatedOnward(tokens: readonly Token[], i1: number): boolean {
  const dash = tokens[i1];
  const next = tokens[i1 + 1];
  return dash?.text === '-' && dash.start === tokens[i1 - 1]!.end && next?.kind === 'word' && next.start === dash.end && isCap(next.text);
}

/** "THE STARS WHO LEFT EMPTY-HANDED": a word inside a run of three or more words in capitals is a heading's word, not an acronym. */
export function inCapitalsRun(tokens: readonly Token[], sentOf: readonly number[], i: number): boolean {
  const caps = (k: number) => k >= 0 && k < tokens.length && sentOf[k] === sentOf[i] && tokens[k]!.kind === 'word' && isAllCaps(tokens[k]!.text) && /\p{L}{2}/u.test(tokens[k]!.text);
  if (!caps(i)) return false;
  let a = i;
  let b = i;
  while (caps(a - 1) || (tokens[a - 1]?.text === '-' && caps(a - 2))) a -= tokens[a - 1]!.text === '-' ? 2 : 1;
  while (caps(b + 1) || (tokens[b + 1]?.text === '-' && caps(b + 2))) b += tokens[b + 1]!.text === '-' ? 2 : 1;
  return tokens.slice(a, b + 1).filter((t) => t.kind === 'word').length >= 3;
}

/**
 * "the Academy" after "Academy of Motion Picture Arts and Sciences", "the Bank" after "Bank of
 * England": a one-word name right after "the" that is the first word of exactly one longer ORG
 * name in the article stands for that organisation (a generic head alone, "Bank", "Academy", is
 * otherwise a separate organisation or no name at all). Returns the longer name's first span.
 */
export function longerNameOfHead(i0: number, spans: readonly LabelledSpan[], tokens: readonly Token[]): { i0: number; i1: number } | undefined {
  if (tokens[i0 - 1]?.norm !== 'the' || !isCap(tokens[i0]!.text) || isAllCaps(tokens[i0]!.text) || titleWords.has(tokens[i0]!.norm)) return undefined;
  const longer = new Map<string, { i0: number; i1: number }>();
  for (const s of spans) {
    const j = tokens[s.i0]?.norm === 'the' ? s.i0 + 1 : s.i0;
    // a name as classifySpans keeps it: capitalised words and connectors, no competition or venue word
    const name = tokens.slice(j, s.i1);
    // (not two names joined: "Google and Ask Jeeves", "Sativex in Canada"; "and" after "of" is
    // inside one: "Department of Trade and Industry")
    const of = name.findIndex((t) => t.norm === 'of');
    const joiner = (t: Token, k: number) => t.norm === 'in' || (t.norm === 'and' && (of < 0 || k < of));
    const clean = name.every((t, k) => t.kind === 'word' && (isCap(t.text) || (nameConnectors.has(t.norm) && !joiner(t, k))) && !notOrgWords.has(t.norm) && !memberWords.has(t.norm)) && isCap(name.at(-1)!.text);
    if (s.label === 'ORG' && s.i1 - j > 1 && clean && tokens[j]!.norm === tokens[i0]!.norm) {
      const key = spanKey(s, tokens);
      if (!longer.has(key)) longer.set(key, { i0: j, i1: s.i1 });
    }
  }
  return longer.size === 1 ? [...longer.values()][0] : undefined;
}

/** An organisation's name as written, without a leading "the" or a trailing possessive. */
function orgName(surface: string): string {
  return surface
    .replace(/^the\s+/i, '')
    .replace(/\s*['’]s$/, '')
    .replace(/\s+/g, ' ');
}

/**
 * Words that are capitalised inside titles of works but in no person's name: "My Summer of Love",
 * "Wake Me Up", "Get Me Out Of Here", "Gone Are the Days", "With Or Without You". Single letters
 * ("A Rougerie", an initial) are left out, and so is "Than" (Burmese names: "Hla Than").
 */
const titleFunctionWords = new Set(
  ('the an this that these those there here it its he she they we you his her their our my your me us him them ' +
    'but or if when as in on at for from with without by to of about into onto over under out up off not no all ' +
    'is are was were be been am then what why how who where which').split(' '),
);

/**
 * Awards and events: named alone they are no one ("Oscar nominee", "the State Championship"); lower
 * case right after a name they make it the award's or event's name ("the Golden Kinnaree awards").
 */
const awardWords = new Set('oscar oscars emmy emmys bafta baftas grammy grammys award awards prize prizes trophy cup festival tournament championship championships invitational lecture lectures'.split(' '));

/**
 * A capitalised function word at k ("My", "Of", "The"), not one opening a sentence or a quote ('"If
 * Paul Giamatti was', "But Safin raised"): inside a title.
 */
function titleWord(tokens: readonly Token[], sentOf: readonly number[], k: number): boolean {
  const t = tokens[k];
  if (!t || t.kind !== 'word' || !isCap(t.text) || t.text.length < 2 || !titleFunctionWords.has(t.norm)) return false;
  const before = tokens[k - 1];
  return Boolean(before && sentOf[k - 1] === sentOf[k] && !/^['"(\[]$/.test(before.text));
}

/**
 * Lower-case nouns right before a name that make it an organisation: "property website Rightmove",
 * "distributor Toho". Not nouns that are also people's jobs ("broadcaster Cyril Fletcher",
 * "publisher Kimberly Quinn", "developer", "consultancy ... founder").
 */
const organizationNounsBefore = new Set(
  ('website site distributor distributors studio studios fund agency department ' +
    'station retailer retailers chain label operator operators airline airlines insurer insurers lender lenders bank ' +
    'brewer provider providers supermarket auditor auditors watchdog regulator charity club').split(' '),
);

/** Role nouns right after a one-word name that make it someone's employer or work, not a person: "Jupiter analyst". */
const rolesAfterName = new Set(
  ('leader spokesman spokeswoman spokesperson chairman chairwoman secretary director executive manager coach captain boss founder ' +
    'analyst analysts economist lawyer deputy chief singer actor actress author writer producer presenter rapper frontman').split(' '),
);

/** What follows "the" and a person's surname when it is the person ("the Clinton administration"). */
const eraNouns = new Set('administration government era years camp family campaign team ticket presidency aides'.split(' '));

/**
 * A one-word name the tagger calls PER, untitled, that the article names no fuller (so no short
 * form): is it no one ('none'), an organisation ('organization'), or maybe a person (undefined)?
 * - a word that is never a name alone ("You", "Here", "God") or an award ("Oscar nominee");
 * - a word in a title of a work: next to a capitalised function word ("My Summer of Love", "Who's
 *   Your Daddy", "The Crucible" mid-sentence), or after "the" ("the Santy worm", "the Observer's");
 * - the first piece of a hyphenated word ("Blu-ray"), or before a person's role ("Jupiter analyst",
 *   "Goldeneye director"): no one (the employer or the work, left unlinked);
 * - after an organisation's noun ("property website Rightmove", "market leader Diageo") or before
 *   a player's role and a capitalised name ("Munster lock Paul O'Connell"): the organisation.
 */
export function oneWordNonPerson(tokens: readonly Token[], sentOf: readonly number[], i: number): 'none' | 'organization' | undefined {
  const t = tokens[i]!;
  const inSentence = (k: number) => k >= 0 && k < tokens.length && sentOf[k] === sentOf[i];
  const norm = (k: number) => (inSentence(k) ? tokens[k]!.norm : '');
  const lower = (k: number) => inSentence(k) && tokens[k]!.kind === 'word' && !isCap(tokens[k]!.text);
  if (titleFunctionWords.has(t.norm) || notNames.has(t.norm) || awardWords.has(t.norm)) return 'none';
  if (titleWord(tokens, sentOf, i - 1) || titleWord(tokens, sentOf, i + 1)) return 'none';
  if (norm(i - 1) === 'the' && !eraNouns.has(norm(i + 1))) return 'none';
  if (lower(i - 1) && (organizationNounsBefore.has(norm(i - 1)) || (norm(i - 1) === 'leader' && marketWords.has(norm(i - 2))))) return 'organization';
  // "Blu-ray", "Multi-Coloured": the first piece of a hyphenated word
  const attached = (k: number) => inSentence(k) && tokens[k]!.start === tokens[k - 1]!.end;
  if (tokens[i + 1]?.text === '-' && attached(i + 1) && attached(i + 2)) return 'none';
  // "Jupiter analyst", "Villa chairman Doug Ellis", "Goldeneye director": the employer or the work, not a person
  if (lower(i + 1) && rolesAfterName.has(norm(i + 1))) return 'none';
  if (lower(i + 1) && playerRoles.has(norm(i + 1)) && inSentence(i + 2) && tokens[i + 2]!.kind === 'word' && isCap(tokens[i + 2]!.text)) return 'organization';
  if (eponymousIllness(tokens, sentOf, i)) return 'none';
  return undefined;
}

/** Nouns of illnesses named after a person: "Alzheimer's disease", "Tourette's syndrome". */
const illnessNouns = new Set('disease diseases syndrome disorder'.split(' '));
/** Words that put an illness next: "diagnosed as Alzheimer's", "suffering from Parkinson's". */
const illnessCues = new Set('diagnosed diagnosis suffering suffers suffered suffer'.split(' '));

/**
 * "Alzheimer's disease", "diagnosed as Alzheimer's", "suffering from Parkinson's": a one-word name
 * with a possessive before an illness noun, or after a diagnosis, names an illness, not a person.
 */
export function eponymousIllness(tokens: readonly Token[], sentOf: readonly number[], i: number): boolean {
  const norm = (k: number) => (k >= 0 && k < tokens.length && sentOf[k] === sentOf[i] ? tokens[k]!.norm : '');
  if (tokens[i + 1]?.kind !== 'possessive' || sentOf[i + 1] !== sentOf[i]) return false;
  if (illnessNouns.has(norm(i + 2))) return true;
  const cueAt = /^(as|with|from)$/.test(norm(i - 1)) ? i - 2 : -1;
  return cueAt >= 0 && illnessCues.has(norm(cueAt));
}

/** Last words of newspapers' names, never a surname: "the Financial Times", "the Sunday Telegraph". */
const newspaperWords = new Set('times telegraph herald gazette chronicle tribune journal'.split(' '));

/**
 * Multi-word PER spans that are titles of works, awards or newspapers:
 * - a capitalised function word inside or right beside the span ("Wake Me Up", "Gone Are | the
 *   Days", "My | Own Private Idaho"; see titleWord), or a lower-case award or event noun right
 *   after it ("the Golden Kinnaree awards"), or a model code ("Mercedes Benz C180"): MISC, this span only ("The John Peel Show" is a show,
 *   "John Peel" in the next sentence the DJ);
 * - a newspaper's last word ("Financial Times"): ORG, in every span of the name.
 */
export function peopleInTitles(spans: LabelledSpan[], tokens: readonly Token[], sentOf: readonly number[]): void {
  const papers = new Set<string>();
  for (const s of spans) {
    if (s.label !== 'PER' || s.i1 - s.i0 < 2) continue;
    let inside = false;
    for (let k = s.i0 - 1; k <= s.i1; k++) if (sentOf[k] === sentOf[s.i0] && titleWord(tokens, sentOf, k)) inside = true;
    const after = tokens[s.i1];
    const award = after && sentOf[s.i1] === sentOf[s.i0] && after.kind === 'word' && !isCap(after.text) && awardWords.has(after.norm);
    // (this span only: "The John Peel Show" is a show, "John Peel" elsewhere the DJ)
    // "Mercedes Benz C180", "Volvo S40": a model code after the name makes it a product
    const model = after && sentOf[s.i1] === sentOf[s.i0] && after.kind === 'word' && /^\p{Lu}+\d+\p{L}*$/u.test(after.text) && after.start === tokens[s.i1 - 1]!.end + 1;
    if (inside || award || model) s.label = 'MISC';
    else if (newspaperWords.has(tokens[s.i1 - 1]!.norm)) papers.add(spanKey(s, tokens));
  }
  for (const s of spans) if (s.label === 'PER' && papers.has(spanKey(s, tokens))) s.label = 'ORG';
}

/** Plural nouns of works that introduce a list of titles: "films like Harry Potter", "hits including Light My Fire". */
const worksPlural = new Set('films movies games titles songs albums shows hits singles programmes series franchises novels books sitcoms dramas comedies'.split(' '));
/** Lower-case words a list of titles may contain: "Shaun of the Dead", "Sex And The City", "Jak and Daxter". */
const listConnectors = new Set('and or of the a an in on to for is my'.split(' '));

/**
 * "films like Harry Potter and The Prisoner Of Azkaban", "titles such as Fifa and John Madden",
 * "hits including Street Life, Love Is The Drug": PER spans in a list that a plural work noun
 * introduces with "like", "such as" or "including"/"include" are works (MISC), and so are those
 * after "starred in", "appeared in", "roles in" ("roles in Romeo and Juliet, Titanic"). The list
 * runs from the cue to the first ordinary lower-case word ("films such as Ray, starring Jamie
 * Foxx", "starred in Ocean's Eleven with George Clooney") within the sentence. Singular nouns are
 * left out ("the show include Tim Healy" lists the cast).
 */
export function worksInLists(spans: LabelledSpan[], tokens: readonly Token[], sentOf: readonly number[]): void {
  for (const s of spans) {
    if (s.label !== 'PER') continue;
    // (after "in", not the maker before a possessive or a work noun: "her role in Mike Nichols' Closer",
    // "her performance in the Mike Leigh film")
    const next = tokens[s.i1];
    const maker = next !== undefined && (next.kind === 'possessive' || next.text === "'" || (workNouns.has(next.norm) && !isCap(next.text)));
    for (let k = s.i0 - 1; k >= 1 && sentOf[k] === sentOf[s.i0]; k--) {
      const t = tokens[k]!;
      if (t.norm === 'in' && creditsIn.has(tokens[k - 1]!.norm) && !isCap(tokens[k - 1]!.text) && !maker) {
        s.label = 'MISC';
        break;
      }
      const cue = t.norm === 'like' || t.norm === 'including' || t.norm === 'include' || t.norm === 'includes' || t.norm === 'included' || (t.norm === 'as' && tokens[k - 1]!.norm === 'such');
      if (cue && !isCap(t.text)) {
        let noun = t.norm === 'as' ? k - 2 : k - 1;
        if (tokens[noun]?.text === ',') noun--;
        if (noun >= 0 && worksPlural.has(tokens[noun]!.norm) && !isCap(tokens[noun]!.text)) s.label = 'MISC';
        break;
      }
      // the list ends at an ordinary lower-case word, or a number not in brackets ("the 1981 John Lennon cover")
      if (t.kind === 'word' && !isCap(t.text) && !(/\d/.test(t.text) ? tokens[k - 1]!.text === '(' : listConnectors.has(t.norm))) break;
    }
  }
}

/** Nouns right after a work's or character's name that it modifies: "Harry Potter author", "James Bond star", "Star Trek fans". */
const workRolesAfter = new Set('star fans franchise author creator character characters theme musical actor actress series saga spoof villain sequel sequels books novels'.split(' '));

/**
 * "the Harry Potter author JK Rowling", "James Bond star Pierce Brosnan", "Star Trek fans": a
 * multi-word PER span right before one of these nouns (lower case, no possessive) names a work or
 * a character, in every span of the name in the article. Not "film" or "movie" ("a Jude Law film"
 * is the actor's), nor "stars" (the verb: "Vince Vaughn stars as").
 */
export function worksBeforeRoles(spans: LabelledSpan[], tokens: readonly Token[]): void {
  const works = new Set<string>();
  for (const s of spans) {
    const after = tokens[s.i1];
    if (s.label === 'PER' && s.i1 - s.i0 > 1 && after?.kind === 'word' && !isCap(after.text) && workRolesAfter.has(after.norm)) works.add(spanKey(s, tokens));
  }
  for (const s of spans) if (s.label === 'PER' && works.has(spanKey(s, tokens))) s.label = 'MISC';
}

/**
 * "Lord Justice Rix and Mr Justice Forbes" tagged as one span (ORG 0.62): a person's name has no
 * "and", so a PER span, or any span whose "and" is followed by an honorific ("and Mr"), is cut at
 * a lower-case "and" into two PER spans (each side is a name). Not at "&" ("Bank Oyens & Van
 * Eeghen" is a firm).
 */
export function splitPeopleAtAnd(spans: LabelledSpan[], tokens: readonly Token[]): void {
  for (let k = 0; k < spans.length; k++) {
    const s = spans[k]!;
    const cut = tokens.slice(s.i0 + 1, s.i1 - 1).findIndex((t, j) => t.text === 'and' && (s.label === 'PER' || honorifics.has(tokens[s.i0 + 2 + j]!.norm)));
    if (cut < 0) continue;
    const i = s.i0 + 1 + cut;
    spans.splice(k, 1, { ...s, label: 'PER', i1: i }, { ...s, label: 'PER', i0: i + 1 });
  }
}

/** "A" or "I" as a player's initial ("M Davies, A Jones; B Cockbain"): after a comma, semicolon or bracket, not opening the sentence. */
function lineUpInitial(tokens: readonly Token[], sentOf: readonly number[], i: number): boolean {
  return /^[AI]$/.test(tokens[i]!.text) && i > 0 && sentOf[i - 1] === sentOf[i] && /^[,;(]$/.test(tokens[i - 1]!.text);
}

/**
 * "..., M Davies, A Jones; B Cockbain" with "A" left out of the span (read as the article): in a
 * list of initials and surnames (three or more in the sentence), a single capital letter after a
 * comma, semicolon, colon, bracket or the sentence's start and right before a span is the player's
 * initial; the span grows to take it and is a person. Not before a country word ("(S Africa)").
 */
export function initialBeforeSurname(spans: LabelledSpan[], tokens: readonly Token[], sentOf: readonly number[], countryWord: (word: string) => boolean = () => false): void {
  const initial = (i: number) => i >= 0 && /^\p{Lu}\.?$/u.test(tokens[i]!.text) && (i === 0 || sentOf[i - 1] !== sentOf[i] || /^[,;:(]$/.test(tokens[i - 1]!.text));
  const pairs = new Map<number, number>();
  for (let i = 0; i + 1 < tokens.length; i++) if (initial(i) && sentOf[i + 1] === sentOf[i] && isCap(tokens[i + 1]!.text) && tokens[i + 1]!.text.length > 1) pairs.set(sentOf[i]!, (pairs.get(sentOf[i]!) ?? 0) + 1);
  for (const s of spans) {
    if (s.i1 - s.i0 !== 1 || s.i0 < 1 || !initial(s.i0 - 1) || countryWord(tokens[s.i0]!.text) || sentOf[s.i0 - 1] !== sentOf[s.i0] || (pairs.get(sentOf[s.i0]!) ?? 0) < 3) continue;
    s.i0 -= 1;
    s.label = 'PER';
  }
}

/**
 * A sentence with more ordinary lower-case words than one-word names is prose, not a line-up:
 * "Ancic, Wimbledon semi-finalist in 2004, looked set to push Safin all the way when ... Safin
 * raised his game" has five one-word names, most of them PER, and 20 such words. A scorecard's
 * "c Smith b Jones" keeps as many names as lower-case words.
 */
function proseSentence(tokens: readonly Token[], sentOf: readonly number[], inside: number, names: number): boolean {
  let lower = 0;
  for (let k = inside; k >= 0 && sentOf[k] === sentOf[inside]; k--) if (tokens[k]!.kind === 'word' && !isCap(tokens[k]!.text) && !/\d/.test(tokens[k]!.text)) lower++;
  for (let k = inside + 1; k < tokens.length && sentOf[k] === sentOf[inside]; k++) if (tokens[k]!.kind === 'word' && !isCap(tokens[k]!.text) && !/\d/.test(tokens[k]!.text)) lower++;
  return lower > names;
}

/**
 * "De Marigny; Mi Bergamasco, Canale, Masi, Nitoglia; Orquera, Troncon; ...": a sentence with no
 * lower-case word, its names separated by commas and semicolons (at least five), is a list; with
 * PER the commonest label among its one-word names (the tagger split Masi PER, Nitoglia LOC,
 * Canale ORG), it is a line-up.
 */
export function listOfNames(tokens: readonly Token[], sentOf: readonly number[], inside: number): boolean {
  let k = inside;
  while (k > 0 && sentOf[k - 1] === sentOf[inside]) k--;
  let separators = 0;
  for (; k < tokens.length && sentOf[k] === sentOf[inside]; k++) {
    const t = tokens[k]!;
    if (t.kind === 'word' && !isCap(t.text) && !/\d/.test(t.text) && !nameParticles.has(t.norm)) return false;
    if (t.text === ',' || t.text === ';') separators++;
  }
  return separators >= 5;
}

/**
 * "..., Lita (Cotterill 72), Gillespie. Subs Not Used: Orr, Brown.": a sentence on the same line
 * right after a line-up, with no lower-case word, continues it (the substitutes), so its names
 * are players too, whatever the tagger made of them.
 */
export function listsAfterLineUps(text: string, tokens: readonly Token[], sentOf: readonly number[], roster: Set<number>): void {
  for (let i = 1; i < tokens.length; i++) {
    const si = sentOf[i]!;
    if (sentOf[i - 1] === si || !roster.has(sentOf[i - 1]!) || roster.has(si) || text.slice(tokens[i - 1]!.end, tokens[i]!.start).includes('\n')) continue;
    let k = i;
    let list = true;
    for (; k < tokens.length && sentOf[k] === si; k++) if (tokens[k]!.kind === 'word' && !isCap(tokens[k]!.text) && !/\d/.test(tokens[k]!.text)) list = false;
    if (list && tokens.slice(i, k).some((t) => t.text === ',')) roster.add(si);
  }
}

/**
 * "Doherty (Harley 45), Dinning, Bell", "Herve (McKoy 45)": in a line-up, a capitalised word
 * the tagger left out, standing alone between the list's separators (comma, semicolon, colon,
 * bracket, a substitution minute or the sentence's edge), is a player like its neighbours. Not a
 * run of capitalised words ("Subs Not Used"), a list's heading ("Replacements (from):"), a title
 * or an acronym.
 */
export function untaggedPlayers(tokens: readonly Token[], sentOf: readonly number[], roster: ReadonlySet<number>, spanAt: Int32Array): number[] {
  const edge = (k: number, i: number) => k < 0 || k >= tokens.length || sentOf[k] !== sentOf[i] || /^[,;:()]$|^\d+$|^\.$/.test(tokens[k]!.text);
  const players: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!roster.has(sentOf[i]!) || spanAt[i]! >= 0 || t.kind !== 'word' || !/^\p{Lu}\p{Ll}/u.test(t.text) || titleWords.has(t.norm) || notNames.has(t.norm)) continue;
    // "Replacements (from):" heads the list
    const header = tokens.slice(i + 1, i + 5).find((x) => /^[,;:]$/.test(x.text))?.text === ':';
    if (edge(i - 1, i) && edge(i + 1, i) && !header) players.push(i);
  }
  return players;
}

/**
 * "the Ford Mustang", "the Ford Five Hundred and Mercury Montego sedans", "the Rolling Stones",
 * "1947's Nicholas Nickleby": a person's name takes no article nor a year's possessive, so a
 * multi-word PER span right after a lower-case "the" (or a year's "'s") is a thing's (a product, a
 * work, a band: MISC) in every span of the name in the article, and so is a PER span coordinated
 * with it ("and Mercury Montego"). Not before an era's noun ("the Bill Clinton administration",
 * "the Tony Blair era") or another lower-case word (a modifier: "the Mike Leigh film", "the David
 * Blunkett affair"), nor a span with a title word ("the Prince of Wales"), an initialled name, a
 * name the article also gives a title ("Mr Ford") or one whose surname it uses alone as a person.
 */
export function thingsAfterThe(spans: LabelledSpan[], tokens: readonly Token[], sentOf: readonly number[]): void {
  const things = new Set<string>();
  const titled = new Set<string>();
  const isPer = (s: LabelledSpan) => s.label === 'PER' && s.i1 - s.i0 > 1;
  // surnames the article uses alone as a person ("Blunkett" beside "the David Blunkett affair")
  const alone = new Set(spans.filter((s) => s.label === 'PER' && s.i1 - s.i0 === 1).map((s) => tokens[s.i0]!.norm));
  for (const s of spans) if (s.label === 'PER' && s.i0 > 0 && personTitles.has(tokens[s.i0 - 1]!.norm) && isCap(tokens[s.i0 - 1]!.text)) titled.add(spanKey(s, tokens));
  let last: LabelledSpan | undefined;
  for (const s of spans) {
    const before = tokens[s.i0 - 1];
    const after = tokens[s.i1];
    const inSentence = (k: number) => k >= 0 && k < tokens.length && sentOf[k] === sentOf[s.i0];
    // "1947's Nicholas Nickleby", "1995's Lion King": a year's possessive dates a work, never a person
    const dated = inSentence(s.i0 - 2) && before!.kind === 'possessive' && /^(1[89]|20)\d\d$/.test(tokens[s.i0 - 2]!.text);
    if (s.label === 'PER' && dated) {
      things.add(spanKey(s, tokens));
      continue;
    }
    const determined = inSentence(s.i0 - 1) && before!.text === 'the' && !(inSentence(s.i1) && eraNouns.has(after!.norm));
    // "the A and B": B after "and" right after a thing found here
    const coordinated = last && inSentence(s.i0 - 1) && before!.norm === 'and' && last.i1 === s.i0 - 1;
    const key = spanKey(s, tokens);
    // "the Mike Leigh film": a name before a lower-case word is a modifier, maybe a person's
    const modifier = inSentence(s.i1) && after!.kind === 'word' && !isCap(after!.text) && !/^(and|or)$/.test(after!.norm);
    const personLike = modifier || /^\p{Lu}\.?$/u.test(tokens[s.i0]!.text) || alone.has(tokens[s.i1 - 1]!.norm);
    if (isPer(s) && (determined || coordinated) && !personLike && !tokens.slice(s.i0, s.i1).some((t) => titleWords.has(t.norm)) && !titled.has(key)) {
      things.add(key);
      last = s;
    } else if (s.label === 'PER') last = undefined;
  }
  for (const s of spans) if (s.label === 'PER' && things.has(spanKey(s, tokens))) s.label = 'MISC';
}

/** Verbs of speech and thought right after a name: a person's (or a company's) voice, never a thing's. */
const speechVerbs = new Set(
  ('said says say told tells added adds admitted admits insisted insists explained explains claimed claims believes believed thinks ' +
    'thought wrote writes argued argues warned warns replied recalled revealed reveals denied denies agreed agrees stated ' +
    'announced announces confirmed confirms described describes joked jokes laughed smiled died dies married').split(' '),
);
/** Speech verbs before the speaker: "said Idowu". */
const invertedSpeech = new Set('said says added asked explained admitted insisted'.split(' '));
/** Kin and fellows before a name: "his brother Mukesh", "compatriot Ronaldo", "top scorer Ronaldo". */
const kinNouns = new Set(
  ('brother brothers sister sisters son sons daughter daughters wife husband father mother uncle aunt cousin nephew niece widow ' +
    'partner girlfriend boyfriend fiancee fiance compatriot countryman team-mate teammate colleague scorer rival opponent').split(' '),
);
/** Pronouns that refer to a person, and to a thing. */
const personPronouns = new Set('he she him her his hers himself herself'.split(' '));
const thingPronouns = new Set('it its itself'.split(' '));

/**
 * What the article says about one mention of a name (tokens i0..i1, one word by default):
 * 'person' when a role, kin or speech word comes right before ("striker Edu", "his brother
 * Mukesh", "said Idowu"), a demonym ("Brazilian Ronaldo"), an age or "who" after it ("Ronaldo,
 * 28,", "Ronaldo, who"), it is listed beside a person named in full (`personAt`), "the Clinton
 * administration", a speech verb follows ("Eminem said") or the first pronoun after it in its
 * sentence or the next is he/she/his/her; 'thing' when that pronoun is it/its; undefined when the
 * article says nothing. `strict` keeps only the cues an organisation cannot have (no speech
 * verbs, no pronouns): for telling a person from a company rather than from a thing.
 */
export function personCue(tokens: readonly Token[], sentOf: readonly number[], i0: number, personAt: (k: number) => boolean = () => false, countryWord: (word: string) => boolean = () => false, i1 = i0 + 1, strict = false): 'person' | 'thing' | undefined {
  const s = sentOf[i0]!;
  const inSentence = (k: number) => k >= 0 && k < tokens.length && sentOf[k] === s;
  // "said Idowu", "his brother Mukesh", "compatriot Ronaldo", "Brazilian Ronaldo", "striker Edu"
  const before = inSentence(i0 - 1) && tokens[i0 - 1]!.kind === 'word' ? tokens[i0 - 1]! : undefined;
  // (strict: not a plural, "industry analysts Screen Digest")
  const plural = strict && before !== undefined && /[^s]s$/.test(before.norm);
  if (before && !isCap(before.text) && !plural && ((!strict && invertedSpeech.has(before.norm)) || kinNouns.has(before.norm) || afterPersonRole(tokens, i0) || rolesAfterName.has(before.norm) || playerRoles.has(before.norm))) return 'person';
  if (before && isCap(before.text) && countryWord(before.text) && !isCap(tokens[i1]?.text ?? '')) return 'person';
  // "the Clinton administration"
  if (inSentence(i1) && eraNouns.has(tokens[i1]!.norm) && tokens[i0 - 1]?.norm === 'the') return 'person';
  // "Amy Winehouse, Jamelia, Natasha Bedingfield and PJ Harvey": listed beside a person named in full
  const sep = (k: number) => inSentence(k) && (tokens[k]!.text === ',' || tokens[k]!.norm === 'and');
  if ((sep(i0 - 1) && inSentence(i0 - 2) && personAt(i0 - 2)) || (sep(i1) && inSentence(i1 + 1) && personAt(i1 + 1))) return 'person';
  let k = i1;
  if (tokens[k]?.kind === 'possessive') k++;
  // "Ronaldo, 28, said", "Ronaldo, who"
  if (tokens[k]?.text === ',' && /^\d+$/.test(tokens[k + 1]?.text ?? '') && tokens[k + 2]?.text === ',') {
    if (k === i1) return 'person';
    k += 3;
  }
  if (tokens[k]?.text === ',' && /^(who|whose)$/.test(tokens[k + 1]?.norm ?? '')) return 'person';
  // the rest also fits an organisation ("Qantas said"): against a thing, not against a company
  if (strict) return undefined;
  if (k === i1 && inSentence(k) && speechVerbs.has(tokens[k]!.norm) && !isCap(tokens[k]!.text)) return 'person';
  if (k > i1 && tokens[k - 1]?.kind !== 'possessive' && inSentence(k) && speechVerbs.has(tokens[k]!.norm)) return 'person';
  for (let j = i1; j < tokens.length && sentOf[j]! <= s + 1; j++) {
    const n = tokens[j]!.norm;
    if (personPronouns.has(n)) return 'person';
    if (thingPronouns.has(n)) return 'thing';
  }
  return undefined;
}

/**
 * "Vioxx", "Qantas", "Graceland", "Steam": an untitled one-word person the article names no fuller
 * (rule per-single) is kept only if some occurrence of the word in the article gives a person cue
 * (personCue) and the person cues are not outnumbered by thing cues. Titled ones, line-up players
 * and short forms of full names are not affected.
 */
export function dropSinglesWithoutEvidence(found: { kind: string; slug: string; rule: string; start: number; end: number }[], tokens: readonly Token[], sentOf: readonly number[], countryWord: (word: string) => boolean = () => false): void {
  const singles = new Set(found.filter((f) => f.rule === 'per-single').map((f) => f.slug));
  for (const f of found) if (f.kind === 'person' && f.rule !== 'per-single') singles.delete(f.slug);
  if (!singles.size) return;
  // tokens that start or end a person named in full (or by title): "Amy Winehouse, Jamelia"
  const edges = new Set<number>();
  for (const f of found) if (f.kind === 'person' && f.rule !== 'per-single') edges.add(f.start).add(f.end);
  const personAt = (k: number) => edges.has(tokens[k]!.start) || edges.has(tokens[k]!.end);
  const votes = new Map<string, { person: number; thing: number }>();
  for (let i = 0; i < tokens.length; i++) {
    const slug = tokens[i]!.kind === 'word' && isCap(tokens[i]!.text) ? slugify(tokens[i]!.text) : '';
    if (!singles.has(slug)) continue;
    const v = votes.get(slug) ?? { person: 0, thing: 0 };
    const cue = personCue(tokens, sentOf, i, personAt, countryWord);
    if (cue) v[cue]++;
    votes.set(slug, v);
  }
  const keep = (slug: string) => {
    const v = votes.get(slug);
    return v !== undefined && v.person > 0 && v.person >= v.thing;
  };
  for (let k = found.length - 1; k >= 0; k--) if (found[k]!.rule === 'per-single' && singles.has(found[k]!.slug) && !keep(found[k]!.slug)) found.splice(k, 1);
}

/**
 * The multi-word PER names (span keys) for which some span in the article has a strict person cue
 * (personCue: one no organisation has): "JP McManus and John Magnier", "Finian O'Sullivan, 45,"
 * stay people though the tagger doubts them and "Finian" is in no first-name list.
 */
export function namesWithPersonCues(spans: readonly LabelledSpan[], tokens: readonly Token[], sentOf: readonly number[], countryWord: (word: string) => boolean = () => false): Set<string> {
  // people named in full with a known first name: "John Magnier" (not "Pop Idol", "Lesotho Hats")
  const edges = new Set<number>();
  for (const s of spans) if (s.label === 'PER' && s.i1 - s.i0 > 1 && firstNames().has(tokens[s.i0]!.norm)) edges.add(s.i0).add(s.i1 - 1);
  const votes = new Map<string, { person: number; thing: number }>();
  for (const s of spans) {
    if (s.label !== 'PER' || s.i1 - s.i0 < 2) continue;
    const key = spanKey(s, tokens);
    const v = votes.get(key) ?? { person: 0, thing: 0 };
    const cue = personCue(tokens, sentOf, s.i0, (k) => edges.has(k) && (k < s.i0 || k >= s.i1), countryWord, s.i1, true);
    if (cue) v[cue]++;
    votes.set(key, v);
  }
  return new Set([...votes].filter(([, v]) => v.person > 0 && v.person >= v.thing).map(([key]) => key));
}

/** "Mr Brown - He also promised": a dash with a space on each side ends a person's name ("Kilroy-Silk" has none). */
function spacedDash(text: string, t: Token): boolean {
  return (t.text === '-' || t.text === '–') && /\s/.test(text[t.start - 1] ?? '') && /\s/.test(text[t.end] ?? '');
}

/** Titles that go with a first name, not a surname: "Sir Nicholas", "Dame Judi". */
const firstNameTitles = new Set(['sir', 'dame']);

/**
 * "Sir Nicholas" after "Sir Nicholas Scott", "Serena" beside "Serena Williams", "Saddam's regime"
 * beside "Saddam Hussein": a first name alone, after Sir or Dame (`title`) or untitled (`title`
 * undefined), is the one person of the article named in full with that first word; none when several are
 * ("Avi and Joel Glazer" ... "Malcolm Glazer": "Glazer" decides, not a first name).
 */
export function firstNameShortForm<P extends { words: readonly string[] }>(persons: readonly P[], word: string, title: string | undefined): P | undefined {
  if (title !== undefined && !firstNameTitles.has(title)) return undefined;
  const same = persons.filter((p) => p.words.length >= 2 && normToken(p.words[0]!) === word);
  return same.length === 1 ? same[0] : undefined;
}

/** Title words that are also common surnames: "John Major", "Stephen King", "Frank Field", "John Sergeant". */
const surnameTitles = new Set('king major field bishop sergeant judge prince dean marshall'.split(' '));

/** Suffixes after a surname: "Martin Luther King Jnr". */
const nameSuffixes = new Set(['jnr', 'jr', 'snr', 'sr']);

/**
 * "Martin Luther King (Jnr)", "John Major": a surname-like title word at j ending the span i0..i1
 * (but for a suffix), the span starting with a first name and no title before j, is the surname,
 * not a title (so the name is not stripped to nothing). Not "Tory Lord Campbell", "Tory Leader".
 */
function titleAsSurname(tokens: readonly Token[], i0: number, j: number, i1: number): boolean {
  const before = tokens.slice(i0, j);
  const rest = tokens.slice(j + 1, i1);
  return surnameTitles.has(tokens[j]!.norm) && firstNames().has(before[0]?.norm ?? '') && !before.some((t) => titleWords.has(t.norm)) && rest.every((t) => nameSuffixes.has(t.norm) || t.text === '.');
}

/**
 * "Harry Potter and the Prisoner of Azkaban", "Harry Potter and Order of the Phoenix": a
 * multi-word PER span followed by "and", an optional "the", one capitalised word that is no first
 * name and "of" is the start of a title; the name is a work in every span of the article. Not two
 * people ("Justin Gatlin and Francis Obikwelu of Portugal": a first name after "and").
 */
export function worksNamedWithAnd(spans: LabelledSpan[], tokens: readonly Token[]): void {
  const works = new Set<string>();
  for (const s of spans) {
    if (s.label !== 'PER' || s.i1 - s.i0 < 2 || tokens[s.i1]?.text !== 'and') continue;
    let k = s.i1 + 1;
    if (tokens[k]?.norm === 'the') k++;
    const word = tokens[k];
    if (word?.kind === 'word' && isCap(word.text) && !firstNames().has(word.norm) && tokens[k + 1]?.norm === 'of') works.add(spanKey(s, tokens));
  }
  for (const s of spans) if (s.label === 'PER' && works.has(spanKey(s, tokens))) s.label = 'MISC';
}

/**
 * "Lord Kinnock - who led Labour" tagged MISC: a span opening with a capitalised honorific and a
 * capitalised name is a person's (PER), so the later repairs cut it at ordinary words as they cut
 * people. Not "Lord of the Rings" (a lower-case word next), nor "Dr Who" (a function word).
 */
export function honorificSpansArePeople(spans: LabelledSpan[], tokens: readonly Token[]): void {
  for (const s of spans) {
    const [title, name] = [tokens[s.i0]!, tokens[s.i0 + 1]];
    if (s.label !== 'MISC' || !name || s.i1 - s.i0 < 2 || !isCap(title.text) || !honorifics.has(title.norm)) continue;
    if (name.kind === 'word' && isCap(name.text) && !titleFunctionWords.has(name.norm) && !notNames.has(name.norm)) s.label = 'PER';
  }
}

/** Capitalised role nouns that open a sentence before a name ("Winger Nitoglia", "Striker Henry"), not titles. */
const leadingRoles = new Set(
  ('winger striker midfielder defender goalkeeper keeper prop lock hooker flanker fly-half scrum-half centre full-back fullback veteran veterans compatriot compatriots singer actor actress author writer novelist producer presenter rapper ' +
    'cinematographer photographer designer composer comedian comic broadcaster journalist sprinter batsman bowler').split(' '),
);

/**
 * Role words a PER span kept: a capitalised role noun opening it ("Winger Nitoglia", at a
 * sentence's start) and a member word closing it ("Frank Field MP", "Lib Dem MPs": what is left
 * may then be a known party) are cut off.
 */
export function trimRoleWords(spans: LabelledSpan[], tokens: readonly Token[]): void {
  for (const s of spans) {
    if (s.label !== 'PER' || s.i1 - s.i0 < 2) continue;
    if (leadingRoles.has(tokens[s.i0]!.norm) && isCap(tokens[s.i0 + 1]!.text)) s.i0++;
    else if (memberWords.has(tokens[s.i1 - 1]!.norm) && /^\p{Lu}{2,}s?$/u.test(tokens[s.i1 - 1]!.text)) s.i1--;
  }
}

/** Plural titles before a list of surnames: "Lord Justices Clarke and Rix", "Messrs Blair and Brown". */
const pluralTitles = new Set('justices judges messrs lords senators presidents ministers'.split(' '));

/**
 * "Lord Justices Clarke and Rix": after a capitalised plural title, every one-word span of the
 * list that follows (joined by commas and "and") is a person, whatever the tagger said ("Rix" MISC).
 */
export function pluralTitleLists(spans: LabelledSpan[], tokens: readonly Token[], sentOf: readonly number[]): void {
  for (let i = 0; i < tokens.length; i++) {
    if (!pluralTitles.has(tokens[i]!.norm) || !isCap(tokens[i]!.text)) continue;
    // the list: capitalised names joined by "," or "and", within the sentence
    for (let k = i + 1; k < tokens.length && sentOf[k] === sentOf[i]; k++) {
      const t = tokens[k]!;
      if (t.text === ',' || t.text === 'and') continue;
      if (t.kind !== 'word' || !isCap(t.text)) break;
      for (const s of spans) if (s.i0 === k && s.i1 === k + 1) s.label = 'PER';
      // a span the tagger ran from the title into the name ("Justices Clarke") is left to the title stripping
    }
  }
}

/** Last words of names of buildings, institutions, competitions and lectures, never of a person's: "Tate Gallery", "Scotland Yard", "La Liga", "Hinton Lecture". */
const placeLastWords = new Set('gallery museum theatre theater cathedral abbey palace university college hospital square yard harbour harbor liga serie bundesliga lecture lectures'.split(' '));

/** A multi-word PER span ending in a building's, institution's or competition's word ("Tate Gallery", "Odeon Leicester Square") names no person (MISC). */
export function namesOfPlaces(spans: LabelledSpan[], tokens: readonly Token[]): void {
  for (const s of spans) if (s.label === 'PER' && s.i1 - s.i0 > 1 && placeLastWords.has(tokens[s.i1 - 1]!.norm)) s.label = 'MISC';
}

/**
 * "film studio Lions Gate", "record label Def Jam", "charity Comic Relief": a multi-word PER span
 * right after a lower-case organisation noun (organizationNounsBefore) is that organisation (ORG),
 * in every span of the name in the article.
 */
export function organizationsAfterNoun(spans: LabelledSpan[], tokens: readonly Token[]): void {
  const names = new Set<string>();
  for (const s of spans) {
    const noun = tokens[s.i0 - 1];
    if (s.label === 'PER' && s.i1 - s.i0 > 1 && noun?.kind === 'word' && !isCap(noun.text) && organizationNounsBefore.has(noun.norm)) names.add(spanKey(s, tokens));
  }
  for (const s of spans) if (s.label === 'PER' && names.has(spanKey(s, tokens))) s.label = 'ORG';
}

export type { SentenceSpan, Token };
