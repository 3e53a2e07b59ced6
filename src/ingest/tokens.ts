import { normalizeAlias } from '../db/normalize.ts';

/**
 * One tokenizer for gazetteer matching and candidate finding, so both agree on boundaries.
 * Possessive 's is split off ("Kim's" → "Kim" + "'s"); dotted acronyms ("U.S.") stay whole;
 * any other punctuation character is a token of its own, which stops multi-word matches.
 */
export interface Token {
  start: number;
  end: number;
  text: string;
  /** normalizeAlias(text): the trie key; "" for punctuation. */
  norm: string;
  kind: 'word' | 'acronym' | 'possessive' | 'punct';
}

const tokenRe =
  /(\p{Lu}\.(?:\p{L}\.)+)|([\p{L}\p{N}]+(?:['’](?![sS](?![\p{L}\p{N}]))[\p{L}\p{N}]+)*)|(['’][sS](?![\p{L}\p{N}]))|(\S)/gu;

const normCache = new Map<string, string>();
export function normToken(text: string): string {
  // Most words are ASCII letters and digits, which normalizeAlias only lower-cases: that is cheaper
  // than hashing the word into a cache of 200,000 entries, and leaves the cache to the rest.
  let ascii = true;
  for (let i = 0; i < text.length && ascii; i++) {
    const c = text.charCodeAt(i);
    ascii = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  }
  if (ascii) return text.toLowerCase();
  let n = normCache.get(text);
  if (n === undefined) {
    n = normalizeAlias(text);
    if (normCache.size > 200_000) normCache.clear();
    normCache.set(text, n);
  }
  return n;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  tokenRe.lastIndex = 0;
  for (let m = tokenRe.exec(text); m; m = tokenRe.exec(text)) {
    const t = m[0];
    const kind = m[1] ? 'acronym' : m[2] ? 'word' : m[3] ? 'possessive' : 'punct';
    out.push({ start: m.index, end: m.index + t.length, text: t, norm: kind === 'punct' || kind === 'possessive' ? '' : normToken(t), kind });
  }
  return out;
}

/** First character is an upper-case letter. */
export function isCap(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  return /^\p{Lu}/u.test(text);
}

/** Has letters and all of them are upper case. */
export function isAllCaps(text: string): boolean {
  return /\p{L}/u.test(text) && !/\p{Ll}/u.test(text);
}
