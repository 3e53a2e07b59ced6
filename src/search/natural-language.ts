import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { normalizeAlias } from '../db/normalize.ts';
import type { AliasType, EntityKind } from '../db/schema.ts';
import type { ResolutionCache } from './resolution-cache.ts';

/** Words that frame a question rather than ask it: "articles mentioning", "news about … in …". */
const connectives = new Set(
  'a an the and articles article news stories story reports coverage mentioning mention mentions mentioned about on regarding concerning involving with in of for from by to show me find all any latest recent headlines what whats is are'.split(
    ' ',
  ),
);
const orWords = new Set(['or']);
const notWords = new Set(['not', 'without', 'except', 'excluding']);
/** The longest alias we try, in words ("Democratic People's Republic of Korea" is 6). */
const maxAliasWords = 7;

export type EntityRole = 'all' | 'any' | 'none';

export interface InterpretedEntity {
  id: number;
  kind: EntityKind;
  name: string;
  slug: string;
  /** The words of the query that named it. */
  words: string;
  role: EntityRole;
  /** How sure the reading is, 0..1 (see `readingConfidence`). */
  confidence: number;
}

/** What became of a possible entity reading of some words of the query. */
export type ReadingAction = 'entity' | 'text' | 'dropped';

/** One way to read words of the query as an entity, with the evidence for it. */
export interface Reading {
  words: string;
  entity: { id: number; kind: EntityKind; name: string; slug: string };
  confidence: number;
  /** entity: used as an entity filter; text: too unsure, the words were searched as text; dropped: another reading of these or overlapping words won. */
  action: ReadingAction;
  /** Why, in a few words, e.g. "'sales' is mostly plain text (1 of 312 articles name the entity)". */
  reason: string;
}

export interface Interpretation {
  entities: InterpretedEntity[];
  /** What is left for full-text search, in our query language; null when nothing is. */
  text: string | null;
  /** Every entity reading considered, in query order, with what was done with it. */
  readings: Reading[];
}

type Token =
  | { type: 'word'; text: string; start: number; end: number }
  | { type: 'quoted'; text: string }
  | { type: 'symbol'; text: string; glued: boolean };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /"[^"]*"?|[\p{L}\p{N}]+(?:['’.\-&][\p{L}\p{N}]+)*\.?|[()*|-]|\S/gu;
  for (const match of query.matchAll(pattern)) {
    const text = match[0];
    const start = match.index;
    if (text.startsWith('"')) tokens.push({ type: 'quoted', text });
    else if (/^[\p{L}\p{N}]/u.test(text)) tokens.push({ type: 'word', text, start, end: start + text.length });
    else tokens.push({ type: 'symbol', text, glued: /^[\p{L}\p{N}"(]/u.test(query[start + 1] ?? '') });
  }
  return tokens;
}

/** "Kim's" → "Kim": possessives name the same entity. */
const withoutPossessive = (word: string) => word.replace(/['’]s$/u, '');

interface AliasRow {
  alias: string;
  /** The alias as written, e.g. "DPRK". */
  written: string;
  type: AliasType;
  id: number;
  kind: EntityKind;
  name: string;
  slug: string;
  articles: number;
  /** Articles (of the sample) that contain these words and link this entity. */
  linked: number;
  /** Articles (of the sample) whose text contains these words at all. */
  plain: number;
}

const kindPriority: Record<EntityKind, number> = { country: 0, person: 1, organization: 2 };

/** At or above this confidence a reading becomes an entity filter; below, its words are searched as text. */
export const entityConfidence = 0.5;
/**
 * Evidence is counted over the newest this-many articles, so reading a query costs the same on a
 * large database: linked and plain counts come from the same sample, so their ratio is unbiased.
 */
const evidenceSample = 5000;

/**
 * How sure we are that `typed` means the entity of `row`, 0..1: the product of
 * - distinctiveness: of the articles whose text contains the words, the share that link this
 *   entity ("Blair" ≈ 0.9; "sales", "May", "TV" ≈ 0); words absent from the text
 *   are no evidence either way (0.9: a name nobody writes is not a common word);
 * - case: 1 when typed exactly as the alias is written, 0.9 capitalised otherwise, 0.75 all in
 *   lower case, so a lower-case word needs a distinctive alias ("dprk" yes, "high" no);
 * - prominence: 0.8 for an entity in one article rising to 1 at twenty, so a one-article entity
 *   needs clear evidence.
 * Hand-written: the evidence is specific to this alias table and corpus, and no package reads
 * queries against one.
 */
export function readingConfidence(typed: string, row: Pick<AliasRow, 'written' | 'articles' | 'linked' | 'plain'>): number {
  const distinctiveness = row.plain > 0 ? Math.min(1, row.linked / row.plain) : 0.9;
  const lower = typed === typed.toLowerCase();
  const caseFactor = typed === row.written ? 1 : lower ? 0.75 : 0.9;
  const prominence = 0.8 + 0.2 * Math.min(1, Math.log(1 + row.articles) / Math.log(21));
  return Math.round(1000 * distinctiveness * caseFactor * prominence) / 1000;
}

function evidenceReason(row: AliasRow, confidence: number): string {
  const counts = row.plain > 0 ? `${row.linked} of the ${row.plain} articles that contain the words link it` : 'the words do not occur as plain text';
  return `${confidence >= entityConfidence ? 'distinctive' : 'mostly plain text'}: ${counts}; ${row.articles === 1 ? `1 article names ${row.name}` : `${row.articles} articles name ${row.name}`}`;
}

/**
 * Reads a question such as "articles mentioning North Korea and sanctions" as entities (found
 * through the alias table, longest match first, in one statement) plus the words left over.
 * `or` between entities makes them alternatives; `not`/`without`/`-` excludes what follows.
 * Linear in the query's length (at most maxAliasWords candidates a word); callers bound that
 * length first. `accept` checks the interpretation (e.g. that its text parses) and throws to
 * reject it: only accepted interpretations are cached, so rejected input costs no memory.
 */
export async function interpretQuery(db: Database, cache: ResolutionCache, query: string, accept: (interpretation: Interpretation) => void = () => {}): Promise<Interpretation> {
  const key = `query\u0000${query}`;
  const cached = await cache.get<Interpretation>(key);
  if (cached) return cached;
  const interpretation = await interpret(db, query);
  accept(interpretation);
  await cache.set(key, interpretation);
  return interpretation;
}

/**
 * A confident reading that starts inside words from..to and runs past them, of an entity in more
 * articles than `best`: then those words segment the other way ("Sony PlayStation Portable" is
 * Sony + PlayStation Portable, not Sony PlayStation + "Portable").
 */
function overlappingLonger(
  tokens: Token[],
  readingsAt: (from: number, to: number) => { row: AliasRow; confidence: number }[],
  from: number,
  to: number,
  best: { row: AliasRow },
) {
  for (let k = from + 1; k <= to; k++) {
    for (let m = Math.min(tokens.length - 1, k + maxAliasWords - 1); m > to; m--) {
      if (tokens.slice(k, m + 1).some((t) => t.type !== 'word')) continue;
      const [option] = readingsAt(k, m);
      if (option && option.confidence >= entityConfidence && option.row.articles > best.row.articles) return { ...option, from: k, to: m };
    }
  }
  return null;
}

async function interpret(db: Database, query: string): Promise<Interpretation> {
  const tokens = tokenize(query);
  // Every run of up to maxAliasWords consecutive words is a candidate alias.
  const candidates = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const words: string[] = [];
    for (let j = i; j < Math.min(tokens.length, i + maxAliasWords); j++) {
      const token = tokens[j]!;
      if (token.type !== 'word') break;
      words.push(token.text);
      const key = normalizeAlias([...words.slice(0, -1), withoutPossessive(token.text)].join(' '));
      if (key) candidates.add(key);
    }
  }
  // One statement: the aliases and, for each, how many articles whose text contains its words
  // link the entity, out of how many contain them (FTS phrase of the normalised alias: letters,
  // digits and spaces only, so it needs no escaping). The sample's ids run from its floor to
  // max(id), at most evidenceSample of them, so the phrase's newest evidenceSample matches hold
  // every match inside it: FTS5 reads those from the end of the phrase's list. A rowid range
  // handed to FTS5 instead (`rowid > floor`) read the whole list, and the entity's article ids
  // handed to it were each a new full-text lookup. Both made a question naming a common entity
  // cost time in proportion to the corpus ("United States" at 1M: ~15 s; issue 11, session 12).
  const newestMatches = sql`(SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH '"' || f.alias || '"' ORDER BY rowid DESC LIMIT ${evidenceSample}) m
          WHERE m.id > (SELECT floor FROM sample)`;
  const rows = candidates.size
    ? await db.all<AliasRow>(sql`
        WITH sample AS (SELECT coalesce(max(id), 0) - ${evidenceSample} AS floor FROM articles),
        found AS (SELECT a.alias AS alias, a.text AS written, a.type AS type, e.id AS id, e.kind AS kind, e.name AS name, e.slug AS slug,
          e.article_count AS articles
          FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.alias IN ${[...candidates]})
        SELECT f.*,
          (SELECT count(*) FROM ${newestMatches}) AS plain,
          (SELECT count(*) FROM ${newestMatches}
            AND EXISTS (SELECT 1 FROM article_entities ae WHERE ae.entity_id = f.id AND ae.article_id = m.id)) AS linked
        FROM found f`)
    : [];
  const byAlias = new Map<string, AliasRow[]>();
  for (const row of rows) {
    const list = byAlias.get(row.alias);
    if (list) list.push(row);
    else byAlias.set(row.alias, [row]);
  }

  /** The entity readings of words from..to, most confident first. */
  const readingsAt = (from: number, to: number): { row: AliasRow; confidence: number }[] => {
    const words = tokens.slice(from, to + 1) as Extract<Token, { type: 'word' }>[];
    if (words.every((w) => connectives.has(w.text.toLowerCase()) || orWords.has(w.text.toLowerCase()) || notWords.has(w.text.toLowerCase()))) return [];
    const key = normalizeAlias([...words.slice(0, -1).map((w) => w.text), withoutPossessive(words.at(-1)!.text)].join(' '));
    const typed = [...words.slice(0, -1).map((w) => w.text), withoutPossessive(words.at(-1)!.text)].join(' ');
    // Codes only as typed in capitals ("US", "UK"), so "us" and "it" stay words.
    const options = (byAlias.get(key) ?? []).filter((row) => row.type !== 'code' || typed === typed.toUpperCase());
    // An ambiguous name goes to the reading with the best evidence, then the entity with most articles.
    return options
      .map((row) => ({ row, confidence: readingConfidence(typed, row) }))
      .sort((a, b) => b.confidence - a.confidence || b.row.articles - a.row.articles || kindPriority[a.row.kind] - kindPriority[b.row.kind]);
  };
  const wordsOf = (from: number, to: number) => tokens.slice(from, to + 1).map((t) => (t as { text: string }).text).join(' ');
  const reading = (from: number, to: number, option: { row: AliasRow; confidence: number }, action: ReadingAction, reason?: string): Reading => {
    const { id, kind, name, slug } = option.row;
    return { words: wordsOf(from, to), entity: { id, kind, name, slug }, confidence: option.confidence, action, reason: reason ?? evidenceReason(option.row, option.confidence) };
  };

  const entities: InterpretedEntity[] = [];
  const readings: Reading[] = [];
  const seen = new Set<string>();
  const text: string[] = [];
  let pending: 'or' | 'not' | null = null;
  let previous: 'entity' | 'text' | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'word') {
      const lower = token.text.toLowerCase();
      if (orWords.has(lower)) {
        pending = 'or';
        continue;
      }
      if (notWords.has(lower)) {
        pending = 'not';
        continue;
      }
      // The longest reading starting here that is confident enough wins; longer readings that
      // were not are searched as text, and the other entities for the winning words are dropped.
      let match: { row: AliasRow; confidence: number; to: number } | null = null;
      const unsure: { to: number; option: { row: AliasRow; confidence: number } }[] = [];
      for (let j = Math.min(tokens.length - 1, i + maxAliasWords - 1); j >= i && !match; j--) {
        if (tokens.slice(i, j + 1).some((t) => t.type !== 'word')) continue;
        const [best, ...others] = readingsAt(i, j);
        if (!best) continue;
        if (best.confidence >= entityConfidence) {
          const longer = overlappingLonger(tokens, readingsAt, i, j, best);
          if (longer) {
            readings.push(reading(i, j, best, 'dropped', `overlaps the likelier reading ${longer.row.name} of "${wordsOf(longer.from, longer.to)}" (${longer.row.articles} articles against ${best.row.articles})`));
            continue;
          }
          match = { ...best, to: j };
          for (const other of others) readings.push(reading(i, j, other, 'dropped', `${best.row.name} is the likelier reading (${best.confidence} against ${other.confidence})`));
        } else unsure.push({ to: j, option: best });
      }
      for (const { to, option } of unsure) {
        readings.push(
          match
            ? reading(i, to, option, 'dropped', `the shorter reading ${match.row.name} is likelier (${match.confidence}); ${evidenceReason(option.row, option.confidence)}`)
            : reading(i, to, option, 'text'),
        );
      }
      if (match) {
        const words = wordsOf(i, match.to);
        let role: EntityRole = pending === 'not' ? 'none' : 'all';
        if (pending === 'or' && previous === 'entity') {
          role = 'any';
          const last = entities.at(-1)!;
          if (last.role === 'all') {
            seen.delete(`${last.id}:all`);
            seen.add(`${last.id}:any`);
            last.role = 'any';
          }
        }
        if (!seen.has(`${match.row.id}:${role}`)) {
          seen.add(`${match.row.id}:${role}`);
          const { id, kind, name, slug } = match.row;
          entities.push({ id, kind, name, slug, words, role, confidence: match.confidence });
          readings.push(reading(i, match.to, match, 'entity'));
        }
        previous = 'entity';
        pending = null;
        i = match.to;
        continue;
      }
      if (connectives.has(lower)) continue;
    }
    if (token.type === 'symbol' && token.text === '-' && token.glued) {
      pending = 'not';
      continue;
    }
    if (pending === 'or' && previous === 'text') text.push('OR');
    if (pending === 'not' && token.type !== 'symbol') text.push('NOT');
    text.push(token.text);
    previous = 'text';
    pending = null;
  }
  // A leading NOT has nothing to exclude from; the query language reports that clearly.
  const remaining = text.join(' ').trim();
  return { entities, text: remaining ? remaining : null, readings };
}
