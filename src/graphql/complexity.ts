import { LRUCache } from 'lru-cache';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.ts';

/**
 * The operations (text, name and variables: Context.operationKey) whose cost Pothos's complexity
 * check passed. The cost depends on nothing else (field costs read arguments only, the limits are
 * fixed), so a passed operation is not walked again: the check's limit reads as none for it. A
 * failing one is never kept, so it fails the same way every time.
 */
const withinLimits = new LRUCache<string, true>({ max: 1000 });

/** The complexity plugin's `limit` option: `limits`, or none for an operation known to pass them. */
export function complexityLimit<Limits extends object>(limits: Limits): (ctx: Context) => Limits | Record<string, never> {
  return (ctx) => (ctx.operationKey !== null && withinLimits.has(ctx.operationKey) ? {} : limits);
}

/**
 * Keeps an operation that executed without any error: every root field it resolved ran the
 * complexity check first (src/graphql/builder.ts), and it passed.
 */
export function complexityPassedPlugin(): Plugin<Context> {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result }) => {
        const key = (args.contextValue as Context).operationKey;
        if (key !== null && !(Symbol.asyncIterator in result) && !result.errors?.length) withinLimits.set(key, true);
      },
    }),
  };
}
