/**
 * Rule-based sentence segmentation over cleaned text. Sentences never cross a line break, so a
 * heading line is always a sentence of its own. Within a line a sentence ends at . ! ? (plus
 * closing quotes/brackets) followed by a space and an upper-case letter, digit or opening quote,
 * unless the period belongs to an abbreviation such as "Mr." or "U.S.".
 */

export interface SentenceSpan {
  start: number;
  end: number;
}

/** Abbreviations that are (almost) never sentence-final: titles, initials-like short forms. */
const neverFinal = new Set(
  (
    'mr mrs ms messrs mme mlle dr prof sr jr st mt ft gen lt col maj capt cmdr adm sgt cpl pte gov sen rep rev hon ' +
    'supt insp vol vols figs pp approx vs cf ' +
    'jan feb apr jul aug sep sept oct nov dec tues thu thur thurs'
  ).split(' '),
);

/** Words that, capitalised after an acronym such as "U.S.", make the acronym sentence-final. */
const sentenceStarters = new Set(
  (
    'the a an he she it they we i you this that these those there but and or so yet however in on at for ' +
    'after before when while if as his her their its our my what why how who where meanwhile also still'
  ).split(' '),
);

const boundary = /[.!?]+["')\]]*(?=\s)/g;

const nextWord = /\s+(["'(\[]?)(\S+)/y;
const wordChar = /^[\p{L}\p{N}.'-]$/u;

/** Start of the run of word characters (letters, digits, . ' -) that ends at `end`. */
function wordRunStart(line: string, end: number): number {
  let i = end;
  while (i > 0) {
    // a letter outside the BMP is a surrogate pair: test it whole
    const pair = i >= 2 && /[\uDC00-\uDFFF]/.test(line[i - 1]!) && /[\uD800-\uDBFF]/.test(line[i - 2]!);
    const k = pair ? i - 2 : i - 1;
    if (!wordChar.test(line.slice(k, i))) break;
    i = k;
  }
  return i;
}

function isBoundary(line: string, dot: number, after: number): boolean {
  // sticky matches and a backward scan: slicing the line at every period was quadratic in its length
  nextWord.lastIndex = after;
  const next = nextWord.exec(line);
  if (!next) return true;
  const word = next[2]!;
  const first = word[0]!;
  if (!/[\p{Lu}\p{N}]/u.test(first) && !next[1]) return false;
  if (line[dot] !== '.') return true;
  // the word the period ends
  const before = line.slice(wordRunStart(line, dot), dot);
  const bare = before.replace(/\./g, '').toLowerCase();
  if (neverFinal.has(bare)) return false;
  // a single initial ("George W. Bush"); "I." is rarely an initial but never mind
  if (/^\p{Lu}$/u.test(before)) return false;
  // dotted acronym: "U.S.", "U.K.", "a.m.": final only if a typical sentence opener follows
  if (/^(?:\p{L}\.)+\p{L}$/u.test(before)) {
    return sentenceStarters.has(word.replace(/[^\p{L}]/gu, '').toLowerCase());
  }
  return true;
}

export function splitSentences(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    let s = 0;
    boundary.lastIndex = 0;
    for (let m = boundary.exec(line); m; m = boundary.exec(line)) {
      const end = m.index + m[0].length;
      if (isBoundary(line, m.index, end)) {
        push(out, text, lineStart + s, lineStart + end);
        s = end;
      }
    }
    push(out, text, lineStart + s, lineEnd);
    lineStart = lineEnd + 1;
  }
  return out;
}

function push(out: SentenceSpan[], text: string, start: number, end: number): void {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (end > start) out.push({ start, end });
}

/** Index of the sentence containing offset `pos` (binary search), or -1. */
export function sentenceIndexAt(sentences: readonly SentenceSpan[], pos: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sentences[mid]!;
    if (pos < s.start) hi = mid - 1;
    else if (pos >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
