import { GraphQLError } from 'graphql';
import { apiKeyScopes, type ApiKeyScope } from '../auth/api-keys.ts';
import type { Context } from './context.ts';

/**
 * The request's API key, which must carry `scope`: UNAUTHENTICATED without a valid key (missing,
 * malformed, unknown or revoked), FORBIDDEN when the key lacks the scope. Only the Authorization
 * header counts; cookies never authenticate, so a cross-site form cannot act for a partner.
 */
export async function requireScope(ctx: Context, scope: ApiKeyScope): Promise<void> {
  if (!ctx.authorization) {
    throw new GraphQLError(`This needs an API key with the "${scope}" scope: send "Authorization: Bearer <key>".`, {
      extensions: { code: 'UNAUTHENTICATED' },
    });
  }
  const key = await ctx.apiKey();
  if (!key) {
    throw new GraphQLError('The API key in the Authorization header is not valid or was revoked; expected "Bearer ng_…".', {
      extensions: { code: 'UNAUTHENTICATED' },
    });
  }
  if (!key.scopes.includes(scope)) {
    throw new GraphQLError(`The API key "${key.name}" lacks the "${scope}" scope (it has: ${key.scopes.join(', ')}).`, {
      extensions: { code: 'FORBIDDEN', scope },
    });
  }
}

/**
 * The scope loaders for @pothos/plugin-scope-auth, one per scope in `apiKeyScopes` (scope names are
 * data: a new scope needs no code here). A loader passes or throws requireScope's coded error, so
 * `authScopes: { ingest: true }` on a field answers exactly as `requireScope(ctx, 'ingest')` does,
 * before the resolver runs; with `$all`, the first missing scope in the order written is the one reported.
 */
export function scopeLoaders(ctx: Context): Record<ApiKeyScope, () => Promise<boolean>> {
  return Object.fromEntries(apiKeyScopes.map((scope) => [scope, () => requireScope(ctx, scope).then(() => true)])) as Record<ApiKeyScope, () => Promise<boolean>>;
}
