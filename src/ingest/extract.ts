import { normalizeAlias, slugify } from '../db/normalize.ts';
import type { AliasType, EntityKind } from '../db/schema.ts';
import { cleanText } from './clean.ts';
import { Gazetteer, preferSovereign, type GazetteerEntry, type GazetteerMatch } from './gazetteer.ts';
import {
  curatedOrgs,
  nameLexicon,
  nameParticles,
  notNames,
  ofHeads,
  orgHeads,
  personCues,
  personTitles,
  placeHeads,
  surnameFirst,
  titleWords,
} from './lexicon.ts';
import { posTags } from './pos.ts';
import { sentenceIndexAt, splitSentences, type SentenceSpan } from './sentences.ts';
import { isAllCaps, isCap, tokenize, type Token } from './tokens.ts';

/**
 * Entity extraction: countries and known entities through the gazetteer trie; new people and
 * organisations from capitalised spans that wink-nlp tags, classified by titles, cue words,
 * first-name and head-word lists; then within-article coreference of short forms.
 *
 * Why wink-nlp and not compromise (measured, see docs/quality.md): compromise's
 * people()/places()/organizations() take ~40 ms per 750-word article (~35 articles/s on this
 * 2-core machine), below the 100 articles/s budget, while wink-nlp tags the same article in
 * ~2-3 ms. Compromise's lexicon (first names, places) is still used, as data only.
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
  places: (PlaceSpan & { rule: string })[];
}

export function extractMentions(text: string, gazetteer: Gazetteer): Extraction {
  const d = extractDetailed(text, gazetteer);
  return { text: d.text, sentences: d.sentences, entities: d.entities, mentions: d.mentions };
}

type Unit = { i0: number; i1: number; gm?: GazetteerMatch; bridge?: boolean };

interface Person {
  slug: string;
  name: string;
  words: string[];
  known: boolean;
  first: number;
  count: number;
  shorts: Set<string>;
}

interface Found {
  kind: EntityKind | 'place';
  slug: string;
  name: string;
  start: number;
  end: number;
  via: AliasType | 'ner';
  rule?: string;
}

interface Single {
  /** The name token (a title, if any, is outside start..end). */
  i: number;
  start: number;
  end: number;
  titled: boolean;
  gm?: GazetteerMatch;
}

const personKinds = new Set<EntityKind>(['person', 'organization']);

const curatedByAlias = new Map<string, { name: string; exact?: string }>();
for (const o of curatedOrgs) {
  curatedByAlias.set(normalizeAlias(o.name), { name: o.name, exact: isAllCaps(o.name) ? o.name : undefined });
  for (const a of o.aliases) curatedByAlias.set(normalizeAlias(a), { name: o.name, exact: isAllCaps(a) ? a.replace(/\./g, '') : undefined });
}

/** A curated organisation by surface; acronyms must be written in capitals ("WHO", not "who"). */
function curatedOrg(surface: string): string | null {
  const c = curatedByAlias.get(normalizeAlias(surface));
  if (!c) return null;
  if (c.exact && surface.replace(/\./g, '') !== c.exact) return null;
  return c.name;
}

const sentenceEnd = /[.!?:;"')\]]$/;

export function extractDetailed(raw: string, gazetteer: Gazetteer): DetailedExtraction {
  const text = cleanText(raw);
  const sentences = splitSentences(text);
  const tokens = tokenize(text);
  const pos = tokens.length ? posTags(text, tokens) : [];
  const lex = nameLexicon();

  // per-sentence flags: a heading is a line without sentence punctuation; an all-caps sentence
  // (wire headlines) has no usable capitalisation
  const heading: boolean[] = [];
  const allCaps: boolean[] = [];
  for (const s of sentences) {
    const lineEnd = text.indexOf('\n', s.start);
    const isLineEnd = s.end === (lineEnd < 0 ? text.length : lineEnd);
    const body = text.slice(s.start, s.end);
    heading.push(isLineEnd && !sentenceEnd.test(body) && isLineStart(text, s.start));
    const letters = body.replace(/[^\p{L}]/gu, '');
    allCaps.push(letters.length >= 4 && letters.replace(/\p{Lu}/gu, '').length <= letters.length * 0.1);
  }
  const sentOf = tokens.map((t) => sentenceIndexAt(sentences, t.start));

  const gms = gazetteer.matchTokens(tokens, text).filter((m) => sentOf[m.tokenStart] === sentOf[m.tokenEnd - 1]);
  const gmAt = new Map<number, GazetteerMatch>();
  for (const m of gms) gmAt.set(m.tokenStart, m);

  const found: Found[] = [];
  const fullPersons: { i0: number; i1: number; start: number; end: number }[] = [];
  const singles: Single[] = [];
  const gmCountry: GazetteerMatch[] = [];

  const wordAt = (i: number) => {
    const t = tokens[i];
    return t && (t.kind === 'word' || t.kind === 'acronym') ? t : undefined;
  };
  const adjacent = (a: Token, b: Token) => a.end === b.start;
  const span = (i0: number, i1: number) => text.slice(tokens[i0]!.start, tokens[i1 - 1]!.end);
  const lower = (i: number) => tokens[i]!.text.toLowerCase().replace(/\.$/, '');

  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si]!;
    let a = sentenceIndexStartToken(tokens, s.start);
    const caps = allCaps[si]!;
    let run: Unit[] = [];
    const flush = () => {
      if (run.length) processRun(run, si);
      run = [];
    };
    for (let i = a; i < tokens.length && tokens[i]!.start < s.end; ) {
      const m = gmAt.get(i);
      if (m) {
        run.push({ i0: i, i1: m.tokenEnd, gm: m });
        i = m.tokenEnd;
        continue;
      }
      const t = tokens[i]!;
      const w = wordAt(i);
      if (w && isCap(w.text)) {
        // "Mr." / "St." / initials: the period belongs to the word
        const dot = tokens[i + 1];
        const i1 = dot && dot.text === '.' && adjacent(w, dot) && w.text.length <= 4 && !caps && (w.text.length === 1 || titleWords.has(w.norm) || w.norm === 'st') ? i + 2 : i + 1;
        run.push({ i0: i, i1 });
        i = i1;
        continue;
      }
      const next = wordAt(i + 1);
      if (run.length && next && isCap(next.text)) {
        const prev = run[run.length - 1]!;
        const prevWord = tokens[prev.i1 - 1]!;
        const l = t.text.toLowerCase();
        if (
          (w && nameParticles.has(l) && !prev.gm) ||
          ((l === 'of' || l === 'for') && !prev.gm && ofHeads.has(prevWord.norm)) ||
          (l === '&' && !prev.gm) ||
          (t.text === '-' && adjacent(prevWord, t) && adjacent(t, next) && !prev.gm)
        ) {
          run.push({ i0: i, i1: i + 1, bridge: true });
          i++;
          continue;
        }
      }
      flush();
      i++;
    }
    flush();
    void a;
  }

  function processRun(units: Unit[], si: number): void {
    const caps = allCaps[si]!;
    const head = heading[si]!;
    // in an all-caps headline capitalisation says nothing: gazetteer matches and short forms only
    if (caps) {
      for (const u of units) {
        if (u.gm) handleGm(u.gm, false);
        else if (!u.bridge) singles.push({ i: u.i0, start: tokens[u.i0]!.start, end: tokens[u.i0]!.end, titled: false });
      }
      return;
    }
    const before = units[0]!.i0 - 1;
    const cue = before >= 0 && sentOf[before] === si && personCues.has(tokens[before]!.text.toLowerCase());
    let k = 0;
    let titled = false;
    const lastWord = (from: number) => {
      const u = units[units.length - 1]!;
      return u.gm || units.length <= from ? null : tokens[u.i1 - 1]!;
    };
    while (k < units.length) {
      const u = units[k]!;
      const rest = units.length - k;
      const lw = lastWord(k);
      const orgTail = lw !== null && orgHeads.has(lw.norm);
      if (u.gm) {
        const allCountry = u.gm.candidates.every((c) => c.kind === 'country');
        // "Japan Airlines" stays one organisation; "Russian Security Council" splits
        if (allCountry && rest > 1 && !(orgTail && rest === 2)) {
          handleGm(u.gm, false);
          k++;
          continue;
        }
        break;
      }
      const n = tokens[u.i0]!.norm;
      if (n === 'the' || n === 'a' || n === 'an') {
        k++;
        continue;
      }
      if (titleWords.has(n) && rest > 1 && !(orgTail && rest === 2)) {
        if (personTitles.has(n)) titled = true;
        k++;
        continue;
      }
      break;
    }
    const rest = units.slice(k);
    if (!rest.length) return;
    if (rest.length === 1 && rest[0]!.gm) {
      handleGm(rest[0]!.gm, titled);
      return;
    }
    const i0 = rest[0]!.i0;
    const i1 = rest[rest.length - 1]!.i1;
    const lw = tokens[i1 - 1]!;
    const surface = span(i0, i1);
    const org = curatedOrg(surface);
    if (org || (!rest[rest.length - 1]!.gm && orgHeads.has(lw.norm) && rest.length > 1) || rest.some((u) => tokens[u.i0]!.text === '&')) {
      if (!head || org) found.push({ kind: 'organization', slug: slugify(org ?? surface), name: org ?? surface, start: tokens[i0]!.start, end: lw.end, via: 'ner' });
      return;
    }
    // "George Washington": a first name before a one-word place makes the whole a person
    const firstIsName = !rest[0]!.gm && lex.firstNames.has(tokens[i0]!.norm);
    const absorb = firstIsName && rest.every((u) => !u.gm || u.gm.tokenEnd - u.gm.tokenStart === 1);
    const pieces: Unit[][] = [];
    let cur: Unit[] = [];
    for (const u of rest) {
      if (u.gm && !absorb) {
        if (cur.length) pieces.push(cur);
        cur = [];
        pieces.push([u]);
      } else cur.push(u);
    }
    if (cur.length) pieces.push(cur);
    pieces.forEach((p, idx) => {
      if (p.length === 1 && p[0]!.gm) handleGm(p[0]!.gm, false);
      else classifyPiece(p, idx === 0 && titled, idx === 0 && cue, si);
    });
  }

  function handleGm(m: GazetteerMatch, titled: boolean): void {
    const c = m.candidates;
    if (m.place) {
      if (m.tokenEnd - m.tokenStart === 1) singles.push({ i: m.tokenStart, start: m.start, end: m.end, titled, gm: m });
      else found.push({ kind: 'place', slug: slugify(m.place), name: m.place, start: m.start, end: m.end, via: 'ner' });
      return;
    }
    if (c.every((e) => e.kind === 'country')) {
      if (m.tokenEnd - m.tokenStart === 1) singles.push({ i: m.tokenStart, start: m.start, end: m.end, titled, gm: m });
      else gmCountry.push(m);
      return;
    }
    if (m.tokenEnd - m.tokenStart === 1 || titled) {
      singles.push({ i: m.tokenStart, start: m.start, end: m.end, titled, gm: m });
      return;
    }
    const e = c.length === 1 ? c[0]! : null;
    if (e) found.push({ kind: e.kind, slug: e.slug, name: e.name, start: m.start, end: m.end, via: e.type });
    else singles.push({ i: m.tokenStart, start: m.start, end: m.end, titled, gm: m });
  }

  function classifyPiece(p: Unit[], titled: boolean, cue: boolean, si: number): void {
    const i0 = p[0]!.i0;
    const i1 = p[p.length - 1]!.i1;
    // trailing bridge tokens never end a name
    const words = p.filter((u) => !u.bridge);
    const surface = span(i0, i1);
    const start = tokens[i0]!.start;
    const end = tokens[i1 - 1]!.end;
    const org = curatedOrg(surface);
    if (org) {
      found.push({ kind: 'organization', slug: slugify(org), name: org, start, end, via: 'ner' });
      return;
    }
    if (words.length === 1) {
      const t = tokens[i0]!;
      if (t.kind === 'word' && isAllCaps(t.text) && t.text.length >= 2 && t.text.length <= 5 && !notNames.has(t.norm) && !heading[si] && !titled) {
        found.push({ kind: 'organization', slug: slugify(t.text), name: t.text, start, end, via: 'ner' });
        return;
      }
      singles.push({ i: i0, start, end: tokens[i0]!.end, titled });
      return;
    }
    const norms = words.map((u) => tokens[u.i0]!.norm);
    const firstName = lex.firstNames.has(norms[0]!) && !lex.places.has(norms.join(' '));
    if (titled || cue || firstName) {
      fullPersons.push({ i0, i1, start, end });
      return;
    }
    if (heading[si]) return;
    if (lex.places.has(norms.join(' ')) || placeHeads.has(norms[norms.length - 1]!)) {
      found.push({ kind: 'place', slug: slugify(surface), name: surface, start, end, via: 'ner' });
      return;
    }
    const propn = words.every((u) => pos[u.i0] === 'PROPN');
    const clean = words.every((u) => {
      const t = tokens[u.i0]!;
      return t.kind === 'word' && isCap(t.text) && !isAllCaps(t.text) && !notNames.has(t.norm);
    });
    if (propn && clean && words.length <= 4) fullPersons.push({ i0, i1, start, end });
  }

  // ---- people: full names, then short forms resolved against them ----
  const persons: Person[] = [];
  const personByKey = new Map<string, Person>();
  const mentionOf = new Map<number, Found>();

  for (const fp of fullPersons) {
    const words: string[] = [];
    for (let i = fp.i0; i < fp.i1; i++) if (tokens[i]!.norm) words.push(tokens[i]!.text.replace(/\.$/, ''));
    const name = text.slice(fp.start, fp.end).replace(/\s+/g, ' ');
    const key = normalizeAlias(name);
    let p = personByKey.get(key);
    if (!p) {
      const nk = words.map((w) => normalizeAlias(w)).join(' ');
      p = persons.find((q) => {
        const qk = q.words.map((w) => normalizeAlias(w)).join(' ');
        return ` ${qk} `.includes(` ${nk} `) || ` ${nk} `.includes(` ${qk} `);
      });
    }
    if (!p) {
      const known = gazetteer.lookup(name).find((e) => e.kind === 'person');
      p = {
        slug: known?.slug ?? slugify(name),
        name: known?.name ?? name,
        words,
        known: Boolean(known),
        first: fp.start,
        count: 0,
        shorts: new Set(),
      };
      persons.push(p);
    }
    personByKey.set(key, p);
    found.push({ kind: 'person', slug: p.slug, name: p.name, start: fp.start, end: fp.end, via: 'ner' });
  }

  // short forms: the last word, and the first for surname-first names ("Kim" of "Kim Jong Un")
  const shortIndex = new Map<string, Person[]>();
  for (const p of persons) {
    const keys = new Set<string>();
    if (p.words.length >= 2) {
      keys.add(normalizeAlias(p.words[p.words.length - 1]!));
      if (surnameFirst.has(normalizeAlias(p.words[0]!))) keys.add(normalizeAlias(p.words[0]!));
    }
    for (const k of keys) shortIndex.set(k, [...(shortIndex.get(k) ?? []), p]);
  }
  const fullStarts = found.filter((f) => f.kind === 'person').map((f) => ({ start: f.start, slug: f.slug }));

  singles.sort((x, y) => x.start - y.start);
  const countSoFar = new Map<string, number>();
  let fi = 0;
  for (const sg of singles) {
    while (fi < fullStarts.length && fullStarts[fi]!.start < sg.start) {
      const s = fullStarts[fi++]!.slug;
      countSoFar.set(s, (countSoFar.get(s) ?? 0) + 1);
    }
    const t = tokens[sg.i]!;
    const key = t.norm;
    const cands = isCap(t.text) ? shortIndex.get(key) : undefined;
    if (cands?.length) {
      // the person named most often so far; ties go to the one introduced first. Before any
      // full name (a headline), the most frequent overall.
      const score = (p: Person) => countSoFar.get(p.slug) ?? 0;
      const best = [...cands].sort((x, y) => score(y) - score(x) || x.first - y.first)[0]!;
      best.shorts.add(t.text);
      countSoFar.set(best.slug, (countSoFar.get(best.slug) ?? 0) + 1);
      found.push({ kind: 'person', slug: best.slug, name: best.name, start: sg.start, end: sg.end, via: 'short' });
      continue;
    }
    if (sg.gm?.place) {
      found.push({ kind: 'place', slug: slugify(sg.gm.place), name: sg.gm.place, start: sg.start, end: sg.end, via: 'ner' });
      continue;
    }
    if (sg.gm) {
      const c = sg.gm.candidates;
      let e: GazetteerEntry | null = preferSovereign(c);
      if (!e) {
        // ambiguous: the candidate this article already names, if exactly one
        const named = c.filter((x) => persons.some((p) => p.slug === x.slug) || found.some((f) => f.slug === x.slug && f.kind === x.kind));
        e = named.length === 1 ? named[0]! : null;
      }
      if (e) {
        if (e.kind === 'person') countSoFar.set(e.slug, (countSoFar.get(e.slug) ?? 0) + 1);
        found.push({ kind: e.kind, slug: e.slug, name: e.name, start: sg.start, end: sg.end, via: e.type });
      }
      continue;
    }
    if (allCaps[sentOf[sg.i]!]) continue;
    const org = curatedOrg(t.text);
    if (org) {
      found.push({ kind: 'organization', slug: slugify(org), name: org, start: sg.start, end: sg.end, via: 'ner' });
      continue;
    }
    if (sg.titled && t.kind === 'word' && !notNames.has(key)) {
      const name = t.text;
      let p = personByKey.get(key);
      if (!p) {
        p = { slug: slugify(name), name, words: [name], known: false, first: sg.start, count: 0, shorts: new Set() };
        persons.push(p);
        personByKey.set(key, p);
        shortIndex.set(key, [p]);
      }
      found.push({ kind: 'person', slug: p.slug, name: p.name, start: sg.start, end: sg.end, via: 'ner' });
      continue;
    }
    if (!heading[sentOf[sg.i]!] && lex.places.has(key) && pos[sg.i] === 'PROPN' && !notNames.has(key)) {
      found.push({ kind: 'place', slug: key, name: t.text, start: sg.start, end: sg.end, via: 'ner' });
    }
  }

  // multi-word country matches; ambiguous ones only when the article names one candidate
  for (const m of gmCountry) {
    let e = preferSovereign(m.candidates);
    if (!e) {
      const named = m.candidates.filter((x) => found.some((f) => f.kind === 'country' && f.slug === x.slug));
      e = named.length === 1 ? named[0]! : null;
    }
    if (e) found.push({ kind: 'country', slug: e.slug, name: e.name, start: m.start, end: m.end, via: e.type });
  }
  void mentionOf;

  // ---- assemble ----
  found.sort((x, y) => x.start - y.start || y.end - x.end);
  const mentions: ExtractedMention[] = [];
  const via: (AliasType | 'ner')[] = [];
  const places: (PlaceSpan & { rule: string })[] = [];
  const rules: string[] = [];
  const entities = new Map<string, ExtractedEntity>();
  let lastEnd = -1;
  for (const f of found) {
    if (f.start < lastEnd) continue;
    lastEnd = f.end;
    const sentence = sentenceIndexAt(sentences, f.start);
    const surface = text.slice(f.start, f.end);
    if (f.kind === 'place') {
      places.push({ start: f.start, end: f.end, sentence, surface, rule: f.rule ?? f.via });
      continue;
    }
    mentions.push({ kind: f.kind, slug: f.slug, start: f.start, end: f.end, sentence, surface });
    via.push(f.via);
    rules.push(f.rule ?? f.via);
    const id = `${f.kind}|${f.slug}`;
    let e = entities.get(id);
    if (!e) entities.set(id, (e = { kind: f.kind, slug: f.slug, name: f.name, aliases: [] }));
    if (f.kind !== 'country' && normalizeAlias(surface) !== normalizeAlias(e.name) && !e.aliases.some((a) => normalizeAlias(a.text) === normalizeAlias(surface))) {
      e.aliases.push({ text: surface.replace(/\s+/g, ' '), type: 'short' });
    }
  }
  return { text, sentences, entities: [...entities.values()], mentions, via, rules, places };
}

function isLineStart(text: string, pos: number): boolean {
  return pos === 0 || text[pos - 1] === '\n';
}

function sentenceIndexStartToken(tokens: readonly Token[], start: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.start < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type { SentenceSpan };
