// Node only: graphql-jit compiles each document into JavaScript with `new Function`, which
// Cloudflare Workers forbid, so src/worker.ts never imports this module and keeps yoga's (@graphql-tools/executor).
import { useGraphQlJit } from '@envelop/graphql-jit';
import type { Plugin } from 'graphql-yoga';

/**
 * The compiled executor (graphql-jit) for createYogaApp's `executor`: one compiled function per
 * parsed document (yoga's parser cache hands out the same document object per query text).
 */
export function compiledExecutorPlugin(): Plugin {
  return useGraphQlJit() as Plugin;
}
