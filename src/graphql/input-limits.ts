import { badUserInput } from './errors.ts';

/**
 * Sizes of list and string arguments, checked before any SQL: SQLite caps expressions and bound
 * variables per statement, and every reference costs a lookup. README "Limits" lists them.
 */
export const inputLimits = {
  /** Entity references in one filter (countries, people, organisations, any, none together). */
  maxEntityRefs: 100,
  /** Characters in one reference, source name or autocomplete prefix. */
  maxReferenceLength: 200,
  /** Names in `sources`. */
  maxSources: 100,
  /** IDs in `nodes(ids:)`. */
  maxNodeIds: 100,
} as const;

/** BAD_USER_INPUT when `list` has more than `limit` items; `what` names them in the message. */
export function checkListSize(argument: string, what: string, list: readonly unknown[] | null | undefined, limit: number): void {
  if (list && list.length > limit) {
    throw badUserInput(`${argument} takes at most ${limit} ${what} (got ${list.length}).`, { argument, limit });
  }
}

/** BAD_USER_INPUT when a reference, name or prefix is longer than inputLimits.maxReferenceLength. */
export function checkReferenceLength(argument: string, value: string): void {
  if (value.length > inputLimits.maxReferenceLength) {
    throw badUserInput(`${argument} may have at most ${inputLimits.maxReferenceLength} characters (got ${value.length}).`, {
      argument,
      limit: inputLimits.maxReferenceLength,
    });
  }
}

/**
 * A `first` or `last` argument: an integer from `min` to `max`, else BAD_USER_INPUT naming the
 * range. Pages (min 0) say how to get more: page on with `after`.
 */
export function checkListArgument(argument: string, size: number, min: 0 | 1, max: number): number {
  if (!Number.isInteger(size) || size < min || size > max) {
    const more = min === 0 ? '; page through larger results with after' : '';
    throw badUserInput(`${argument} must be between ${min} and ${max} (got ${size})${more}.`, { argument, limit: max });
  }
  return size;
}

/**
 * The cursors Pothos's drizzle connections issue, compiled once per shape: base64 of a date sort key and the ids that
 * follow it in the order, nothing else. Story.articles pages articles (a date, the article id);
 * Entity.articles pages article_entities rows (a date, the article id, then the entity id that
 * ends the row's key).
 */
const dateIdCursors = { 1: dateIdPattern(1), 2: dateIdPattern(2) } as const;
function dateIdPattern(ids: number): RegExp {
  return new RegExp(`^DC:T:\\["S:[0-9T:.Z-]{0,40}"(,"N:\\d{1,15}"){${ids}}\\]$`);
}

/**
 * The pages of Pothos's drizzle connections (Story.articles, a relatedConnection; Entity.articles,
 * through drizzleConnectionHelpers) clamp a large `first` and hand a crafted cursor's values to
 * SQL: both are refused here with BAD_USER_INPUT first.
 */
export function checkRelatedConnectionArgs(
  args: { first?: number | null; last?: number | null; after?: string | null; before?: string | null },
  max: number,
  ids: keyof typeof dateIdCursors = 1,
): void {
  for (const argument of ['first', 'last'] as const) {
    const size = args[argument];
    if (size != null) checkListArgument(argument, size, 0, max);
  }
  for (const argument of ['after', 'before'] as const) {
    const cursor = args[argument];
    if (cursor == null) continue;
    let decoded = '';
    try {
      decoded = cursor.length <= 256 ? atob(cursor) : '';
    } catch {
      // not base64: refused below
    }
    if (!dateIdCursors[ids].test(decoded)) {
      throw badUserInput(`Invalid cursor "${cursor.slice(0, 100)}": pass a cursor from a previous page of the same list.`, { argument });
    }
  }
}

/** Items in one page or list (`first`): connections and Article.entities. */
export const maxPageSize = 100;
