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
  /** Every proper prefix of a phrase (in words), so matching stops early. */
  phrasePrefixes: ReadonlySet<string>;
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
  return capitalsSentence(words.map(wordForms));
}

function capitalsSentence(forms: readonly WordForms[]): boolean {
  let caps = 0;
  let letters = 0;
  for (const f of forms) {
    if (!f.hasLower && !f.hasUpper) continue;
    letters++;
    if (!f.hasLower) caps++;
  }
  return letters > 0 && caps / letters > 0.8 && letters >= 2;
}

/** Word shape: "Blair" → "Xxxxx" (runs cut at 4), "U.S." → "X.X.", "1996" → "dddd". */
function shape(word: string): string {
  let out = '';
  let last = '';
  let run = 0;
  for (const ch of word) {
    const code = ch.charCodeAt(0);
    const c =
      code >= 97 && code <= 122 ? 'x' : code >= 65 && code <= 90 ? 'X' : code >= 48 && code <= 57 ? 'd' : code < 128 ? ch : upper.test(ch) ? 'X' : letterOrDigit.test(ch) ? 'x' : ch;
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

/** What the features need of a word by itself. */
export interface WordForms {
  /** wordKey */
  key: string;
  /** The word lower-cased, as the document context keys it: one string per word, hashed once for its many look-ups. */
  lower: string;
  shape: string;
  /** collapseShape of shape */
  short: string;
  /** normToken of a word with letters or digits, else "" */
  norm: string;
  /** has a letter or digit */
  alnum: boolean;
  /** isCapitalised */
  cap: boolean;
  /** starts with a lower-case letter */
  lowerInitial: boolean;
  /** has a lower-case letter, an upper-case one */
  hasLower: boolean;
  hasUpper: boolean;
  /** A scorer's sum of this word's word-alone feature weights, and whose it is (FeatureSink.knownWord). */
  scores?: Int32Array;
  scoresOwner?: object;
  /** A scorer's values of `key` and `short`, and whose they are (FeatureSink.wordValues). */
  keyValue?: number;
  shortValue?: number;
  valuesOwner?: object;
}

/** The forms of a word, remembered: news repeats its words, and each form costs a regex or a map look-up. */
const formsCache = new Map<string, WordForms>();
function wordForms(word: string): WordForms {
  let f = formsCache.get(word);
  if (f === undefined) {
    const s = shape(word);
    const alnum = letterOrDigit.test(word);
    f = { key: wordKey(word), lower: word.toLowerCase(), shape: s, short: collapseShape(s), norm: alnum ? normToken(word) : '', alnum, cap: isCapitalised(word), lowerInitial: lower.test(word[0] ?? ''), hasLower: lower.test(word), hasUpper: upper.test(word),
      // every field from the start: one object shape for all words, whatever a scorer remembers later
      scores: undefined, scoresOwner: undefined, keyValue: undefined, shortValue: undefined, valuesOwner: undefined };
    if (formsCache.size >= 100_000) formsCache.clear();
    formsCache.set(word, f);
  }
  return f;
}

/** The forms of each word of a sentence: computed once per sentence and shared by the steps that tag it. */
export function sentenceForms(words: readonly string[]): WordForms[] {
  return words.map(wordForms);
}

/** Which words of a sentence are inside a gazetteer phrase (longest match first): "B:class" / "I:class" per word. */
function phraseMarks(words: readonly string[], keys: readonly string[], capitalised: readonly boolean[], lex: Lexicons): (string | undefined)[] {
  const marks: (string | undefined)[] = new Array(words.length);
  for (let i = 0; i < words.length; ) {
    let match = 0;
    let matchClass = '';
    if (capitalised[i]) {
      let key = '';
      for (let n = 1; n <= lex.maxPhraseWords && i + n <= words.length; n++) {
        const k = keys[i + n - 1]!;
        if (k) key = key ? `${key} ${k}` : k;
        else if (n > 1) continue; // punctuation inside a phrase ("Bosnia-Herzegovina")
        const cls = lex.phrases.get(key);
        // codes ("US", "UAE") only in capitals, so "us" is not the United States
        if (cls !== undefined && k && !(cls.endsWith('code') && !isAllCapitals(words[i]!))) {
          match = n;
          matchClass = cls;
        }
        if (!lex.phrasePrefixes.has(key)) break;
      }
    }
    for (let k = 0; k < match; k++) marks[i + k] = `${k ? 'I' : 'B'}:${matchClass}${match > 1 ? '' : ':1'}`;
    i += match || 1;
  }
  return marks;
}

/** Builds the document context from all sentences of one document (words as in tagSentence). */
export function buildDocumentContext(sentences: readonly (readonly string[])[], lex: Lexicons, sentencesForms?: readonly (readonly WordForms[])[]): DocumentContext {
  const lowerCase = new Set<string>();
  const capitalisedMidSentence = new Set<string>();
  const lastOfName = new Set<string>();
  const firstOfName = new Set<string>();
  const lastOfPersonName = new Set<string>();
  for (const [k, words] of sentences.entries()) {
    const forms = sentencesForms?.[k] ?? words.map(wordForms);
    const capsSentence = capitalsSentence(forms);
    let runStart = -1;
    const endRun = (end: number) => {
      if (runStart >= 0 && end - runStart >= 2 && !capsSentence) {
        const first = forms[runStart]!.lower;
        const last = forms[end - 1]!.lower;
        firstOfName.add(first);
        lastOfName.add(last);
        if (lex.firstNames.has(forms[runStart]!.norm)) lastOfPersonName.add(last);
      }
      runStart = -1;
    };
    words.forEach((w, i) => {
      const f = forms[i]!;
      const cap = f.cap && f.alnum;
      if (f.lowerInitial) lowerCase.add(f.lower);
      if (cap && i > 0 && !capsSentence) capitalisedMidSentence.add(f.lower);
      if (cap) {
        if (runStart < 0) runStart = i;
      } else endRun(i);
    });
    endRun(words.length);
  }
  return { lowerCase, capitalisedMidSentence, lastOfName, firstOfName, lastOfPersonName };
}

/**
 * Words no entity starts at: those without letters or digits (the "." of "Mr. Bush" is a token of
 * its own here) and honorifics ("Mr", "Mrs", "Dr"), which CoNLL keeps out of names.
 */
export function cannotStartEntity(words: readonly string[], lex: Lexicons, forms: readonly WordForms[] = sentenceForms(words)): boolean[] {
  return words.map((_, i) => {
    const f = forms[i]!;
    return !f.alnum || (f.cap && lex.phrases.get(f.norm) === 'honorific');
  });
}

const BOS = '<s>';
const EOS = '</s>';

/**
 * The feature templates, by index: emitFeatures names a template by its index here (a look-up of
 * a number, where a name would be a string look-up per feature), and the model's feature strings
 * start with the name (featureKey).
 */
export const featureTemplates = [
  'b', 'w', 'l', 'sh', 'ss', 'p1', 'p2', 'p3', 'p4', 's1', 's2', 's3', 's4',
  'l-1', 'l+1', 'l-2', 'l+2', 'l-1|l', 'l|l+1', 'ss-1', 'ss+1', 'ss-1|ss', 'ss|ss+1', 'ss-1|ss|ss+1', 'l-1|ss', 'ss|l+1',
  'first|ss', 'first|l', 'caps|ss', 'caps|l', 'g', 'g-1', 'g+1', 'fn', 'fn|ss+1', 'fn-1|ss', 'fn+1|ss',
  'd:lower', 'd:capmid', 'd:last', 'd:first', 'd:person',
] as const;
type TemplateName = (typeof featureTemplates)[number];
const t = Object.fromEntries(featureTemplates.map((name, i) => [name, i])) as Record<TemplateName, number>;

/**
 * Receives the features of a sentence, word by word. A feature is a template and up to three
 * values; as a string (the model's key) it is `template=value1|value2|value3`. Training collects
 * the strings (sentenceFeatures, V = string); tagging looks values up once per word and each
 * feature by numbers, without building the strings (V = a value's id in the model).
 */
export interface FeatureSink<V> {
  /** What the sink takes a value as: the text itself, or what it looks the text up by. */
  value(text: string): V;
  /** The following features belong to word i. */
  word(i: number): void;
  /** Optional: sets the word's keyValue and shortValue (its key's and short shape's values), which the sink may remember with the word. */
  wordValues?(forms: WordForms): void;
  /** A feature: template (index into featureTemplates) and values from `value`. */
  add(template: number, a?: V, b?: V, c?: V): void;
  /**
   * Optional: the features of a word that depend on the word alone come first; a sink that has
   * them already for this word (a cache) says true and emitFeatures skips them.
   */
  knownWord?(word: string, forms: WordForms): boolean;
  /** Optional: the word-alone features of `word` were just added (a sink may remember them). */
  wordDone?(word: string, forms: WordForms): void;
}

/** The key of one feature, as FeatureSink describes. */
export function featureKey(template: string, a?: string, b?: string, c?: string): string {
  return a === undefined ? `${template}=` : b === undefined ? `${template}=${a}` : c === undefined ? `${template}=${a}|${b}` : `${template}=${a}|${b}|${c}`;
}

/** Feature strings for every word of one sentence. */
export function sentenceFeatures(words: readonly string[], lex: Lexicons, doc?: DocumentContext): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  emitFeatures<string>(words, lex, doc, {
    value: (text) => text,
    word() {
      current = [];
      out.push(current);
    },
    add(template, a, b, c) {
      current.push(featureKey(featureTemplates[template]!, a, b, c));
    },
  });
  return out;
}

/** The features of every word of one sentence, into a sink. */
export function emitFeatures<V>(words: readonly string[], lex: Lexicons, doc: DocumentContext | undefined, sink: FeatureSink<V>, forms: readonly WordForms[] = sentenceForms(words)): void {
  const n = words.length;
  const keys: string[] = new Array(n);
  // each word's key and collapsed shape as the sink's values, once: most features are made of them
  const lw: V[] = new Array(n);
  const short: V[] = new Array(n);
  const firstName: boolean[] = new Array(n);
  const capitalised: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const f = forms[i]!;
    keys[i] = f.norm;
    if (sink.wordValues) {
      sink.wordValues(f);
      lw[i] = f.keyValue as V;
      short[i] = f.shortValue as V;
    } else {
      lw[i] = sink.value(f.key);
      short[i] = sink.value(f.short);
    }
    capitalised[i] = f.cap && f.alnum;
    firstName[i] = f.cap && lex.firstNames.has(f.norm);
  }
  const marks = phraseMarks(words, keys, capitalised, lex).map((m) => (m === undefined ? undefined : sink.value(m)));
  const capsSentence = capitalsSentence(forms);
  const bos = sink.value(BOS);
  const eos = sink.value(EOS);
  // where a capitalised word stands, for the document features: looked up once per sentence
  const posFirst = sink.value('first');
  const posOther = sink.value(capsSentence ? 'caps' : 'mid');
  const at = <T>(arr: readonly T[], i: number, edge: T): T => (i < 0 || i >= n ? edge : arr[i]!);

  for (let i = 0; i < n; i++) {
    sink.word(i);
    const w = words[i]!;
    const f = forms[i]!;
    const l = lw[i]!;
    const sh = short[i]!;
    // features of the word alone first (a sink may cache them by word: knownWord)
    if (!sink.knownWord?.(w, f)) {
      sink.add(t.b);
      sink.add(t.w, sink.value(w));
      sink.add(t.l, l);
      sink.add(t.sh, sink.value(f.shape));
      sink.add(t.ss, sh);
      // affixes in UTF-16 units (a split surrogate pair is only a rarer key)
      const key = f.key;
      for (let k = 1; k <= 4 && k < key.length; k++) {
        sink.add(prefixTemplates[k]!, sink.value(key.slice(0, k)));
        sink.add(suffixTemplates[k]!, sink.value(key.slice(-k)));
      }
      sink.wordDone?.(w, f);
    }
    const l1 = at(lw, i - 1, bos);
    const r1 = at(lw, i + 1, eos);
    const l2 = at(lw, i - 2, bos);
    const r2 = at(lw, i + 2, eos);
    const ssl = at(short, i - 1, bos);
    const ssr = at(short, i + 1, eos);
    sink.add(t['l-1'], l1);
    sink.add(t['l+1'], r1);
    sink.add(t['l-2'], l2);
    sink.add(t['l+2'], r2);
    sink.add(t['l-1|l'], l1, l);
    sink.add(t['l|l+1'], l, r1);
    sink.add(t['ss-1'], ssl);
    sink.add(t['ss+1'], ssr);
    sink.add(t['ss-1|ss'], ssl, sh);
    sink.add(t['ss|ss+1'], sh, ssr);
    sink.add(t['ss-1|ss|ss+1'], ssl, sh, ssr);
    sink.add(t['l-1|ss'], l1, sh);
    sink.add(t['ss|l+1'], sh, r1);
    if (i === 0) {
      sink.add(t['first|ss'], sh);
      sink.add(t['first|l'], l);
    }
    if (capsSentence) {
      sink.add(t['caps|ss'], sh);
      sink.add(t['caps|l'], l);
    }
    const mark = marks[i];
    if (mark !== undefined) sink.add(t.g, mark);
    // the mark before, across the "." of "Mr. Bush"
    const markL = at(marks, i - 1, undefined) ?? (at(words, i - 1, '') === '.' ? at(marks, i - 2, undefined) : undefined);
    const markR = at(marks, i + 1, undefined);
    if (markL !== undefined) sink.add(t['g-1'], markL);
    if (markR !== undefined) sink.add(t['g+1'], markR);
    if (firstName[i]) {
      sink.add(t.fn);
      sink.add(t['fn|ss+1'], ssr);
    }
    if (at(firstName, i - 1, false)) sink.add(t['fn-1|ss'], sh);
    if (at(firstName, i + 1, false)) sink.add(t['fn+1|ss'], sh);
    if (doc && capitalised[i]) {
      const key = f.lower;
      const pos = i === 0 ? posFirst : posOther;
      if (doc.lowerCase.has(key)) sink.add(t['d:lower'], pos);
      if (doc.capitalisedMidSentence.has(key)) sink.add(t['d:capmid'], pos);
      if (doc.lastOfName.has(key)) sink.add(t['d:last'], pos);
      if (doc.firstOfName.has(key)) sink.add(t['d:first'], pos);
      if (doc.lastOfPersonName.has(key)) sink.add(t['d:person'], pos);
    }
  }
}

const prefixTemplates = [-1, t.p1, t.p2, t.p3, t.p4];
const suffixTemplates = [-1, t.s1, t.s2, t.s3, t.s4];
