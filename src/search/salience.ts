import { sql, type SQL } from 'drizzle-orm';
import { countryPartNames } from '../db/country-parts.ts';
import type { EntityKind } from '../db/schema.ts';

/**
 * Salience: how much an article is about an entity, 0..1, stored per (article, entity) in
 * article_entities.salience at ingest. The classic signals of entity salience in news (Dunietz &
 * Gillick 2014; Gamon et al. 2013) are how often the entity is named, how early, and whether
 * the headline names it:
 *
 *   salience = 0.45 · frequency + 0.25 · earliness + 0.30 · inTitle
 *   frequency = (n / nMax) · n / (n + 1)     n: mentions of the entity, nMax: of the article's most-mentioned entity
 *   earliness = 1 − firstOffset / bodyLength  (1 in the lead, near 0 for a results table at the end)
 *   inTitle   = 1 when the title names it (see `titleNames`), else 0
 *
 * Frequency is relative to the article's own most-mentioned entity, so long and short articles
 * compare, and damped for one or two mentions (½, ⅔), so a short article naming ten entities once
 * each is not "about" all of them. Weights: repetition is the strongest single signal, the title
 * next; earliness mostly separates lead mentions from passing ones at the end. An article whose
 * title names the entity, and which names it first and most, scores about 0.95; one "Kenyan" in a
 * results table at the end of a sports report about 0.1.
 *
 * Every ranking by salience reads `salienceRank` or `textRelevance` below; the stored score is written by
 * src/ingest/ingest.ts with `salienceScore`, and the migration that added the columns backfills
 * existing rows with the same formula written out in SQL.
 */
export const salienceWeights = { frequency: 0.45, earliness: 0.25, title: 0.3 } as const;

/**
 * The salience above which an article counts as being about an entity (`ArticleFilter.about`).
 * 0.5 needs two of the three signals: the most-mentioned entity named early (≈0.6-0.7), or a
 * title entity named early (≥0.55); the title alone with a late, single mention stays below.
 */
export const aboutThreshold = 0.5;

/** The stored salience, from the per-(article, entity) numbers; rounded so cursors stay short. */
export function salienceScore(parts: { mentionCount: SQL; maxMentionCount: SQL; firstStart: SQL; bodyLength: SQL; inTitle: SQL }): SQL {
  const n = sql`(${parts.mentionCount} * 1.0)`;
  const frequency = sql`(${n} / max(1, ${parts.maxMentionCount}) * ${n} / (${n} + 1.0))`;
  const earliness = sql`max(0.0, 1.0 - ${parts.firstStart} * 1.0 / max(1, ${parts.bodyLength}))`;
  const { frequency: wf, earliness: we, title: wt } = salienceWeights;
  return sql`round(min(1.0, ${sql.raw(String(wf))} * ${frequency} + ${sql.raw(String(we))} * ${earliness} + ${sql.raw(String(wt))} * (${parts.inTitle} <> 0)), 6)`;
}

/**
 * Whether the title names the entity: it contains, as a whole word and in the same case, a
 * surface the article's body uses for it ("Blair" when the body linked "Mr Blair") or one of the
 * entity's aliases ("Kenyan", "Nairobi" for Kenya). Matching names already linked in the body,
 * rather than running the extractor on a headline, keeps the linking evidence of the article
 * (a headline has too little context for short forms) and works in plain SQL, so the migration
 * can backfill stored articles the same way. GLOB is case-sensitive, and its metacharacters in
 * a name are escaped; a name longer than the title is skipped before GLOB (SQLite refuses patterns
 * over 50,000 bytes, and such a name cannot be in the title anyway), and so is one the title does
 * not contain at all (instr, a plain substring search, is much cheaper than a GLOB that starts
 * with *; GLOB only decides word boundaries).
 */
export function titleNames(parts: { title: SQL; articleId: SQL; entityId: SQL }): SQL {
  const escaped = sql`replace(replace(replace(names.name, '[', '[[]'), '*', '[*]'), '?', '[?]')`;
  return sql`EXISTS (SELECT 1 FROM (
      SELECT surface AS name FROM mentions WHERE article_id = ${parts.articleId} AND entity_id = ${parts.entityId}
      UNION SELECT text FROM aliases WHERE entity_id = ${parts.entityId}) names
    WHERE CASE WHEN length(names.name) <= length(${parts.title}) AND instr(${parts.title}, names.name) > 0
      THEN ' ' || ${parts.title} || ' ' GLOB '*[^0-9A-Za-z]' || ${escaped} || '[^0-9A-Za-z]*' ELSE 0 END)`;
}

/** Per group of alternatives (an entity filter, or an `any` list) the best of them, averaged over groups. */
function averageOfBest(groups: number[][], best: (ids: number[]) => SQL): SQL {
  return sql`((${sql.join(groups.map((ids) => sql`coalesce(${best(ids)}, 0.0)`), sql` + `)}) / ${sql.raw(String(groups.length))}.0)`;
}

/**
 * An entity the query named through a part of it: "Wales" is an alias of the United Kingdom (the
 * gazetteer links it there, so filters stay whole), but a question about Wales is not about
 * Scotland. Ranking then weighs the entity's salience by the share of its mentions whose surface
 * is one of `surfaces` (the part's names, e.g. "Wales", "Welsh"; src/db/country-parts.ts); the filter is unchanged.
 */
export interface EntityPart {
  entityId: number;
  surfaces: string[];
}

/**
 * The parts named by the words of a query or filter (`words`: what was typed for the entity). An
 * entity also named as a whole ("Britain and Wales") is ranked as a whole.
 */
export function namedParts(named: readonly { id: number; kind: EntityKind; name: string; words: string }[]): EntityPart[] {
  const byEntity = new Map<number, string[] | null>();
  for (const { id, kind, name, words } of named) {
    const surfaces = kind === 'country' ? countryPartNames(name, words) : null;
    const seen = byEntity.get(id);
    byEntity.set(id, seen === null || !surfaces ? null : [...new Set([...(seen ?? []), ...surfaces])]);
  }
  return [...byEntity].flatMap(([entityId, surfaces]) => (surfaces ? [{ entityId, surfaces }] : []));
}

/**
 * The columns ranking reads per (article, entity) row of article_entities, with an entity named
 * through a part (see EntityPart) counted by the mentions that name the part: its salience scaled
 * by their share of the entity's mentions, and those mentions (the headline not counted) as n.
 */
function partAware(articleId: SQL, parts: EntityPart[]): { salience: SQL; mentions: SQL } {
  const n = sql`(mention_count + (in_title <> 0))`;
  if (!parts.length) return { salience: sql`salience`, mentions: n };
  const named = (p: EntityPart) =>
    sql`(SELECT count(*) FROM mentions m WHERE m.entity_id = ${p.entityId} AND m.article_id = ${articleId} AND m.surface IN ${p.surfaces})`;
  const cases = (value: (p: EntityPart) => SQL, otherwise: SQL) =>
    sql`CASE entity_id ${sql.join(parts.map((p) => sql`WHEN ${p.entityId} THEN ${value(p)}`), sql` `)} ELSE ${otherwise} END`;
  return {
    // min: a share above 1 would put the score outside the 0..1 a SALIENCE cursor may carry.
    salience: cases((p) => sql`salience * min(1.0, ${named(p)} * 1.0 / max(1, mention_count))`, sql`salience`),
    mentions: cases(named, n),
  };
}

/**
 * How much an article is about the entities a query asks for: for each group of alternatives
 * the best salience among them, averaged over groups. The ranking expression of salience for
 * `articles`, `search` without text and anything that ranks by it (text ranking: `textRelevance`).
 */
export function salienceRank(articleId: SQL, groups: number[][], parts: EntityPart[] = [], joined: ReadonlyMap<number, SQL> = new Map()): SQL {
  // INDEXED BY: the primary key finds the row as fast but then reads the row for salience, which
  // made ranking an entity in half of 85k articles 3x slower than reading it from this index.
  // An entity named through a part needs the row's mention count: the primary key then. A
  // single-entity group whose row the statement joined (`joined`, see matchingArticles) reads it.
  const best = (ids: number[]) => {
    const inGroup = parts.filter((p) => ids.includes(p.entityId));
    const row = ids.length === 1 && !inGroup.length ? joined.get(ids[0]!) : undefined;
    if (row) return sql`${row}.salience`;
    if (!inGroup.length) {
      return sql`(SELECT max(salience) FROM article_entities INDEXED BY article_entities_entity_ranking_idx
      WHERE article_id = ${articleId} AND entity_id IN ${ids})`;
    }
    return sql`(SELECT max(${partAware(articleId, inGroup).salience}) FROM article_entities WHERE article_id = ${articleId} AND entity_id IN ${ids})`;
  };
  return sql`round(${averageOfBest(groups, best)}, 6)`;
}

/**
 * What salience adds to a text match: an article that only names the entity in passing
 * (salience ≈ 0.1) keeps about a third of the weight of one about it (≈ 0.9), so the text match
 * still counts but passing mentions fall below the articles about the subject.
 */
const salienceFloor = 0.25;

/**
 * Salience is relative to the article's own most-named entity, so in a short article naming few
 * entities one or two passing mentions score as high as the subject of a long one ("Iraq" 2 times
 * in a 250-word election piece: 0.52). Text ranking therefore also weighs the absolute evidence:
 * n, the body's mentions plus one when the headline names the entity, damped as n / (n + 1): one
 * mention keeps half the salience, two two thirds, ten nearly all. Measured on the original
 * judged questions (damping 1, 2, 3, 5 and none; the headline counted or not): 1 was best, the
 * headline made no difference there but keeps a headline entity named once in the body from
 * halving; stronger salience (squared, cubed), a separate title bonus or a saturated bm25 did not
 * help.
 */
const mentionDamping = 1;

/**
 * The damped salience of one article_entities row, `row` its alias (none inside a subquery on the
 * table): salience × n / (n + mentionDamping), n its mentions plus one when the headline names it.
 */
function dampedSalience(row?: SQL): SQL {
  const column = (name: string) => (row ? sql`${row}.${sql.raw(name)}` : sql.raw(name));
  return damped({ salience: column('salience'), mentions: sql`(${column('mention_count')} + (${column('in_title')} <> 0))` });
}

function damped({ salience, mentions }: { salience: SQL; mentions: SQL }): SQL {
  return sql`${salience} * ${mentions} / (${mentions} + ${sql.raw(String(mentionDamping))}.0)`;
}

/**
 * The salience of the asked-for entities as text ranking weighs it: per group of alternatives the
 * best damped salience, averaged over groups. A single-entity group whose article_entities row the
 * statement already joined (`joined`: entity id → alias, see matchingArticles) reads that row;
 * a group with an entity named through a part counts the part's mentions (partAware); any other
 * group seeks the ranking index, which holds every column read (no row lookup).
 */
function textSalience(articleId: SQL, groups: number[][], joined: ReadonlyMap<number, SQL>, parts: EntityPart[]): SQL {
  // One entity whose row is joined (the headline's shape): its damped salience is the average,
  // written bare. The row is never NULL (an inner join of NOT NULL columns), so coalesce(x, 0.0)
  // and x / 1.0 would return x bit for bit; leaving them out spares that work per match.
  const [only, ...others] = groups;
  const onlyRow = only?.length === 1 && !others.length && !parts.some((p) => p.entityId === only[0]) ? joined.get(only[0]!) : undefined;
  if (onlyRow) return sql`(${dampedSalience(onlyRow)})`;
  const best = (ids: number[]) => {
    const inGroup = parts.filter((p) => ids.includes(p.entityId));
    if (inGroup.length) {
      return sql`(SELECT max(${damped(partAware(articleId, inGroup))})
      FROM article_entities WHERE article_id = ${articleId} AND entity_id IN ${ids})`;
    }
    const row = ids.length === 1 ? joined.get(ids[0]!) : undefined;
    if (row) return sql`(${dampedSalience(row)})`;
    return sql`(SELECT max(${dampedSalience()}) FROM article_entities INDEXED BY article_entities_entity_ranking_idx
      WHERE article_id = ${articleId} AND entity_id IN ${ids})`;
  };
  return averageOfBest(groups, best);
}

/**
 * Text relevance, the RELEVANCE order of a query with text: bm25 (negative, lower is better; the
 * caller weights title above body) scaled by `salienceFloor` + the damped salience of the
 * entities the query asks for (`textSalience`); bm25 alone when it asks for none. A product rather
 * than a sum because bm25's scale changes from query to query, and a factor keeps the text order
 * among equally salient articles. The floor barely matters on the judged BBC questions (0.1 to 1
 * all within 0.01 of P@5).
 */
export function textRelevance(
  bm25: SQL,
  articleId: SQL,
  groups: number[][],
  joined: ReadonlyMap<number, SQL> = new Map(),
  parts: EntityPart[] = [],
): SQL {
  if (!groups.length) return bm25;
  return sql`(${bm25} * (${sql.raw(String(salienceFloor))} + ${textSalience(articleId, groups, joined, parts)}))`;
}
