// Runtime-neutral request helpers, shared by the node project (yoga.fetch in-process) and the
// workerd project (the Worker's own fetch): no node:* imports.

/** The request init sendGraphQL builds: plain enough for yoga.fetch's and the Worker's fetch types alike. */
export interface SimpleInit {
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

/** Anything that answers a request: `yoga.fetch`, the Worker's `exports.default.fetch`, global fetch. */
export type FetchLike = (input: string, init: SimpleInit) => Response | Promise<Response>;

export interface GraphQLRequestBody {
  query?: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  extensions?: Record<string, unknown>;
}

export interface ReadResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or null when empty or not JSON. */
  body: any;
  /** The Server-Timing header, whose `db` entry counts this request's SQL statements. */
  timing: string;
  /** SQL statements the request ran, from Server-Timing (NaN when the response has none). */
  statements: number;
}

/** Reads a response once: status, headers, text, JSON body and the statement count. */
export async function readResponse(response: Response): Promise<ReadResponse> {
  const text = await response.text();
  const timing = response.headers.get('server-timing') ?? '';
  const statements = Number(/db;dur=[\d.]+;desc="(\d+) statements?"/.exec(timing)?.[1] ?? NaN);
  const json = text && /json/.test(response.headers.get('content-type') ?? '');
  return { status: response.status, headers: response.headers, text, body: json ? JSON.parse(text) : null, timing, statements };
}

/** Sends one GraphQL operation, as POST JSON or as a GET with query parameters. */
export async function sendGraphQL(
  fetch: FetchLike,
  endpoint: string,
  body: GraphQLRequestBody,
  headers: Record<string, string> = {},
  method: 'POST' | 'GET' = 'POST',
): Promise<ReadResponse> {
  if (method === 'GET') {
    const url = new URL(endpoint);
    for (const [k, v] of Object.entries(body)) if (v !== undefined) url.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    return readResponse(await fetch(url.toString(), { headers: { accept: 'application/graphql-response+json', ...headers } }));
  }
  return readResponse(
    await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify(body),
    }),
  );
}

/** The distinct error codes of a GraphQL response body, in order. */
export const errorCodes = (body: { errors?: { extensions?: { code?: string } }[] } | null | undefined) => [
  ...new Set((body?.errors ?? []).map((e) => e.extensions?.code)),
];

/** The headline query: articles in a country (by any of its names) matching "sanctions". */
export const northKoreaQuery = (countries: string[]) => /* GraphQL */ `{
  articles(where: { countries: ${JSON.stringify(countries)}, text: "sanctions" }, first: 10) {
    totalCount
    edges { cursor node { id title publishedAt snippet countries { code name } people { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
