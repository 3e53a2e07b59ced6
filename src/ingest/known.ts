import { cleanText } from './clean.ts';
import type { ExtractedEntity, ExtractedMention, Extraction } from './extract.ts';
import { preferSovereign, type Gazetteer, type GazetteerEntry, type GazetteerMatch } from './gazetteer.ts';
import { sentenceIndexAt, splitSentences } from './sentences.ts';
import { tokenize } from './tokens.ts';

/**
 * Gazetteer-only extraction: links names the database already knows (every country alias, and the
 * people and organisations earlier articles introduced) but discovers no new people or
 * organisations. It needs no NLP model, so it suits runtimes whose bundle must stay small (the
 * Worker); Node ingests with `extractMentions`. Same output shape and cleaning, so the stored body,
 * offsets and content hash agree whichever extractor wrote an article.
 *
 * A short form ("Putin", "Kim") links only when the article also names that person in full, the
 * within-article coreference rule of the full pipeline, without which every "Kim" would be Kim
 * Jong Un: known short aliases, and the last word of the full name.
 */
export function extractKnownMentions(raw: string, gazetteer: Gazetteer): Extraction {
  const text = cleanText(raw);
  const sentences = splitSentences(text);
  const sentenceOf = (m: GazetteerMatch) => sentenceIndexAt(sentences, m.start);
  const matches = gazetteer.scan(text).filter((m) => m.candidates.length && sentenceOf(m) === sentenceIndexAt(sentences, m.end - 1));
  const key = (e: GazetteerEntry) => `${e.kind}|${e.slug}`;
  const isShort = (e: GazetteerEntry) => e.kind !== 'country' && e.type === 'short';

  // entities named in full (not by a short form) somewhere in the article
  const named = new Set<string>();
  for (const m of matches) {
    const entry = preferSovereign(m.candidates.filter((c) => !isShort(c)));
    if (entry) named.add(key(entry));
  }

  const entities = new Map<string, ExtractedEntity>();
  const mentions: ExtractedMention[] = [];
  for (const m of matches) {
    const usable = m.candidates.filter((c) => !isShort(c) || named.has(key(c)));
    const entry = preferSovereign(usable) ?? preferSovereign(usable.filter((c) => named.has(key(c))));
    if (!entry) continue;
    if (!entities.has(key(entry))) entities.set(key(entry), { kind: entry.kind, slug: entry.slug, name: entry.name, aliases: [] });
    mentions.push({ kind: entry.kind, slug: entry.slug, start: m.start, end: m.end, sentence: sentenceOf(m), surface: text.slice(m.start, m.end) });
  }

  // "Trask" after "Wilhelmina Trask": the surname of a person named in full, unless two share it
  const bySurname = new Map<string, ExtractedEntity | null>();
  for (const e of entities.values()) {
    const words = e.name.split(/\s+/);
    if (e.kind !== 'person' || words.length < 2) continue;
    const surname = words.at(-1)!;
    bySurname.set(surname, bySurname.has(surname) ? null : e);
  }
  const covered = (start: number) => mentions.some((m) => start >= m.start && start < m.end);
  for (const token of bySurname.size ? tokenize(text) : []) {
    const e = bySurname.get(token.text);
    if (!e || covered(token.start)) continue;
    mentions.push({ kind: e.kind, slug: e.slug, start: token.start, end: token.end, sentence: sentenceIndexAt(sentences, token.start), surface: token.text });
  }
  mentions.sort((a, b) => a.start - b.start);
  return { text, sentences, entities: [...entities.values()], mentions };
}
