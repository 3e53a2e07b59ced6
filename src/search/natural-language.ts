import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { normalizeAlias } from '../db/normalize.ts';
import type { AliasType, EntityKind } from '../db/schema.ts';
import { cachedResolution, cacheResolution } from './resolution-cache.ts';

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
}

export interface Interpretation {
  entities: InterpretedEntity[];
  /** What is left for full-text search, in our query language; null when nothing is. */
  text: string | null;
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
  type: AliasType;
  id: number;
  kind: EntityKind;
  name: string;
  slug: string;
  articles: number;
}

const kindPriority: Record<EntityKind, number> = { country: 0, person: 1, organization: 2 };

/**
 * Reads a question such as "articles mentioning North Korea and sanctions" as entities (found
 * through the alias table, longest match first, in one statement) plus the words left over.
 * `or` between entities makes them alternatives; `not`/`without`/`-` excludes what follows.
 * Linear in the query's length (at most maxAliasWords candidates a word); callers bound that
 * length first. `accept` checks the interpretation (e.g. that its text parses) and throws to
 * reject it: only accepted interpretations are cached, so rejected input costs no memory.
 */
export async function interpretQuery(db: Database, query: string, accept: (interpretation: Interpretation) => void = () => {}): Promise<Interpretation> {
  const key = `query\u0000${query}`;
  const cached = await cachedResolution<Interpretation>(db, key);
  if (cached) return cached;
  const interpretation = await interpret(db, query);
  accept(interpretation);
  await cacheResolution(db, key, interpretation);
  return interpretation;
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
  const rows = candidates.size
    ? await db.all<AliasRow>(sql`
        SELECT a.alias AS alias, a.type AS type, e.id AS id, e.kind AS kind, e.name AS name, e.slug AS slug,
          e.article_count AS articles
        FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.alias IN ${[...candidates]}`)
    : [];
  const byAlias = new Map<string, AliasRow[]>();
  for (const row of rows) {
    const list = byAlias.get(row.alias);
    if (list) list.push(row);
    else byAlias.set(row.alias, [row]);
  }

  const entityAt = (from: number, to: number): AliasRow | null => {
    const words = tokens.slice(from, to + 1) as Extract<Token, { type: 'word' }>[];
    if (words.every((w) => connectives.has(w.text.toLowerCase()) || orWords.has(w.text.toLowerCase()) || notWords.has(w.text.toLowerCase()))) return null;
    const key = normalizeAlias([...words.slice(0, -1).map((w) => w.text), withoutPossessive(words.at(-1)!.text)].join(' '));
    const typed = words.map((w) => w.text).join(' ');
    // Codes only as typed in capitals ("US", "UK"), so "us" and "it" stay words.
    const options = (byAlias.get(key) ?? []).filter((row) => row.type !== 'code' || typed === typed.toUpperCase());
    // An ambiguous name goes to the entity with the most articles: what the user most likely means.
    options.sort((a, b) => b.articles - a.articles || kindPriority[a.kind] - kindPriority[b.kind]);
    return options[0] ?? null;
  };

  const entities: InterpretedEntity[] = [];
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
      let match: { row: AliasRow; to: number } | null = null;
      for (let j = Math.min(tokens.length - 1, i + maxAliasWords - 1); j >= i && !match; j--) {
        if (tokens.slice(i, j + 1).some((t) => t.type !== 'word')) continue;
        const row = entityAt(i, j);
        if (row) match = { row, to: j };
      }
      if (match) {
        const words = tokens.slice(i, match.to + 1).map((t) => (t as { text: string }).text).join(' ');
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
          entities.push({ id, kind, name, slug, words, role });
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
  return { entities, text: remaining ? remaining : null };
}
