import { sql, type SQL } from 'drizzle-orm';
import { salienceScore, titleNames } from '../search/salience.ts';

/**
 * The statement that (re)computes an article's rows of article_entities from its mentions: per
 * entity, how often, where first, whether the title names it, and the salience from those, with
 * the article's published_at and source (for the timeline and the source facet; triggers follow
 * later changes of them). Ingest runs it after writing the mentions, and the corpus-level pass
 * (resolve.ts) after re-pointing some of them, so both store the same numbers.
 */
export function summarizeArticleEntities(articleId: SQL): SQL {
  const inTitle = titleNames({ title: sql`a.title`, articleId: sql`g.article_id`, entityId: sql`g.entity_id` });
  return sql`INSERT INTO article_entities (article_id, entity_id, mention_count, first_start, first_sentence, in_title, salience, published_at, source)
    SELECT article_id, entity_id, n, first_start, first_sentence, in_title, ${salienceScore({
      mentionCount: sql`n`,
      maxMentionCount: sql`max_n`,
      firstStart: sql`first_start`,
      bodyLength: sql`body_length`,
      inTitle: sql`in_title`,
    })}, published_at, source
    FROM (SELECT g.*, ${inTitle} AS in_title, length(a.body) AS body_length, a.published_at AS published_at, a.source AS source
      FROM (SELECT article_id, entity_id, count(*) AS n, min(start) AS first_start, min(sentence) AS first_sentence, max(count(*)) OVER () AS max_n
        FROM mentions WHERE article_id = ${articleId} GROUP BY entity_id) g
      JOIN articles a ON a.id = g.article_id
      -- not flattened into the outer query, which would evaluate the title test twice per row
      LIMIT -1 OFFSET 0)`;
}
