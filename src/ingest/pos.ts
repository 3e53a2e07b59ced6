import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Token } from './tokens.ts';

/**
 * Part-of-speech tags from wink-nlp's lite English model, mapped onto our tokens by character
 * offset. wink was chosen over compromise for speed (see docs/quality.md): ~2-3 ms for a
 * 750-word article against ~40 ms for compromise's people()/places()/organizations().
 */
type Wink = ReturnType<typeof winkNLP>;
let nlp: Wink | null = null;
function wink(): Wink {
  return (nlp ??= winkNLP(model, ['sbd', 'pos']));
}

/** Tags one Universal-POS tag ('PROPN', 'NOUN', ...) per token; replaceable for comparisons. */
export type PosTagger = (text: string, tokens: readonly Token[]) => string[];
let tagger: PosTagger = winkTags;

/** Swaps the tagger (the evaluation script uses this to score compromise in the same pipeline). */
export function setPosTagger(t: PosTagger | null): void {
  tagger = t ?? winkTags;
}

export function posTags(text: string, tokens: readonly Token[]): string[] {
  return tagger(text, tokens);
}

function winkTags(text: string, tokens: readonly Token[]): string[] {
  const w = wink();
  const doc = w.readDoc(text);
  const its = w.its;
  const words = doc.tokens().out() as string[];
  const tags = doc.tokens().out(its.pos) as string[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  // wink tokens → character ranges; wink reproduces the text as spaces + token, but search as
  // a fallback in case a token was altered
  const starts: number[] = [];
  const ends: number[] = [];
  let pos = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    let s = pos + (spaces[i]?.length ?? 0);
    if (!text.startsWith(word, s)) {
      const found = text.indexOf(word, pos);
      s = found < 0 ? s : found;
    }
    starts.push(s);
    ends.push(s + word.length);
    pos = Math.max(pos, s + word.length);
  }
  const out: string[] = new Array(tokens.length);
  let k = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    while (k < words.length - 1 && ends[k]! <= t.start) k++;
    out[i] = starts[k]! <= t.start && t.start < ends[k]! ? tags[k]! : 'X';
  }
  return out;
}
