import type { ExecutionResult } from 'graphql';

/** A GraphQL error response made outside execution (rate limits, authentication), in the media type the client accepts. */
export function graphqlErrorResponse(
  request: Request,
  fetchAPI: { Response: typeof Response },
  status: number,
  error: { message: string; extensions: Record<string, unknown> },
  headers: Record<string, string> = {},
): Response {
  const accept = request.headers.get('accept') ?? '';
  const type = accept.includes('application/graphql-response+json') ? 'application/graphql-response+json' : 'application/json';
  return new fetchAPI.Response(JSON.stringify({ errors: [error] }), {
    status,
    headers: { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store', ...headers },
  });
}

/** yoga's ExecutionResultWithSerializer (not exported): yoga serialises a result with its `stringify` when it has one. */
export type ExecutionResultWithSerializer = ExecutionResult & { stringify?: (result: ExecutionResult) => string };

/**
 * The JSON text of a result, serialised once: responseSizePlugin hands the text it measured to
 * yoga (the `stringify` of its ExecutionResultWithSerializer) and to the response cache, so a
 * response is not serialised two or three times. Anything else serialises afresh.
 */
export function serialisedResult(result: ExecutionResult): string {
  return (result as ExecutionResultWithSerializer).stringify?.(result) ?? JSON.stringify(result);
}
