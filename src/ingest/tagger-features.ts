/**
 * Features of the named-entity tagger (src/ingest/tagger.ts): one list of feature strings per
 * token. The same code runs when training (scripts/train-ner.ts) and when tagging, in Node and in
 * the Worker, so it stays runtime-neutral (no node:* imports, no NLP library).
 *
 * Words are expected in the project's tokenisation (src/ingest/tokens.ts: "U.S." whole, "Kim's" →
 * "Kim" + "'s", hyphens and other punctuation as tokens of their own); training re-tokenises
 * CoNLL the same way.
 */
import { splitSentences } from './sentences.ts';
import { normToken, tokenize, type Token } from './tokens.ts';

/** Text → sentences (splitSentences) → tokens (tokenize), offsets into the text: what the tagger reads. */
export function textSentences(text: string): Token[][] {
  return splitSentences(text).map((s) =>
    tokenize(text.slice(s.start, s.end)).map((t) => ({ ...t, start: t.start + s.start, end: t.end + s.start })),
  );
}

/** Word lists the features look words up in; captured at training time and stored in the model. */
export interface Lexicons {
  /** Gazetteer phrases (normToken of each word, joined by spaces) → their class, e.g. "country-name". */
  phrases: ReadonlyMap<string, string>;
  /** Longest phrase, in words. */
  maxPhraseWords: number;
  /** First names, as normToken keys. */
  firstNames: ReadonlySet<string>;
}

/**
 * What the rest of the document says about its words, for the features of one sentence: whether
 * a capitalised word also occurs in lower case (a common word at the start of a sentence or in a
 * headline), in capitals mid-sentence, or inside a longer capitalised name ("Blair" after "Tony
 * Blair").
 */
export interface DocumentContext {
  /** Lower-cased words that occur in lower case somewhere in the document. */
  readonly lowerCase: ReadonlySet<string>;
  /** Lower-cased words that occur capitalised, not first in their sentence, in a sentence that is not all capitals. */
  readonly capitalisedMidSentence: ReadonlySet<string>;
  /** Lower-cased words that occur as the last word of a name of two or more capitalised words. */
  readonly lastOfName: ReadonlySet<string>;
  /** Lower-cased words that occur as the first word of such a name. */
  readonly firstOfName: ReadonlySet<string>;
  /** Lower-cased words that end a name starting with a known first name ("Tony Blair" gives "blair"). */
  readonly lastOfPersonName: ReadonlySet<string>;
}

const upper = /\p{Lu}/u;
const lower = /\p{Ll}/u;
const letterOrDigit = /[\p{L}\p{N}]/u;

/** Upper-case initial letter (or digit-free word starting with one). */
export function isCapitalised(word: string): boolean {
  return upper.test(word[0] ?? '');
}

/** Has letters, all of them capitals. */
function isAllCapitals(word: string): boolean {
  return upper.test(word) && !lower.test(word);
}

/** A sentence written in capitals (CoNLL headlines such as "SOCCER - JAPAN GET LUCKY WIN"). */
export function isCapitalsSentence(words: readonly string[]): boolean {
  let caps = 0;
  let letters = 0;
  for (const w of words) {
    if (!lower.test(w) && !upper.test(w)) continue;
    letters++;
    if (!lower.test(w)) caps++;
  }
  return letters > 0 && caps / letters > 0.8 && letters >= 2;
}

/** Word shape: "Blair" → "Xxxxx" (runs cut at 4), "U.S." → "X.X.", "1996" → "dddd". */
function shape(word: string): string {
  let out = '';
  let last = '';
  let run = 0;
  for (const ch of word) {
    const c = upper.test(ch) ? 'X' : lower.test(ch) ? 'x' : ch >= '0' && ch <= '9' ? 'd' : letterOrDigit.test(ch) ? 'x' : ch;
    run = c === last ? run + 1 : 1;
    last = c;
    if (run <= 4) out += c;
  }
  return out;
}

/** A word shape with runs collapsed: "Xxxxx" → "Xx", "XxXxxxx" (McDonald) → "XxXx". */
function collapseShape(s: string): string {
  let out = '';
  for (const c of s) if (c !== out[out.length - 1]) out += c;
  return out;
}

/** Lower case with digits folded, so "1996" and "2004" share features. */
function wordKey(word: string): string {
  return word.toLowerCase().replace(/[0-9]/g, '0');
}

/** Which words of a sentence are inside a gazetteer phrase (longest match first): "B:class" / "I:class" per word. */
function phraseMarks(words: readonly string[], keys: readonly string[], lex: Lexicons): (string | undefined)[] {
  const marks: (string | undefined)[] = new Array(words.length);
  for (let i = 0; i < words.length; ) {
    let matched = 0;
    if (isCapitalised(words[i]!) && keys[i]) {
      for (let n = Math.min(lex.maxPhraseWords, words.length - i); n >= 1 && !matched; n--) {
        const last = words[i + n - 1]!;
        if (!letterOrDigit.test(last)) continue;
        const cls = lex.phrases.get(keys.slice(i, i + n).filter(Boolean).join(' '));
        if (cls === undefined) continue;
        // codes ("US", "UAE") only in capitals, so "us" is not the United States
        if (cls.endsWith('code') && !isAllCapitals(words[i]!)) continue;
        for (let k = 0; k < n; k++) marks[i + k] = `${k ? 'I' : 'B'}:${cls}${n > 1 ? '' : ':1'}`;
        matched = n;
      }
    }
    i += matched || 1;
  }
  return marks;
}

/** Builds the document context from all sentences of one document (words as in tagSentence). */
export function buildDocumentContext(sentences: readonly (readonly string[])[], lex: Lexicons): DocumentContext {
  const lowerCase = new Set<string>();
  const capitalisedMidSentence = new Set<string>();
  const lastOfName = new Set<string>();
  const firstOfName = new Set<string>();
  const lastOfPersonName = new Set<string>();
  for (const words of sentences) {
    const capsSentence = isCapitalsSentence(words);
    let runStart = -1;
    const endRun = (end: number) => {
      if (runStart >= 0 && end - runStart >= 2 && !capsSentence) {
        const first = words[runStart]!.toLowerCase();
        const last = words[end - 1]!.toLowerCase();
        firstOfName.add(first);
        lastOfName.add(last);
        if (lex.firstNames.has(normToken(words[runStart]!))) lastOfPersonName.add(last);
      }
      runStart = -1;
    };
    words.forEach((w, i) => {
      const cap = isCapitalised(w) && letterOrDigit.test(w);
      if (lower.test(w[0] ?? '')) lowerCase.add(w.toLowerCase());
      if (cap && i > 0 && !capsSentence) capitalisedMidSentence.add(w.toLowerCase());
      if (cap) {
        if (runStart < 0) runStart = i;
      } else endRun(i);
    });
    endRun(words.length);
  }
  return { lowerCase, capitalisedMidSentence, lastOfName, firstOfName, lastOfPersonName };
}

const BOS = '<s>';
const EOS = '</s>';

/**
 * Feature strings for every word of one sentence. Prefixes name the template ("w=", "l-1=",
 * "sh=" ...); the model's weights are keyed by the whole string.
 */
export function sentenceFeatures(words: readonly string[], lex: Lexicons, doc?: DocumentContext): string[][] {
  const n = words.length;
  const keys = words.map((w) => (letterOrDigit.test(w) ? normToken(w) : ''));
  const lw = words.map(wordKey);
  const shapes = words.map(shape);
  const short = shapes.map(collapseShape);
  const marks = phraseMarks(words, keys, lex);
  const firstName = words.map((w, i) => isCapitalised(w) && lex.firstNames.has(keys[i]!));
  const capsSentence = isCapitalsSentence(words);
  const at = <T>(arr: readonly T[], i: number, edge: T): T => (i < 0 || i >= n ? edge : arr[i]!);

  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const w = words[i]!;
    const l = lw[i]!;
    const sh = short[i]!;
    const f: string[] = ['b', `w=${w}`, `l=${l}`, `sh=${shapes[i]}`, `ss=${sh}`];
    const chars = [...l];
    for (let k = 1; k <= 4 && k < chars.length; k++) {
      f.push(`p${k}=${chars.slice(0, k).join('')}`, `s${k}=${chars.slice(-k).join('')}`);
    }
    const l1 = at(lw, i - 1, BOS);
    const r1 = at(lw, i + 1, EOS);
    const l2 = at(lw, i - 2, BOS);
    const r2 = at(lw, i + 2, EOS);
    const ssl = at(short, i - 1, BOS);
    const ssr = at(short, i + 1, EOS);
    f.push(
      `l-1=${l1}`,
      `l+1=${r1}`,
      `l-2=${l2}`,
      `l+2=${r2}`,
      `l-1|l=${l1}|${l}`,
      `l|l+1=${l}|${r1}`,
      `ss-1=${ssl}`,
      `ss+1=${ssr}`,
      `ss-1|ss=${ssl}|${sh}`,
      `ss|ss+1=${sh}|${ssr}`,
      `ss-1|ss|ss+1=${ssl}|${sh}|${ssr}`,
      `l-1|ss=${l1}|${sh}`,
      `ss|l+1=${sh}|${r1}`,
    );
    if (i === 0) f.push(`first|ss=${sh}`, `first|l=${l}`);
    if (capsSentence) f.push(`caps|ss=${sh}`, `caps|l=${l}`);
    const mark = marks[i];
    if (mark) f.push(`g=${mark}`);
    const markL = at(marks, i - 1, undefined);
    const markR = at(marks, i + 1, undefined);
    if (markL) f.push(`g-1=${markL}`);
    if (markR) f.push(`g+1=${markR}`);
    if (firstName[i]) f.push('fn', `fn|ss+1=${ssr}`);
    if (at(firstName, i - 1, false)) f.push(`fn-1|ss=${sh}`);
    if (at(firstName, i + 1, false)) f.push(`fn+1|ss=${sh}`);
    if (doc && letterOrDigit.test(w) && isCapitalised(w)) {
      const key = w.toLowerCase();
      const pos = i === 0 ? 'first' : capsSentence ? 'caps' : 'mid';
      if (doc.lowerCase.has(key)) f.push(`d:lower|${pos}`);
      if (doc.capitalisedMidSentence.has(key)) f.push(`d:capmid|${pos}`);
      if (doc.lastOfName.has(key)) f.push(`d:last|${pos}`);
      if (doc.firstOfName.has(key)) f.push(`d:first|${pos}`);
      if (doc.lastOfPersonName.has(key)) f.push(`d:person|${pos}`);
    }
    out.push(f);
  }
  return out;
}
