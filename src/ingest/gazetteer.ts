import type { AliasType, EntityAliasEntry } from '../db/schema.ts';
import { worldPlaces } from './places.ts';
import { isAllCaps, isCap, normToken, tokenize, type Token } from './tokens.ts';

/** One alias of one known entity. */
export type GazetteerEntry = EntityAliasEntry;

/** A longest match: token range, char range, and one candidate per distinct entity (best alias first). */
export interface GazetteerMatch {
  start: number;
  end: number;
  tokenStart: number;
  tokenEnd: number;
  candidates: GazetteerEntry[];
  /** Set when the match is a known non-country place ("Latin America"); candidates is then empty. */
  place?: string;
}

interface Compiled {
  entry: GazetteerEntry;
  /** Alias is written in capitals ("US", "NATO"): the text must be too, so "us" is not the US. */
  upper: boolean;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  entries: Compiled[];
  /** A non-country place ends here: it wins by length over a country inside it. */
  place?: string;
}

/**
 * Two-letter ISO codes are mostly English words (IN, IT, TO, NO, BE, AM, IS, ME, ...); only
 * these are safe as words in news text.
 */
const safeTwoLetterCodes = new Set(['US']);

/** Three-letter ISO codes that are words or common abbreviations even in capitals. */
const wordLikeCodes = new Set(
  (
    'AND ARE ARM ASM ATA ATF BEN BES BVT CAN CCK CHE COG COL COM CUB CXR DOM ECU EST FIN GAB GEO GIN GUM GUY HMD ' +
    'HUN IND IOT JAM LIE MAC MAF MAR NAM NOR PAN PER PRY SEN SGS SOM SUR TON TUN UMI UNK VAT ' +
    'AGO ALA CIV DMA FRO GIB IRL MUS NIC POL REU TLS ' +
    // mostly other acronyms in news: Missile Defense Agency, Confederation of African Football ...
    'MDA CAF PNG BRA KEN ESP NER SLE ATG AUT BEL TGO ROU VIR MLI GRD'
  ).split(' '),
);

/** Capitals that are more often a person's name or a common place name than a country metonym. */
const unsafeCapitals = new Set(
  ['The Valley', 'The Bottom', 'West Island', 'Stanley', 'Hamilton', 'Douglas', 'Victoria', 'City of Victoria', 'Plymouth', 'Jamestown', 'Malé', 'Diego Garcia', 'Saint-Denis', 'Saint-Pierre', 'George Town', 'Kingston', 'San José', 'San Juan', 'Georgetown', "Saint John's", 'Santiago', 'Wellington'].map(
    normToken,
  ),
);

/**
 * Aliases the seeds lack, keyed by ISO alpha-2. Added whenever the gazetteer receives that
 * country, so a gazetteer loaded from the database has them too.
 */
/** Alias type preference when one entity is reached through several aliases of equal length. */
const typeRank: Record<AliasType, number> = { name: 0, official: 1, curated: 2, short: 3, alternative: 4, code: 5, capital: 6, demonym: 7 };


/** Plural demonyms ("Russians", "Israelis") where the plural is regular. */
function demonymPlural(text: string): string | null {
  return /(?:an|i)$/.test(text) ? `${text}s` : null;
}

/**
 * Multi-pattern matcher over normalised tokens: a token trie walked from each token, keeping the
 * longest match ("North Korea" beats "Korea"). Hand-written because no Aho-Corasick/trie package
 * is installed and the trie is ~60 lines; at one walk per token it is far from the bottleneck.
 */
export class Gazetteer {
  private readonly root: TrieNode = { next: new Map(), entries: [] };
  private readonly seen = new Set<string>();
  private readonly byAlias = new Map<string, GazetteerEntry[]>();

  constructor() {
    // places that contain a country alias ("Latin America", "South China Sea", "New Mexico")
    // must out-match it; other world places are here so they are not mistaken for people
    for (const p of worldPlaces) this.addPlace(p);
  }

  private addPlace(text: string): void {
    const key = tokenize(text)
      .map((t) => t.norm)
      .filter(Boolean);
    let node = this.root;
    for (const k of key) {
      let n = node.next.get(k);
      if (!n) node.next.set(k, (n = { next: new Map(), entries: [] }));
      node = n;
    }
    node.place = text;
  }

  static fromEntries(entries: Iterable<GazetteerEntry>): Gazetteer {
    const g = new Gazetteer();
    g.add(entries);
    return g;
  }

  add(entries: Iterable<GazetteerEntry>): void {
    for (const e of entries) {
      this.addOne(e);
      if (e.kind !== 'country') continue;
      const plural = e.type === 'demonym' ? demonymPlural(e.text) : null;
      if (plural) this.addOne({ ...e, text: plural });
    }
  }

  private addOne(entry: GazetteerEntry): void {
    const e = entry;
    let text = e.text.trim();
    // "the Kremlin", "The Gambia": the article is not part of the name in running text
    if (/^the\s/i.test(text)) text = text.slice(4).trim();
    if (!this.allowed(e, text)) return;
    const key = tokenize(text)
      .map((t) => t.norm)
      .filter(Boolean);
    if (!key.length) return;
    this.countryWords = undefined;
    // "UEFA" (capitals only) and "Uefa" (any capitalised form) share a key but not a case rule: both stay
    const upper = isAllCaps(text) && text.replace(/[^\p{L}]/gu, '').length <= 6;
    const id = `${e.kind}|${e.slug}|${key.join(' ')}|${upper}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    let node = this.root;
    for (const k of key.join(' ').split(' ')) {
      let n = node.next.get(k);
      if (!n) node.next.set(k, (n = { next: new Map(), entries: [] }));
      node = n;
    }
    const stored = { ...e, text };
    node.entries.push({ entry: stored, upper });
    const list = this.byAlias.get(key.join(' '));
    if (list) list.push(stored);
    else this.byAlias.set(key.join(' '), [stored]);
  }

  /** Matching policy for aliases that are also common words. */
  private allowed(e: GazetteerEntry, text: string): boolean {
    if (e.kind !== 'country') return text.length > 1;
    if (e.type === 'code') {
      if (text.length === 2) return safeTwoLetterCodes.has(text);
      return text.length === 3 && !wordLikeCodes.has(text);
    }
    if (e.type === 'capital') return !unsafeCapitals.has(normToken(text));
    return text.length > 1;
  }

  /** The last word of some country alias ("Korean" of "North Korean"), case-insensitively. */
  isCountryWord(text: string): boolean {
    if (!this.countryWords) {
      this.countryWords = new Set();
      for (const [key, entries] of this.byAlias) if (entries.some((e) => e.kind === 'country')) this.countryWords.add(key.split(' ').at(-1)!);
    }
    return this.countryWords.has(normToken(text));
  }
  private countryWords: Set<string> | undefined;

  /** A country alias or a listed place ("Madrid", "Chicago"), case-insensitively. */
  isPlaceName(text: string): boolean {
    const key = normToken(text);
    if (this.byAlias.get(key)?.some((e) => e.kind === 'country')) return true;
    return Boolean(this.root.next.get(key)?.place);
  }

  /** Entries whose alias normalises like `text` (any case). */
  lookup(text: string): GazetteerEntry[] {
    return this.byAlias.get(normToken(text)) ?? [];
  }

  /** Tokenizes and matches `text`. */
  scan(text: string): GazetteerMatch[] {
    return this.matchTokens(tokenize(text), text);
  }

  /** Greedy, left to right, longest match; matches never span a line break. */
  matchTokens(tokens: readonly Token[], text: string): GazetteerMatch[] {
    const out: GazetteerMatch[] = [];
    for (let i = 0; i < tokens.length; ) {
      const m = this.longestAt(tokens, text, i);
      if (m) {
        out.push(m);
        i = m.tokenEnd;
      } else i++;
    }
    return out;
  }

  /** Longest match starting at token i, or null. */
  longestAt(tokens: readonly Token[], text: string, i: number): GazetteerMatch | null {
    const first = tokens[i]!;
    if (!first.norm) return null;
    // most words start no alias: one map look-up before any other test
    const firstKey = first.norm.includes(' ') ? first.norm.slice(0, first.norm.indexOf(' ')) : first.norm;
    if (!this.root.next.has(firstKey) || !/[\p{L}\p{N}]/u.test(first.text[0]!)) return null;
    let node: TrieNode | undefined = this.root;
    let best: GazetteerMatch | null = null;
    let j = i;
    while (j < tokens.length && node) {
      const t: Token = tokens[j]!;
      if (j > i) {
        const prev = tokens[j - 1]!;
        let newline = false;
        for (let k = prev.end; k < t.start && !newline; k++) newline = text.charCodeAt(k) === 10;
        if (newline) break;
        // "Guinea-Bissau", "Timor-Leste": a hyphen between words is skipped
        if (t.text === '-' && t.start === prev.end && tokens[j + 1]?.start === t.end) {
          j++;
          continue;
        }
      }
      if (!t.norm) break;
      if (!t.norm.includes(' ')) node = node.next.get(t.norm);
      else
        for (const part of t.norm.split(' ')) {
          node = node?.next.get(part);
          if (!node) break;
        }
      if (!node) break;
      j++;
      if (node.entries.length) {
        const cands = this.accept(node.entries, tokens, i, j);
        if (cands.length) best = { start: first.start, end: tokens[j - 1]!.end, tokenStart: i, tokenEnd: j, candidates: cands };
        else if (node.place && capitalised(tokens, i, j)) best = { start: first.start, end: tokens[j - 1]!.end, tokenStart: i, tokenEnd: j, candidates: [], place: node.place };
      } else if (node.place && capitalised(tokens, i, j)) {
        best = { start: first.start, end: tokens[j - 1]!.end, tokenStart: i, tokenEnd: j, candidates: [], place: node.place };
      }
    }
    return best;
  }

  /** Entries whose case rule the surface satisfies, one per entity, best alias type first. */
  private accept(entries: Compiled[], tokens: readonly Token[], i: number, j: number): GazetteerEntry[] {
    const words = tokens.slice(i, j).filter((t) => t.norm);
    const upperOk = words.every((t) => isAllCaps(t.text));
    const capOk = isCapOrDigit(words[0]!.text) && isCapOrDigit(words[words.length - 1]!.text);
    const best = new Map<string, GazetteerEntry>();
    for (const c of entries) {
      if (c.upper ? !upperOk : !capOk) continue;
      const k = `${c.entry.kind}|${c.entry.slug}`;
      const prev = best.get(k);
      if (!prev || typeRank[c.entry.type] < typeRank[prev.type]) best.set(k, c.entry);
    }
    return [...best.values()].sort((a, b) => typeRank[a.type] - typeRank[b.type]);
  }
}

function capitalised(tokens: readonly Token[], i: number, j: number): boolean {
  const words = tokens.slice(i, j).filter((t) => t.norm);
  return isCap(words[0]!.text) && isCap(words[words.length - 1]!.text);
}

function isCapOrDigit(text: string): boolean {
  return isCap(text) || /^\p{N}/u.test(text);
}

/**
 * The entity of a country alias, or null while it is ambiguous. The seeds already give an alias
 * shared by a territory and its sovereign to the sovereign ("French" is France), so what remains
 * ambiguous ("Congolese") stays so.
 */
export function preferSovereign(cands: readonly GazetteerEntry[]): GazetteerEntry | null {
  return cands.length === 1 ? cands[0]! : null;
}

