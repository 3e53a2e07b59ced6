import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { graphqlErrorResponse } from './responses.ts';

/**
 * Errors that graphql-js and Pothos raise about the request itself (variable coercion, invalid
 * global IDs or cursors, relay arguments) carry no extensions.code; our own errors always do, and
 * unexpected ones are masked as INTERNAL_SERVER_ERROR before this runs. So a GraphQL error without a
 * code is the client's mistake, and gets BAD_USER_INPUT (a subscription, which this API does not
 * offer, gets OPERATION_NOT_SUPPORTED).
 */
function codeOf(error: GraphQLError): string {
  return /subscription/i.test(error.message) ? 'OPERATION_NOT_SUPPORTED' : 'BAD_USER_INPUT';
}

function withCodes(result: ExecutionResult): ExecutionResult | null {
  if (!result.errors?.some((e) => !e.extensions?.code)) return null;
  const errors = result.errors.map((error) =>
    error.extensions?.code
      ? error
      : new GraphQLError(error.message, {
          nodes: error.nodes,
          source: error.source,
          positions: error.positions,
          path: error.path,
          originalError: error.originalError,
          extensions: { ...error.extensions, code: codeOf(error) },
        }),
  );
  return { ...result, errors };
}

/** Bodies for the statuses yoga answers with none: what the client should send instead. */
const emptyStatusErrors: Record<number, { message: string; code: string }> = {
  406: { message: 'Not acceptable: send Accept: application/graphql-response+json or application/json.', code: 'NOT_ACCEPTABLE' },
  415: { message: 'Unsupported media type: POST with Content-Type: application/json.', code: 'UNSUPPORTED_MEDIA_TYPE' },
};

/** Every error a client can get carries extensions.code, whatever phase raised it. */
export function errorCodesPlugin(): Plugin {
  return {
    onExecutionResult({ result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in Object(result)) return;
      const coded = withCodes(result as ExecutionResult);
      if (coded) setResult(coded);
    },
    onResultProcess({ result, setResult }) {
      // Errors raised before execution (e.g. the subscription refusal) reach here without passing onExecutionResult.
      if (Array.isArray(result) || Symbol.asyncIterator in Object(result)) return;
      const coded = withCodes(result as ExecutionResult);
      if (coded) setResult(coded);
    },
    onResponse({ request, response, fetchAPI, setResponse }) {
      const empty = emptyStatusErrors[response.status];
      if (!empty || response.body) return;
      const replacement = graphqlErrorResponse(request, fetchAPI, response.status, { message: empty.message, extensions: { code: empty.code } });
      response.headers.forEach((value, name) => {
        if (!replacement.headers.has(name)) replacement.headers.set(name, value);
      });
      setResponse(replacement);
    },
  };
}
