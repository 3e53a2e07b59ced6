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
