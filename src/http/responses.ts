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
