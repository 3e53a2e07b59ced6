import { getOperationAST, GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { FetchAPI, Plugin } from 'graphql-yoga';
import type { ApiKey } from '../auth/api-keys.ts';
import { graphqlErrorResponse } from './responses.ts';

/** The request's API key (looked up once per request, memoised by the caller); null without a valid one. */
export type ApiKeyOf<ServerContext> = (request: Request, serverContext: ServerContext) => Promise<ApiKey | null>;

/**
 * Who may ask what. A request with an Authorization header that is not a live key (unknown, revoked,
 * malformed, another scheme) is refused with 401 UNAUTHENTICATED before anything else runs: a
 * partner whose key broke must hear so, not be served silently at the anonymous limit. A live key
 * without the `read` scope may not run queries (FORBIDDEN); ingest-only keys still run ingestArticles.
 * Anonymous reads need no key. Keys travel in the Authorization header only, never in cookies.
 */
export function accessPlugin<ServerContext extends Record<string, any>>(apiKeyOf: ApiKeyOf<ServerContext>): Plugin<Record<string, unknown>, ServerContext> {
  // The hooks return a promise only for a request with a key: an async hook would cost every
  // request a promise round in yoga's and envelop's hook loops.
  const refuseInvalidKey = async (request: Request, serverContext: ServerContext, fetchAPI: FetchAPI, endResponse: (response: Response) => void) => {
    if (await apiKeyOf(request, serverContext)) return;
    endResponse(
      graphqlErrorResponse(
        request,
        fetchAPI,
        401,
        {
          message:
            'The API key in the Authorization header is not valid or was revoked; expected "Bearer ng_…". Reads need no key: leave the header out to read at the anonymous limit.',
          extensions: { code: 'UNAUTHENTICATED' },
        },
        { 'www-authenticate': 'Bearer error="invalid_token"' },
      ),
    );
  };
  const refuseWithoutReadScope = async (request: Request, args: ExecutionArgs, setResultAndStopExecution: (result: ExecutionResult) => void) => {
    const key = await apiKeyOf(request, args.contextValue as ServerContext);
    if (key && !key.scopes.includes('read')) {
      setResultAndStopExecution({
        errors: [
          new GraphQLError(`The API key "${key.name}" lacks the "read" scope (it has: ${key.scopes.join(', ')}); queries need a key with "read", or no key.`, {
            extensions: { code: 'FORBIDDEN', scope: 'read' },
          }),
        ],
      });
    }
  };
  return {
    onRequest({ request, serverContext, fetchAPI, endResponse }) {
      if (!request.headers.has('authorization') || request.method === 'OPTIONS') return;
      return refuseInvalidKey(request, serverContext, fetchAPI, endResponse);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (!request?.headers.has('authorization')) return;
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      return refuseWithoutReadScope(request, args, setResultAndStopExecution);
    },
  };
}
