/**
 * CoNLL-2003 files (token POS chunk NER per line, IOB2 tags, blank line between sentences,
 * -DOCSTART- between documents) as documents of tagged sentences, for training and scoring the
 * tagger. Runtime-neutral: callers read the file.
 */
import { textSentences } from './tagger-features.ts';

export interface TaggedWord {
  word: string;
  /** IOB2 tag: O, B-PER, I-PER, ... */
  tag: string;
}
export type ConllSentence = TaggedWord[];
export type ConllDocument = ConllSentence[];

export function parseConll(text: string): ConllDocument[] {
  const docs: ConllDocument[] = [];
  let doc: ConllDocument = [];
  let sentence: ConllSentence = [];
  const endSentence = () => {
    if (sentence.length) doc.push(sentence);
    sentence = [];
  };
  const endDocument = () => {
    endSentence();
    if (doc.length) docs.push(doc);
    doc = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('-DOCSTART-')) endDocument();
    else if (line.startsWith('-TOKEN-')) continue;
    else if (!line.trim()) endSentence();
    else {
      const cols = line.trim().split(/\s+/);
      sentence.push({ word: cols[0]!, tag: cols[cols.length - 1]! });
    }
  }
  endDocument();
  return docs;
}

/** The document as text: words joined by spaces, the file's sentences by newlines; each word's offsets. */
export function documentText(doc: ConllDocument): { text: string; words: (TaggedWord & { start: number; end: number })[] } {
  let text = '';
  const words: (TaggedWord & { start: number; end: number })[] = [];
  doc.forEach((sentence, s) => {
    if (s) text += '\n';
    sentence.forEach((w, i) => {
      if (i) text += ' ';
      words.push({ ...w, start: text.length, end: text.length + w.word.length });
      text += w.word;
    });
  });
  return { text, words };
}

/**
 * The document as the tagger sees it in production: its text split by splitSentences() and
 * tokenize(). (The shared CoNLL files have no blank lines between sentences, only between
 * documents.) A token takes the tag of the CoNLL word it is part of, I- after the word's first
 * token: "EU-wide" (B-MISC) becomes "EU" B-MISC, "-" I-MISC, "wide" I-MISC.
 */
export function projectSentences(doc: ConllDocument): ConllSentence[] {
  const { text, words } = documentText(doc);
  let k = 0;
  return textSentences(text).map((tokens) =>
    tokens.map((t) => {
      while (words[k]!.end <= t.start) k++;
      const w = words[k]!;
      const tag = t.start > w.start && w.tag !== 'O' ? `I-${w.tag.slice(2)}` : w.tag;
      return { word: t.text, tag };
    }),
  );
}

/** Entity spans [start, end) of an IOB2 (or IOB1) tag sequence. */
export function tagSpans(tags: readonly string[]): { label: string; start: number; end: number }[] {
  const spans: { label: string; start: number; end: number }[] = [];
  let open: { label: string; start: number; end: number } | undefined;
  tags.forEach((tag, i) => {
    const type = tag === 'O' ? '' : tag.slice(2);
    if (open && (tag === 'O' || tag.startsWith('B-') || open.label !== type)) {
      spans.push(open);
      open = undefined;
    }
    if (type && !open) open = { label: type, start: i, end: i + 1 };
    else if (open) open.end = i + 1;
  });
  if (open) spans.push(open);
  return spans;
}
