import { decodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'drizzle-orm';
import type { EntityKind } from '../db/schema.ts';
import { resolveEntityRefs, type EntityRef, type ResolvedEntity } from '../search/entity-refs.ts';
import type { Context } from './context.ts';
import { badUserInput } from './errors.ts';
import { checkListSize, inputLimits } from './input-limits.ts';

/** The node types and the entity kind each one is (Article and Story are not entities). */
const entityKinds: Record<string, string | null> = { Article: null, Story: 'story', Country: 'country', Person: 'person', Organization: 'organization' };

type GlobalId = { typename: string; id: string };

/**
 * Which of `ids` name a row that exists as that type, in one statement: a well-formed ID of a
 * deleted or never-stored row, or a Person ID over a country's row, is not a node (null), where
 * Pothos's loader would fail the whole field. A type that is not a node here is BAD_USER_INPUT.
 */
export async function existingNodes(ctx: Context, ids: readonly (GlobalId | null)[]): Promise<boolean[]> {
  checkListSize('ids', 'IDs', ids, inputLimits.maxNodeIds);
  const wanted = ids.map((globalId) => {
    if (!globalId) return null;
    if (!(globalId.typename in entityKinds)) {
      throw badUserInput(`"${globalId.typename.slice(0, 100)}" is not a type of this API: pass an ID it returned.`, { argument: 'id' });
    }
    return /^\d{1,15}$/.test(globalId.id) ? { typename: globalId.typename, id: Number(globalId.id) } : null;
  });
  const articleIds = wanted.flatMap((w) => (w?.typename === 'Article' ? [w.id] : []));
  const storyIds = wanted.flatMap((w) => (w?.typename === 'Story' ? [w.id] : []));
  const entityIds = wanted.flatMap((w) => (w && w.typename !== 'Article' && w.typename !== 'Story' ? [w.id] : []));
  if (!articleIds.length && !storyIds.length && !entityIds.length) return ids.map(() => false);
  const rows = await ctx.db.all<{ id: number; kind: string | null }>(sql`
    SELECT id, NULL AS kind FROM articles WHERE id IN ${articleIds.length ? articleIds : [-1]}
    UNION ALL SELECT id, 'story' AS kind FROM stories WHERE id IN ${storyIds.length ? storyIds : [-1]}
    UNION ALL SELECT id, kind FROM entities WHERE id IN ${entityIds.length ? entityIds : [-1]}`);
  const found = new Set(rows.map((r) => `${r.kind ?? ''}:${r.id}`));
  return wanted.map((w) => Boolean(w && found.has(`${entityKinds[w.typename] ?? ''}:${w.id}`)));
}

/** `node(id:)`: null unless the row exists as the ID's type. */
export async function resolveNode(ctx: Context, id: GlobalId, load: (id: GlobalId) => unknown): Promise<unknown> {
  const [exists] = await existingNodes(ctx, [id]);
  return exists ? load(id) : null;
}

/** `nodes(ids:)`: null for each ID whose row does not exist as its type. */
export async function resolveNodeList(ctx: Context, ids: (GlobalId | null)[], load: () => Promise<unknown[]>): Promise<unknown[]> {
  const exists = await existingNodes(ctx, ids);
  // Pothos loads `ids` itself (its callback ignores its argument) and skips null entries.
  exists.forEach((ok, i) => {
    if (!ok) ids[i] = null;
  });
  return exists.some(Boolean) ? load() : ids.map(() => null);
}

const typeNameKinds: Record<string, EntityKind> = { Country: 'country', Person: 'person', Organization: 'organization' };

/** The entity id of a global ID of `kind` ("Country:12", base64); null for anything else (a name, alias, code or slug). */
function entityIdOf(ref: string, kind: EntityKind): number | null {
  if (!/^[A-Za-z0-9+/=_-]{6,}$/.test(ref)) return null;
  try {
    const { typename, id } = decodeGlobalID(ref);
    return typeNameKinds[typename] === kind && /^\d+$/.test(id) ? Number(id) : null;
  } catch {
    return null;
  }
}

/** Entity references of any argument (names, aliases, codes, slugs or global IDs), resolved through the request's resolution cache. */
export function resolveEntityReferences(ctx: Context, refs: EntityRef[]): Promise<ResolvedEntity[]> {
  return resolveEntityRefs(
    ctx.db,
    refs.map((r) => ({ ...r, id: entityIdOf(r.ref.trim(), r.kind) })),
    ctx.resolutions,
  );
}
