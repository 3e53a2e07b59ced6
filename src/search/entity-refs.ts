import { sql } from 'drizzle-orm';
import { distance } from 'fastest-levenshtein';
import type { Database } from '../db/database.ts';
import { normalizeAlias } from '../db/normalize.ts';
import type { EntityKind } from '../db/schema.ts';
import { AmbiguousReferenceError, UnknownReferenceError } from './errors.ts';
import type { ResolutionCache } from './resolution-cache.ts';

export interface EntityRef {
  kind: EntityKind;
  ref: string;
  /** The entity id when `ref` is a global ID of this kind (decoded by the GraphQL layer); null or absent otherwise. */
  id?: number | null;
}

export interface ResolvedEntity {
  id: number;
  kind: EntityKind;
  name: string;
}

/** Titles people are referred to by ("Mr. Kim", "President Putin"); not part of a name. */
const honorific = /^(?:mr|mrs|ms|miss|dr|sir|dame|president|prime minister|minister|secretary|general|chancellor|king|queen|prince|princess|pope|senator|governor|leader)\s+/;

const cacheKey = ({ kind, ref }: EntityRef) => `ref\u0000${kind}\u0000${ref.trim()}`;

/**
 * Resolves references case-insensitively through the alias table (names, aliases, codes) and
 * slugs, in one statement for all of them (none when all are in `cache`). An unknown or ambiguous
 * reference throws UnknownReferenceError / AmbiguousReferenceError naming it (and its candidates).
 */
export async function resolveEntityRefs(db: Database, refs: EntityRef[], cache: ResolutionCache): Promise<ResolvedEntity[]> {
  // Usually every reference is cached under a short key: found without a promise per lookup.
  const known = cachedEntityRefs(refs, cache);
  if (known) return known;
  const cached = await Promise.all(refs.map((ref) => cache.get<ResolvedEntity>(cacheKey(ref))));
  const missing = refs.filter((_, i) => !cached[i]);
  const found = await lookUpEntityRefs(db, missing);
  await Promise.all(missing.map((ref, i) => cache.set(cacheKey(ref), found[i])));
  let next = 0;
  return cached.map((entity) => entity ?? found[next++]!);
}

/** What `refs` resolve to in `cache`, found without a promise; undefined unless every one is there under a short key. */
export function cachedEntityRefs(refs: EntityRef[], cache: ResolutionCache): ResolvedEntity[] | undefined {
  const known = refs.map((ref) => cache.getSync<ResolvedEntity>(cacheKey(ref)));
  return known.every((entity) => entity !== undefined) ? known : undefined;
}

async function lookUpEntityRefs(db: Database, refs: EntityRef[]): Promise<ResolvedEntity[]> {
  if (refs.length === 0) return [];
  const keys = refs.map(({ kind, ref, id }) => {
    const alias = normalizeAlias(ref);
    return { kind, ref, alias, bare: alias.replace(honorific, ''), id: id ?? null };
  });
  // Three index lookups (alias, kind + slug, id) rather than one OR over a scan of every entity.
  const rows = await db.all<ResolvedEntity & { alias: string | null; slug: string }>(sql`
    SELECT e.id AS id, e.kind AS kind, e.name AS name, e.slug AS slug, a.alias AS alias
    FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.alias IN ${keys.flatMap((k) => [k.alias, k.bare])}
    UNION
    SELECT e.id, e.kind, e.name, e.slug, NULL FROM entities e
    WHERE ${sql.join(
      keys.map((k) => sql`(e.kind = ${k.kind} AND e.slug = ${k.ref.trim().toLowerCase()})`),
      sql` OR `,
    )}
    UNION
    SELECT e.id, e.kind, e.name, e.slug, NULL FROM entities e WHERE e.id IN ${keys.map((k) => k.id ?? -1)}`);

  const resolved = keys.map((key) => {
    if (key.id !== null) {
      const byId = rows.find((r) => r.id === key.id && r.kind === key.kind);
      if (byId) return byId;
    }
    const bySlug = rows.find((r) => r.kind === key.kind && r.slug === key.ref.trim().toLowerCase());
    if (bySlug) return bySlug;
    const named = (alias: string) => [...new Map(rows.filter((r) => r.kind === key.kind && r.alias === alias).map((r) => [r.id, r])).values()];
    const exact = named(key.alias);
    const candidates = exact.length ? exact : named(key.bare);
    if (candidates.length === 1) return candidates[0]!;
    if (candidates.length === 0) return null;
    throw new AmbiguousReferenceError(key.kind, key.ref, candidates.map((c) => ({ name: c.name, slug: c.slug })));
  });
  const unknown = keys.find((_, i) => !resolved[i]);
  if (unknown) {
    throw new UnknownReferenceError(unknown.kind, unknown.ref, await nearestNames(db, unknown.kind, unknown.alias));
  }
  return resolved as ResolvedEntity[];
}

/**
 * Entities of a kind with an alias close to `alias` (Levenshtein distance at most a third of its
 * length, at least 1), nearest first, at most three: "Turky" → Türkiye. Candidates are the aliases
 * sharing its first two letters, read through the alias index (a bounded range scan, not a pass
 * over every alias).
 */
async function nearestNames(db: Database, kind: EntityKind, alias: string): Promise<{ name: string; slug: string }[]> {
  if (alias.length < 3) return [];
  const prefix = alias.slice(0, 2);
  const upper = prefix.slice(0, -1) + String.fromCodePoint(prefix.codePointAt(prefix.length - 1)! + 1);
  const rows = await db.all<{ name: string; slug: string; alias: string; articles: number }>(sql`
    SELECT e.name AS name, e.slug AS slug, a.alias AS alias, e.article_count AS articles
    FROM aliases a JOIN entities e ON e.id = a.entity_id
    WHERE a.alias >= ${prefix} AND a.alias < ${upper} AND e.kind = ${kind}
    LIMIT 5000`);
  const limit = Math.max(1, Math.floor(alias.length / 3));
  const best = new Map<string, { name: string; slug: string; distance: number; articles: number }>();
  for (const row of rows) {
    const d = distance(alias, row.alias);
    const prev = best.get(row.slug);
    if (d <= limit && (!prev || d < prev.distance)) best.set(row.slug, { name: row.name, slug: row.slug, distance: d, articles: row.articles });
  }
  return [...best.values()]
    .sort((a, b) => a.distance - b.distance || b.articles - a.articles || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map(({ name, slug }) => ({ name, slug }));
}
