import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { entityConditions, matchingArticles, type ArticleCriteria } from './article-search.ts';
import type { Interpretation, InterpretedEntity } from './natural-language.ts';
import { parseTextQuery, toFtsMatch, type TextQuery } from './query-language.ts';

/**
 * "Never a silent zero": when the strict reading of a search finds nothing, looser readings are
 * tried in a fixed order, each building on the one before, and the first that finds something is
 * shown, saying what was relaxed:
 *   1. entity readings we are not sure of (confidence below `sureConfidence`) become words;
 *   2. the words are matched with OR instead of AND (bm25 ranks articles with more of them first);
 *   3. the words are matched by stem ("economic" → econom*, finding "economy");
 *   4. the words are dropped: the entities alone, ranked by salience;
 *   5. required entities become alternatives (any of them instead of all).
 */
export interface Relaxation {
  criteria: ArticleCriteria;
  /** The entities still used as filters. */
  entities: InterpretedEntity[];
  /** The text part in the query language, or null. */
  text: string | null;
  /** What was relaxed, one sentence a step, e.g. "matched any of 'Brown', 'tension' instead of all of them". */
  steps: string[];
}

/**
 * Entity readings below this confidence are the first to be read as words when nothing matches:
 * between 0.5 (the filter threshold) and 0.6 about half the articles with the words link the
 * entity, a coin toss.
 */
export const sureConfidence = 0.6;

const quote = (terms: string[]) => terms.map((t) => `'${t}'`).join(', ');

/** The top-level AND items of a text query (one item when it is not an AND). */
const andItems = (query: TextQuery | null): TextQuery[] => (!query ? [] : query.type === 'and' ? query.items : [query]);

/** Our query language for an AST, by the query language's own printer, for `interpretation.text`. */
function printText(query: TextQuery): string {
  switch (query.type) {
    case 'term':
      return query.prefix ? `${query.value}*` : query.value.includes(' ') ? `"${query.value}"` : query.value;
    case 'phrase':
      return `"${query.words.join(' ')}"`;
    case 'near':
      return `NEAR(${query.items.map(printText).join(' ')}, ${query.distance})`;
    case 'and':
      return query.items.map((q) => (q.type === 'or' ? `(${printText(q)})` : printText(q))).join(' ');
    case 'or':
      return query.items.map(printText).join(' OR ');
    case 'not':
      return `${printText(query.include)} NOT ${printText(query.exclude)}`;
  }
}

const labelOf = (query: TextQuery) => printText(query).replace(/"/g, '');

/**
 * A crude stem for prefix matching: a common English suffix off when five letters stay
 * ("economic" → econom*, which finds "economy"; "tension" stays). FTS5's porter tokenizer already
 * merges inflections; this reaches across word classes, which porter keeps apart.
 */
function stem(word: string): string {
  const lower = word.toLowerCase();
  const stripped = lower.replace(/(ations?|ically|ical|ics?|ments?|ness|ings?|ions?|ers?|ed|es|s|y)$/u, '');
  return stripped.length >= 5 ? stripped : lower;
}

/** The looser readings of a search that found nothing, most faithful first; at most five. */
export function relaxations(interpretation: Interpretation, strict: ArticleCriteria): Relaxation[] {
  const levels: Relaxation[] = [];
  let entities = interpretation.entities;
  let items = andItems(interpretation.text ? parseTextQuery(interpretation.text) : null);
  // A NOT in the text is a deliberate exclusion: keep the words as they are.
  const wordsMayLoosen = !items.some((item) => item.type === 'not');
  let combine: 'and' | 'or' = 'and';
  const steps: string[] = [];

  const push = (step: string, entityRoleOverride?: 'any') => {
    steps.push(step);
    const query: TextQuery | null = items.length === 0 ? null : items.length === 1 ? items[0]! : { type: combine, items };
    const text = query ? printText(query) : null;
    const levelEntities = entityRoleOverride ? entities.map((e) => (e.role === 'none' ? e : { ...e, role: 'any' as const })) : entities;
    levels.push({
      criteria: { ...strict, ...entityConditions(levelEntities), match: query ? toFtsMatch(query) : null },
      entities: levelEntities,
      text,
      steps: [...steps],
    });
  };

  const unsure = entities.filter((e) => e.role !== 'none' && e.confidence < sureConfidence);
  if (unsure.length) {
    entities = entities.filter((e) => !unsure.includes(e));
    // A several-word term is searched as a phrase (see toFtsMatch).
    items = [...items, ...unsure.map((e): TextQuery => ({ type: 'term', value: e.words, prefix: false }))];
    push(`read ${unsure.map((e) => `'${e.words}' as words, not as ${e.name} (confidence ${e.confidence})`).join(', ')}`);
  }
  if (wordsMayLoosen && items.length > 1) {
    combine = 'or';
    push(`matched any of ${quote(items.map(labelOf))} instead of all of them, articles with more of them first`);
  }
  if (wordsMayLoosen) {
    const stems = items.map((item): TextQuery => (item.type === 'term' && !item.prefix && stem(item.value) !== item.value.toLowerCase() ? { type: 'term', value: stem(item.value), prefix: true } : item));
    if (stems.some((s, i) => s !== items[i])) {
      items = stems;
      if (items.length > 1) combine = 'or';
      push(`matched word stems (${quote(items.filter((i) => i.type === 'term' && i.prefix).map(labelOf))})`);
    }
  }
  const positive = entities.filter((e) => e.role !== 'none');
  if (positive.length && items.length) {
    const dropped = items.map(labelOf);
    items = [];
    push(`dropped the words ${quote(dropped)}: showing articles about ${positive.map((e) => e.name).join(positive.some((e) => e.role === 'any') ? ' or ' : ' and ')}`);
  }
  if (positive.filter((e) => e.role === 'all').length > 1) {
    push(`showing articles mentioning any of ${positive.map((e) => e.name).join(', ')} instead of all of them`, 'any');
  }
  return levels;
}

/**
 * Which reading finds something: the index of the first of `criteria` with a match, or -1. One
 * statement; SQLite stops at the first EXISTS that holds, and each EXISTS at its first match, read
 * as the pages read them (matchingArticles: seeks from the text's or the first entity's matches).
 * Testing `a.id IN (…)` per entity built each entity's whole article list first (two large
 * countries at 100k: 12 ms a probe).
 */
export async function firstNonEmpty(db: Database, criteria: ArticleCriteria[]): Promise<number> {
  if (!criteria.length) return -1;
  const cases = criteria.map((c, i) => {
    const { from, where } = matchingArticles(c, { entityDriven: true });
    return sql`WHEN EXISTS (SELECT 1 FROM ${from} WHERE ${where}) THEN ${i}`;
  });
  const [row] = await db.all<{ level: number }>(sql`SELECT CASE ${sql.join(cases, sql` `)} ELSE -1 END AS level`);
  return Number(row?.level ?? -1);
}
