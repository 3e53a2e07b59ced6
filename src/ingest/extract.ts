import { normalizeAlias, slugify } from '../db/normalize.ts';
import type { AliasType, EntityKind } from '../db/schema.ts';
import { cleanText } from './clean.ts';
import { Gazetteer, preferSovereign, type GazetteerEntry, type GazetteerMatch } from './gazetteer.ts';
import {
  locativePreps,
  nameLexicon,
  nameParticles,
  nonPersonWords,
  notOrgAcronyms,
  placeNouns,
  notNames,
  ofHeads,
  orgHeads,
  personCues,
  personTitles,
  placeHeads,
  surnameFirst,
  titleWords,
} from './lexicon.ts';
import { curatedOrganizations as curatedOrgs } from './organizations.ts';
import { posTags } from './pos.ts';
import { sentenceIndexAt, splitSentences, type SentenceSpan } from './sentences.ts';
import { isAllCaps, isCap, normToken, tokenize, type Token } from './tokens.ts';

/**
 * Entity extraction: countries and known entities through the gazetteer trie; new people and
 * organisations from capitalised spans that wink-nlp tags, classified by titles, cue words,
 * first-name and head-word lists; then within-article coreference of short forms.
 *
 * Why wink-nlp and not compromise (measured, see docs/quality.md): compromise's
 * people()/places()/organizations() take ~40 ms per 750-word article (~25 articles/s on this
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
  /** Offset of the first full-name mention: ties in short-form resolution go to the earliest. */
  first: number;
}

interface Found {
  kind: EntityKind | 'place';
  slug: string;
  name: string;
  start: number;
  end: number;
  via: AliasType | 'ner';
  rule: string;
}

interface Single {
  /** The name token (a title, if any, is outside start..end). */
  i: number;
  start: number;
  end: number;
  titled: boolean;
  gm?: GazetteerMatch;
}

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
  const sentOf = tokens.map((t) => sentenceIndexAt(sentences, t.start));

  // Per sentence: all-caps (wire headlines: capitalisation says nothing) and "blocked": all caps,
  // or a title-case heading line, where capitalised words alone are no evidence of a name.
  const allCaps: boolean[] = [];
  const blocked: boolean[] = [];
  for (const s of sentences) {
    const body = text.slice(s.start, s.end);
    const letters = body.replace(/[^\p{L}]/gu, '');
    const caps = letters.length >= 4 && letters.replace(/\p{Lu}/gu, '').length <= letters.length * 0.1;
    const lineEnd = text.indexOf('\n', s.start);
    const heading = isLineStart(text, s.start) && s.end === (lineEnd < 0 ? text.length : lineEnd) && !sentenceEnd.test(body);
    const long = body.match(/\p{L}{4,}/gu) ?? [];
    const titleCase = long.length >= 2 && long.filter((w) => isCap(w)).length >= long.length * 0.6;
    allCaps.push(caps);
    blocked.push(caps || (heading && titleCase));
  }

  const gms = gazetteer.matchTokens(tokens, text).filter((m) => sentOf[m.tokenStart] === sentOf[m.tokenEnd - 1]);
  const gmAt = new Map<number, GazetteerMatch>();
  for (const m of gms) gmAt.set(m.tokenStart, m);

  const found: Found[] = [];
  const fullPersons: { i0: number; i1: number; start: number; end: number; rule: string; known?: GazetteerEntry }[] = [];
  const singles: Single[] = [];
  const gmCountry: GazetteerMatch[] = [];
  const capsRuns: Unit[][] = [];

  const wordAt = (i: number) => {
    const t = tokens[i];
    return t && (t.kind === 'word' || t.kind === 'acronym') ? t : undefined;
  };
  const adjacent = (a: Token, b: Token) => a.end === b.start;
  const span = (i0: number, i1: number) => text.slice(tokens[i0]!.start, tokens[i1 - 1]!.end);
  const prevWord = (i: number) => (i > 0 && sentOf[i - 1] === sentOf[i] ? tokens[i - 1]!.text : '');

  // ---- capitalised runs, sentence by sentence ----
  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si]!;
    const caps = allCaps[si]!;
    let run: Unit[] = [];
    const flush = () => {
      if (run.length) processRun(run, si);
      run = [];
    };
    for (let i = firstTokenAt(tokens, s.start); i < tokens.length && tokens[i]!.start < s.end; ) {
      const m = gmAt.get(i);
      if (m) {
        if (!caps && titleToCaps(run, i)) flush();
        run.push({ i0: i, i1: m.tokenEnd, gm: m });
        i = m.tokenEnd;
        continue;
      }
      const t = tokens[i]!;
      const w = wordAt(i);
      if (w && isCap(w.text)) {
        // "Adrian Warner BERLIN": a switch from Title case to capitals starts a new run
        if (!caps && titleToCaps(run, i)) flush();
        // "Mr." / "St." / initials: the period belongs to the word
        const dot = tokens[i + 1];
        const i1 = dot && dot.text === '.' && adjacent(w, dot) && (w.text.length === 1 || titleWords.has(w.norm) || w.norm === 'st') ? i + 2 : i + 1;
        run.push({ i0: i, i1 });
        i = i1;
        continue;
      }
      const next = wordAt(i + 1);
      if (run.length && next && isCap(next.text)) {
        const prev = run[run.length - 1]!;
        const pw = tokens[prev.i1 - 1]!;
        const l = t.text.toLowerCase();
        if (
          (w && nameParticles.has(l) && !prev.gm) ||
          ((l === 'of' || l === 'for') && !prev.gm && ofHeads.has(pw.norm)) ||
          ((l === '&' || l === 'and') && !prev.gm && !gmAt.has(i + 1)) ||
          (t.text === '-' && adjacent(pw, t) && adjacent(t, next) && !prev.gm)
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
  }

  function titleToCaps(run: Unit[], i: number): boolean {
    const last = run[run.length - 1];
    const t = tokens[i]!;
    return Boolean(last && t.text.length >= 3 && isAllCaps(t.text) && !isAllCaps(tokens[last.i0]!.text));
  }

  function processRun(units: Unit[], si: number): void {
    // "Securities and Exchange Commission" is one name; "Smith and Jones" are two
    const andAt = units.findIndex((u) => u.bridge && tokens[u.i0]!.norm === 'and');
    if (andAt >= 0) {
      const last = units[units.length - 1]!;
      if (last.gm || !orgHeads.has(tokens[last.i1 - 1]!.norm)) {
        processRun(units.slice(0, andAt), si);
        processRun(units.slice(andAt + 1), si);
        return;
      }
    }
    if (!units.length) return;
    const first = units[0]!.i0;
    const after = tokens[units[units.length - 1]!.i1];
    // dateline: "MILWAUKEE , Wisconsin 1996-08-29", "MOSCOW (Reuters) -": a place
    const atStart = first === firstTokenAt(tokens, sentences[si]!.start) || text[tokens[first]!.start - 1] === '\n';
    const dateline = after && sentOf[first] === si && (/^\d{4}-\d\d-\d\d$/.test(after.text) || (atStart && /^[,(]/.test(after.text)));
    if (dateline && units.every((u) => u.gm || isAllCaps(tokens[u.i0]!.text))) {
      if (units.length === 1 && units[0]!.gm) handleGm(units[0]!.gm, false);
      else found.push(place(first, units[units.length - 1]!.i1, 'dateline'));
      return;
    }
    // in an all-caps headline: gazetteer matches, then full names and short forms seen elsewhere
    if (allCaps[si]) {
      let cur: Unit[] = [];
      for (const u of [...units, null]) {
        if (u && !u.gm) {
          if (!u.bridge) cur.push(u);
          continue;
        }
        if (cur.length) capsRuns.push(cur);
        cur = [];
        if (u?.gm) handleGm(u.gm, false);
      }
      return;
    }
    const before = first - 1;
    const cue = before >= 0 && sentOf[before] === si && personCues.has(tokens[before]!.text.toLowerCase());
    let k = 0;
    let titled = false;
    const lastUnit = units[units.length - 1]!;
    const orgTail = !(lastUnit.gm && isCountryOrPlace(lastUnit.gm)) && orgHeads.has(tokens[lastUnit.i1 - 1]!.norm);
    while (k < units.length) {
      const u = units[k]!;
      const rest = units.length - k;
      if (u.gm) {
        const allCountry = u.gm.candidates.length > 0 && u.gm.candidates.every((c) => c.kind === 'country');
        // "Japan Airlines", "London Stock Exchange" stay one organisation; "Russian Security
        // Council" splits (a demonym is not part of the name)
        const partOfOrg = orgTail && (rest === 2 || u.gm.candidates.every((c) => c.type === 'capital' || c.type === 'name'));
        if (allCountry && rest > 1 && !partOfOrg) {
          handleGm(u.gm, false);
          k++;
          continue;
        }
        break;
      }
      const n = tokens[u.i0]!.norm;
      if (titleWords.has(n) && rest > 1 && !(orgTail && rest === 2)) {
        if (personTitles.has(n)) titled = true;
        k++;
        continue;
      }
      // "Later Mr. Putin": a sentence-initial common word is not part of a name
      const sentenceInitial = u.i0 === firstTokenAt(tokens, sentences[si]!.start) && pos[u.i0] !== 'PROPN' && !lex.firstNames.has(n);
      if (n === 'the' || n === 'a' || n === 'an' || ((notNames.has(n) || sentenceInitial) && rest > 1)) {
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
    const surface = span(i0, i1);
    const org = curatedOrg(surface);
    if (org || (orgTail && rest.length > 1) || rest.some((u) => tokens[u.i0]!.text === '&')) {
      if (!blocked[si] || org) found.push({ kind: 'organization', slug: slugify(org ?? surface), name: org ?? surface, start: tokens[i0]!.start, end: tokens[i1 - 1]!.end, via: 'ner', rule: org ? 'org-curated' : 'org-head' });
      return;
    }
    // "George Washington": a first name before a one-word place makes the whole a person
    // (only after a known first name: "Legia Warsaw", "Atletico Madrid" are clubs)
    const nameLike = !rest[0]!.gm && lex.firstNames.has(tokens[i0]!.norm);
    const absorb = nameLike && rest.length === 2 && rest[1]!.gm !== undefined && rest[1]!.gm.tokenEnd - rest[1]!.gm.tokenStart === 1 && !rest[1]!.gm.place && rest[1]!.gm.candidates.every((c) => c.type === 'capital' || c.type === 'name');
    const pieces: Unit[][] = [];
    let cur: Unit[] = [];
    for (const u of rest) {
      // a country or place splits the run; a known person/org alias inside a longer name does
      // not ("Lyudmila Putin" is not Vladimir Putin): its words join the piece
      const splits = u.gm && !absorb && isCountryOrPlace(u.gm);
      if (splits) {
        if (cur.length) pieces.push(cur);
        cur = [];
        pieces.push([u]);
      } else if (u.gm && !absorb) {
        for (let i = u.i0; i < u.i1; i++) cur.push(tokens[i]!.norm ? { i0: i, i1: i + 1 } : { i0: i, i1: i + 1, bridge: true });
      } else cur.push(u);
    }
    if (cur.length) pieces.push(cur);
    pieces.forEach((p, idx) => {
      if (p.length === 1 && p[0]!.gm) handleGm(p[0]!.gm, false);
      else classifyPiece(p, idx === 0 && titled, idx === 0 && cue, si);
    });
  }

  /** "in Arbil", "the town of Tavildara", "east of Tavildara". */
  function placeContext(i: number): boolean {
    const p = prevWord(i);
    if (locativePreps.has(p)) return true;
    return p === 'of' && i > 1 && placeNouns.has(prevWord(i - 1).toLowerCase());
  }

  function place(i0: number, i1: number, rule: string): Found {
    const surface = span(i0, i1);
    return { kind: 'place', slug: slugify(surface), name: surface, start: tokens[i0]!.start, end: tokens[i1 - 1]!.end, via: 'ner', rule };
  }

  function handleGm(m: GazetteerMatch, titled: boolean): void {
    const one = m.tokenEnd - m.tokenStart === 1;
    if (m.place) {
      if (one) singles.push({ i: m.tokenStart, start: m.start, end: m.end, titled, gm: m });
      else found.push({ kind: 'place', slug: slugify(m.place), name: m.place, start: m.start, end: m.end, via: 'ner', rule: 'place-list' });
      return;
    }
    const c = m.candidates;
    if (c.every((e) => e.kind === 'country')) {
      if (one) singles.push({ i: m.tokenStart, start: m.start, end: m.end, titled, gm: m });
      else gmCountry.push(m);
      return;
    }
    if (one || titled || c.length > 1) {
      singles.push({ i: m.tokenStart, start: m.start, end: m.end, titled, gm: m });
      return;
    }
    const e = c[0]!;
    // a known person's full name: registered so that its short forms resolve to it
    if (e.kind === 'person') fullPersons.push({ i0: m.tokenStart, i1: m.tokenEnd, start: m.start, end: m.end, rule: 'gazetteer', known: e });
    else found.push({ kind: e.kind, slug: e.slug, name: e.name, start: m.start, end: m.end, via: e.type, rule: 'gazetteer' });
  }

  function classifyPiece(piece: Unit[], titled: boolean, cue: boolean, si: number): void {
    // a particle or hyphen never starts or ends a name
    let a = 0;
    let b = piece.length;
    while (a < b && piece[a]!.bridge) a++;
    while (b > a && piece[b - 1]!.bridge) b--;
    // titles after a place: "New York Attorney General Eliot Spitzer"
    while (b - a > 1 && !piece[a]!.bridge && titleWords.has(tokens[piece[a]!.i0]!.norm) && !orgHeads.has(tokens[piece[b - 1]!.i1 - 1]!.norm)) {
      if (personTitles.has(tokens[piece[a]!.i0]!.norm)) titled = true;
      a++;
      while (a < b && piece[a]!.bridge) a++;
    }
    if (a === b) return;
    const p = piece.slice(a, b);
    const i0 = p[0]!.i0;
    const i1 = p[p.length - 1]!.i1;
    const words = p.filter((u) => !u.bridge);
    const surface = span(i0, i1);
    const start = tokens[i0]!.start;
    const end = tokens[i1 - 1]!.end;
    const org = curatedOrg(surface);
    if (org) {
      found.push({ kind: 'organization', slug: slugify(org), name: org, start, end, via: 'ner', rule: 'org-curated' });
      return;
    }
    if (words.length === 1) {
      const t = tokens[i0]!;
      if (t.kind === 'word' && isAllCaps(t.text) && /^\p{Lu}{2,5}$/u.test(t.text) && !notNames.has(t.norm) && !notOrgAcronyms.has(t.norm) && !blocked[si] && !titled) {
        found.push({ kind: 'organization', slug: slugify(t.text), name: t.text, start, end, via: 'ner', rule: 'org-acronym' });
        return;
      }
      singles.push({ i: i0, start, end: t.end, titled });
      return;
    }
    const norms = words.map((u) => tokens[u.i0]!.norm);
    const joined = norms.join(' ');
    const nonPerson = norms.some((n) => nonPersonWords.has(n) || orgHeads.has(n) || placeHeads.has(n));
    const isPlace = lex.places.has(joined) || placeHeads.has(norms[norms.length - 1]!);
    // "P. Simmons": an initial and a surname
    const initial = words[0]!.i1 - words[0]!.i0 === 2 && tokens[words[0]!.i0]!.text.length === 1;
    // "Roman Catholic Archbishop": a name does not end in a title
    const endsInTitle = titleWords.has(norms[norms.length - 1]!);
    if (!nonPerson && !isPlace && !endsInTitle) {
      const rule = titled ? 'per-title' : cue ? 'per-cue' : initial ? 'per-initial' : lex.firstNames.has(norms[0]!) ? 'per-firstname' : '';
      if (rule) {
        fullPersons.push({ i0, i1, start, end, rule });
        return;
      }
    }
    if (blocked[si]) return;
    if (orgHeads.has(norms[norms.length - 1]!)) {
      found.push({ kind: 'organization', slug: slugify(surface), name: surface, start, end, via: 'ner', rule: 'org-head' });
      return;
    }
    if (isPlace) {
      found.push(place(i0, i1, 'place-lexicon'));
      return;
    }
    if (placeContext(i0)) {
      found.push(place(i0, i1, 'place-prep'));
      return;
    }
    const propn = words.every((u) => pos[u.i0] === 'PROPN');
    const clean = words.every((u) => {
      const t = tokens[u.i0]!;
      return t.kind === 'word' && isCap(t.text) && !isAllCaps(t.text) && !notNames.has(t.norm);
    });
    // "Ajax Amsterdam", "Werder Bremen": a name ending in a place is a club or company
    const last = tokens[words[words.length - 1]!.i0]!;
    const endsInPlace = lex.places.has(last.norm) || gazetteer.isPlaceName(last.text);
    if (endsInTitle) return;
    if (propn && clean && endsInPlace && words.length <= 3) found.push({ kind: 'organization', slug: slugify(surface), name: surface, start, end, via: 'ner', rule: 'org-place' });
    else if (propn && clean && !nonPerson && !endsInPlace && words.length <= 4) fullPersons.push({ i0, i1, start, end, rule: 'per-propn' });
  }

  // ---- people: full names, then short forms resolved against them ----
  const persons: Person[] = [];
  const personByKey = new Map<string, Person>();
  for (const fp of fullPersons) {
    const words: string[] = [];
    for (let i = fp.i0; i < fp.i1; i++) if (tokens[i]!.norm) words.push(tokens[i]!.text.replace(/\.$/, ''));
    const name = text.slice(fp.start, fp.end).replace(/\s+/g, ' ');
    const key = normalizeAlias(name);
    const known = fp.known ?? gazetteer.lookup(name).find((e) => e.kind === 'person');
    let p = known ? persons.find((q) => q.slug === known.slug) : personByKey.get(key);
    if (!p && !known) {
      // "Kim Jong" after "Kim Jong Un": the same person
      const nk = ` ${words.map((w) => normToken(w)).join(' ')} `;
      p = persons.find((q) => {
        const qk = ` ${q.words.map((w) => normToken(w)).join(' ')} `;
        return qk.includes(nk) || nk.includes(qk);
      });
    }
    if (!p) {
      p = { slug: known?.slug ?? slugify(name), name: known?.name ?? name, words: known ? known.name.split(/\s+/) : words, first: fp.start };
      persons.push(p);
    }
    personByKey.set(key, p);
    found.push({ kind: 'person', slug: p.slug, name: p.name, start: fp.start, end: fp.end, via: fp.known?.type ?? 'ner', rule: fp.rule });
  }

  // short forms: the last word, and the first for surname-first names ("Kim" of "Kim Jong Un")
  const shortIndex = new Map<string, Person[]>();
  for (const p of persons) {
    if (p.words.length < 2) continue;
    const keys = new Set([normToken(p.words[p.words.length - 1]!)]);
    if (surnameFirst.has(normToken(p.words[0]!))) keys.add(normToken(p.words[0]!));
    for (const k of keys) shortIndex.set(k, [...(shortIndex.get(k) ?? []), p]);
  }

  // all-caps headlines: full names of people the article names, else single words
  for (const run of capsRuns) {
    for (let j = 0; j < run.length; ) {
      const hit = persons.find((p) => p.words.length >= 2 && p.words.every((w, x) => run[j + x] && tokens[run[j + x]!.i0]!.norm === normToken(w)));
      if (hit) {
        const a = run[j]!.i0;
        const b = run[j + hit.words.length - 1]!.i1;
        found.push({ kind: 'person', slug: hit.slug, name: hit.name, start: tokens[a]!.start, end: tokens[b - 1]!.end, via: 'ner', rule: 'per-caps' });
        j += hit.words.length;
      } else {
        const u = run[j++]!;
        singles.push({ i: u.i0, start: tokens[u.i0]!.start, end: tokens[u.i0]!.end, titled: false });
      }
    }
  }

  // multi-word country matches; ambiguous ones only when the article names one candidate
  const resolveCountry = (m: GazetteerMatch): void => {
    let e = preferSovereign(m.candidates);
    if (!e) {
      const named = m.candidates.filter((x) => found.some((f) => f.kind === 'country' && f.slug === x.slug));
      e = named.length === 1 ? named[0]! : null;
    }
    if (e) found.push({ kind: 'country', slug: e.slug, name: e.name, start: m.start, end: m.end, via: e.type, rule: 'gazetteer' });
  };
  gmCountry.filter((m) => preferSovereign(m.candidates)).forEach(resolveCountry);

  const fullStarts = found.filter((f) => f.kind === 'person').sort((x, y) => x.start - y.start);
  singles.sort((x, y) => x.start - y.start);
  const countSoFar = new Map<string, number>();
  const bump = (slug: string) => countSoFar.set(slug, (countSoFar.get(slug) ?? 0) + 1);
  let fi = 0;
  for (const sg of singles) {
    while (fi < fullStarts.length && fullStarts[fi]!.start < sg.start) bump(fullStarts[fi++]!.slug);
    const t = tokens[sg.i]!;
    const key = t.norm;
    const caps = allCaps[sentOf[sg.i]!]!;
    // "UN" is not the "Un" of Kim Jong Un, except in an all-caps headline
    const cands = shortIndex.get(key)?.filter((p) => caps || !isAllCaps(t.text) || p.words.some((w) => w === t.text));
    if (cands?.length) {
      // the person named most often so far; ties go to the one introduced first
      const score = (p: Person) => countSoFar.get(p.slug) ?? 0;
      const best = [...cands].sort((x, y) => score(y) - score(x) || x.first - y.first)[0]!;
      bump(best.slug);
      found.push({ kind: 'person', slug: best.slug, name: best.name, start: sg.start, end: sg.end, via: 'short', rule: 'per-short' });
      continue;
    }
    if (sg.gm?.place) {
      found.push({ kind: 'place', slug: slugify(sg.gm.place), name: sg.gm.place, start: sg.start, end: sg.end, via: 'ner', rule: 'place-list' });
      continue;
    }
    if (sg.gm) {
      const c = sg.gm.candidates;
      let e: GazetteerEntry | null = preferSovereign(c);
      if (!e) {
        // ambiguous: the candidate this article already names, if exactly one
        const named = c.filter((x) => found.some((f) => f.slug === x.slug && f.kind === x.kind));
        e = named.length === 1 ? named[0]! : null;
      }
      if (e) {
        if (e.kind === 'person') bump(e.slug);
        found.push({ kind: e.kind, slug: e.slug, name: e.name, start: sg.start, end: sg.end, via: e.type, rule: 'gazetteer' });
      }
      continue;
    }
    if (caps) continue;
    const org = curatedOrg(t.text);
    if (org) {
      found.push({ kind: 'organization', slug: slugify(org), name: org, start: sg.start, end: sg.end, via: 'ner', rule: 'org-curated' });
      continue;
    }
    if (sg.titled && t.kind === 'word' && !notNames.has(key) && !nonPersonWords.has(key) && !orgHeads.has(key) && !titleWords.has(key) && !isAllCaps(t.text)) {
      let p = personByKey.get(key);
      if (!p) {
        p = { slug: slugify(t.text), name: t.text, words: [t.text], first: sg.start };
        persons.push(p);
        personByKey.set(key, p);
      }
      found.push({ kind: 'person', slug: p.slug, name: p.name, start: sg.start, end: sg.end, via: 'ner', rule: 'per-title' });
      continue;
    }
    if (blocked[sentOf[sg.i]!] || notNames.has(key) || t.kind !== 'word') continue;
    if (lex.places.has(key) && pos[sg.i] === 'PROPN') found.push(place(sg.i, sg.i + 1, 'place-lexicon'));
    else if (placeContext(sg.i) && !lex.firstNames.has(key) && !isAllCaps(t.text)) found.push(place(sg.i, sg.i + 1, 'place-prep'));
  }

  gmCountry.filter((m) => !preferSovereign(m.candidates)).forEach(resolveCountry);

  // ---- assemble: non-overlapping, in text order ----
  found.sort((x, y) => x.start - y.start || y.end - x.end);
  const mentions: ExtractedMention[] = [];
  const via: (AliasType | 'ner')[] = [];
  const rules: string[] = [];
  const places: (PlaceSpan & { rule: string })[] = [];
  const entities = new Map<string, ExtractedEntity>();
  let lastEnd = -1;
  for (const f of found) {
    if (f.start < lastEnd) continue;
    lastEnd = f.end;
    const sentence = sentenceIndexAt(sentences, f.start);
    const surface = text.slice(f.start, f.end);
    if (f.kind === 'place') {
      places.push({ start: f.start, end: f.end, sentence, surface, rule: f.rule });
      continue;
    }
    mentions.push({ kind: f.kind, slug: f.slug, start: f.start, end: f.end, sentence, surface });
    via.push(f.via);
    rules.push(f.rule);
    const id = `${f.kind}|${f.slug}`;
    let e = entities.get(id);
    if (!e) entities.set(id, (e = { kind: f.kind, slug: f.slug, name: f.name, aliases: [] }));
    const alias = surface.replace(/\s+/g, ' ');
    if (f.kind !== 'country' && (f.kind === 'organization' || !isAllCaps(alias)) && normalizeAlias(alias) !== normalizeAlias(e.name) && !e.aliases.some((a) => normalizeAlias(a.text) === normalizeAlias(alias))) {
      e.aliases.push({ text: alias, type: 'short' });
    }
  }
  return { text, sentences, entities: [...entities.values()], mentions, via, rules, places };
}

function isCountryOrPlace(m: GazetteerMatch): boolean {
  return m.place !== undefined || m.candidates.every((c) => c.kind === 'country');
}

function isLineStart(text: string, pos: number): boolean {
  return pos === 0 || text[pos - 1] === '\n';
}

/** Index of the first token starting at or after `start`. */
function firstTokenAt(tokens: readonly Token[], start: number): number {
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
