import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The limits every request is held to; README "For partners" lists them. */
export const requestLimits = {
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 2000,
  maxDirectives: 20,
  maxBodyBytes: 1024 * 1024,
} as const;

function tooLarge(maxBytes: number, Response: typeof globalThis.Response): Response {
  return Response.json(
    { errors: [{ message: `The request body exceeds the limit of ${maxBytes} bytes.`, extensions: { code: 'REQUEST_TOO_LARGE', limit: maxBytes } }] },
    { status: 413 },
  );
}

/** Reads at most maxBytes + 1 of a body without a Content-Length, so a huge chunked upload costs little. */
async function exceeds(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<boolean> {
  if (!body) return false;
  const reader = body.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return false;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return true;
    }
  }
}

/** Rejects bodies over the cap with 413 before yoga parses them. */
export function bodyLimitPlugin(maxBytes: number = requestLimits.maxBodyBytes): Plugin {
  return {
    async onRequest({ request, fetchAPI, endResponse }) {
      if (request.method === 'GET' || request.method === 'HEAD') return;
      const length = request.headers.get('content-length');
      const over = length !== null ? Number(length) > maxBytes : await exceeds(request.clone().body, maxBytes);
      if (over) endResponse(tooLarge(maxBytes, fetchAPI.Response));
    },
  };
}

/**
 * GraphQL Armor rejects deep, wide, long or costly documents during parse and validation, so
 * they never reach a resolver or the database.
 */
export function armorPlugin(): Plugin {
  // Armor's errors carry no code; each protection tags its own so clients can tell them apart.
  const code = (name: string, limit: number) => ({
    onReject: [
      (_ctx: unknown, error: GraphQLError) => {
        Object.assign(error.extensions, { code: name, limit });
      },
    ],
  });
  return EnvelopArmorPlugin({
    maxDepth: { n: requestLimits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...code('QUERY_TOO_DEEP', requestLimits.maxDepth) },
    maxAliases: { n: requestLimits.maxAliases, ...code('TOO_MANY_ALIASES', requestLimits.maxAliases) },
    maxTokens: { n: requestLimits.maxTokens, ...code('TOO_MANY_TOKENS', requestLimits.maxTokens) },
    maxDirectives: { n: requestLimits.maxDirectives, ...code('TOO_MANY_DIRECTIVES', requestLimits.maxDirectives) },
    // Cost is limited once, by Pothos's complexity plugin (src/graphql/builder.ts), which counts `first`.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }) as Plugin;
}
