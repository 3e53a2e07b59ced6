import { authenticate, type ApiKey } from '../auth/api-keys.ts';
import type { Database } from '../db/database.ts';
import type { IngestResult } from '../ingest/ingest.ts';
import type { ResolutionCache } from '../search/resolution-cache.ts';

/**
 * Stores articles for the ingestArticles mutation. Injected, not imported, so src/graphql stays
 * free of the NLP model: each runtime passes the extraction it can afford.
 */
export type Ingest = (db: Database, inputs: unknown[]) => Promise<IngestResult[]>;

/** Per-request state shared by resolvers. */
export interface Context {
  db: Database;
  /** What names resolve to: the app's cache (src/yoga.ts), shared by its requests. */
  resolutions: ResolutionCache;
  /** The Authorization header, where API keys travel (never cookies, so CSRF does not apply); null without one. */
  authorization: string | null;
  /** The API key of that header, looked up on first use, once per request; null when missing, unknown or revoked. */
  apiKey: () => Promise<ApiKey | null>;
  /** Undefined where this server does not offer ingest. */
  ingest?: Ingest;
  /**
   * The operation's text, name and variables, for what depends on nothing else (the cost check,
   * src/graphql/complexity.ts); null without a text or when too long to keep.
   */
  operationKey: string | null;
}

/** Longest operation key kept: larger requests (an ingest's articles) are checked each time. */
const maxOperationKeyLength = 8192;

/** The key of an operation: its text, name and variables, or null (see Context.operationKey). */
export function operationKey(params: { query?: string; operationName?: string; variables?: unknown } | undefined): string | null {
  if (typeof params?.query !== 'string') return null;
  const key = `${params.operationName ?? ''}\n${JSON.stringify(params.variables ?? {})}\n${params.query}`;
  return key.length > maxOperationKeyLength ? null : key;
}

export function createContext(
  db: Database,
  resolutions: ResolutionCache,
  /** `apiKey`: the header's key when the HTTP layer already looked it up (src/http/layer.ts). */
  options: { request?: Request; ingest?: Ingest; apiKey?: Promise<ApiKey | null>; operationKey?: string | null } = {},
): Context {
  const authorization = options.request?.headers.get('authorization') ?? null;
  let apiKey: Promise<ApiKey | null> | undefined = options.apiKey;
  return {
    db,
    resolutions,
    authorization,
    apiKey: () => (apiKey ??= authenticate(db, authorization)),
    ingest: options.ingest,
    operationKey: options.operationKey ?? null,
  };
}
