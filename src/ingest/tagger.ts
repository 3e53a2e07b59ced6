/**
 * The named-entity tagger: a structured (averaged) perceptron over IOB2 tags with Viterbi
 * decoding (src/ingest/tagger-model.ts), trained on CoNLL-2003 by `npm run train:ner` into
 * src/ingest/ner-model.json (its provenance is the file's first field).
 *
 * Runtime-neutral (Node ingest and the Worker): no node:* imports, no NLP library; the model is a
 * JSON module whose word lists and weights are decoded once, on first use.
 *
 *   tagDocument([['Tony', 'Blair', 'met', 'Kofi', 'Annan', '.']])
 *   // → [[{ label: 'PER', start: 0, end: 2, confidence: 0.99 }, { label: 'PER', start: 3, end: 5, confidence: 0.98 }]]
 *
 * Words must be in the project's tokenisation (tokenize() in src/ingest/tokens.ts), one sentence
 * at a time (splitSentences() in src/ingest/sentences.ts).
 */
import modelFile from './ner-model.json' with { type: 'json' };
import { EntityTagger, loadModel, type EntityLabel, type ModelFile, type TaggedSpan } from './tagger-model.ts';
import { textSentences, type DocumentContext } from './tagger-features.ts';

export type { DocumentContext } from './tagger-features.ts';
export { entityLabels, type EntityLabel, type TaggedSpan } from './tagger-model.ts';

let committed: EntityTagger | undefined;
/** The tagger of the committed model (decoded on first use). */
export function defaultTagger(): EntityTagger {
  committed ??= new EntityTagger(loadModel(modelFile as ModelFile));
  return committed;
}

/** What the whole document says about its words (see DocumentContext); pass it to tagSentence for each sentence. */
export function documentContext(sentences: readonly (readonly string[])[]): DocumentContext {
  return defaultTagger().documentContext(sentences);
}

/** Entity spans over the words of one sentence; give the document's context when there is one. */
export function tagSentence(words: readonly string[], context?: DocumentContext): TaggedSpan[] {
  return defaultTagger().tagSentence(words, context);
}

/** Entity spans of every sentence of one document, with the document context. */
export function tagDocument(sentences: readonly (readonly string[])[]): TaggedSpan[][] {
  return defaultTagger().tagDocument(sentences);
}

/** An entity found in text: character offsets into that text. */
export interface TextEntity {
  label: EntityLabel;
  start: number;
  end: number;
  text: string;
  confidence: number;
}

/** Entities of one document's (cleaned) text: sentences by splitSentences, words by tokenize, then tagDocument. */
export function tagText(text: string): TextEntity[] {
  const sentences = textSentences(text);
  const tagged = tagDocument(sentences.map((s) => s.map((t) => t.text)));
  return sentences.flatMap((tokens, i) =>
    tagged[i]!.map((span) => {
      const start = tokens[span.start]!.start;
      const end = tokens[span.end - 1]!.end;
      return { label: span.label, start, end, text: text.slice(start, end), confidence: span.confidence };
    }),
  );
}
