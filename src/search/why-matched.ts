import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database.ts';

/** How a hit mentions one entity the query asked for. */
export interface EntityMatchRow {
  entityId: number;
  mentionCount: number;
  /** The headline names it (article_entities.in_title). */
  inTitle: boolean;
  salience: number;
  /** The first sentence of the body that names it. */
  sentence: string | null;
}

/** How a hit matches one word or phrase of the query. */
export interface TermMatchRow {
  /** Index into the `terms` asked about. */
  term: number;
  /** Sentences of the body that match it. */
  sentenceCount: number;
  inTitle: boolean;
}

export interface MatchExplanation {
  entities: EntityMatchRow[];
  terms: TermMatchRow[];
}

type Row = { kind: 'entity' | 'term'; article_id: number; key: number; count: number; in_title: number; salience: number | null; sentence: string | null };

/**
 * Why each article of a page matched, in one statement for the whole page: per asked-for entity
 * its mention count, whether the headline names it, its salience and the first sentence naming it
 * (article_entities, sentences); per term (an FTS5 MATCH expression from our query parser) the
 * sentences matching it (sentences_fts) and whether the headline does (a title column filter on
 * articles_fts). Every lookup is by the page's article ids, so the cost follows the page, not the corpus.
 *
 * Sentence offsets are JS string (UTF-16) offsets while SQLite's substr counts code points, so SQL
 * returns the body up to the sentence's end (never shorter: a code point is one or two units) and JS
 * slices it; a slice in SQL would shift after every character outside the BMP (an emoji).
 */
function sentenceText(located: string | null): string | null {
  if (!located) return null;
  const [start, end, bodyPrefix] = JSON.parse(located) as [number, number, string];
  return bodyPrefix.slice(start, end).trim() || null;
}

export async function explainMatches(db: Database, articleIds: number[], entityIds: number[], terms: string[]): Promise<Map<number, MatchExplanation>> {
  const explanations = new Map<number, MatchExplanation>(articleIds.map((id) => [id, { entities: [], terms: [] }]));
  if (!articleIds.length || (!entityIds.length && !terms.length)) return explanations;
  const parts: SQL[] = [];
  if (entityIds.length) {
    parts.push(sql`SELECT 'entity' AS kind, ae.article_id AS article_id, ae.entity_id AS key, ae.mention_count AS count, ae.in_title AS in_title,
        ae.salience AS salience,
        (SELECT json_array(s.start, s."end", substr(a.body, 1, s."end")) FROM sentences s JOIN articles a ON a.id = s.article_id
          WHERE s.article_id = ae.article_id AND s.idx = ae.first_sentence) AS sentence
      FROM article_entities ae WHERE ae.article_id IN ${articleIds} AND ae.entity_id IN ${entityIds}`);
  }
  terms.forEach((match, i) => {
    // `rowid = s.id` makes each FTS5 lookup a seek for one sentence: bounded by the page's sentences,
    // where an uncorrelated `IN (… MATCH …)` would list every matching sentence of the corpus.
    parts.push(sql`SELECT 'term' AS kind, p.value AS article_id, ${i} AS key,
        (SELECT count(*) FROM sentences s WHERE s.article_id = p.value
          AND EXISTS (SELECT 1 FROM sentences_fts WHERE sentences_fts MATCH ${match} AND rowid = s.id)) AS count,
        EXISTS (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ${`title : (${match})`} AND rowid = p.value) AS in_title,
        NULL AS salience, NULL AS sentence
      FROM json_each(${JSON.stringify(articleIds)}) p`);
  });
  const rows = await db.all<Row>(sql.join(parts, sql` UNION ALL `));
  for (const row of rows) {
    const explanation = explanations.get(Number(row.article_id));
    if (!explanation) continue;
    if (row.kind === 'entity') {
      explanation.entities.push({ entityId: Number(row.key), mentionCount: Number(row.count), inTitle: Boolean(row.in_title), salience: Number(row.salience ?? 0), sentence: sentenceText(row.sentence) });
    } else if (Number(row.count) > 0 || row.in_title) {
      explanation.terms.push({ term: Number(row.key), sentenceCount: Number(row.count), inTitle: Boolean(row.in_title) });
    }
  }
  for (const explanation of explanations.values()) {
    explanation.entities.sort((a, b) => entityIds.indexOf(a.entityId) - entityIds.indexOf(b.entityId));
    explanation.terms.sort((a, b) => a.term - b.term);
  }
  return explanations;
}
