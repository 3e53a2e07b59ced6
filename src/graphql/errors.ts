import { GraphQLError } from 'graphql';
import { SearchInputError } from '../search/errors.ts';
import { QuerySyntaxError } from '../search/query-language.ts';

/** The error a client must fix: shown as is (never masked), with a machine-readable code. */
export function badUserInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extensions } });
}

/** The database could not be reached: not the client's fault, and worth retrying. */
export function databaseUnavailable(): GraphQLError {
  return new GraphQLError('The database is unavailable right now; retry shortly.', { extensions: { code: 'DATABASE_UNAVAILABLE' } });
}

/** This server cannot ingest, for now (the reason in words) or at all. */
export function ingestUnavailable(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'SERVICE_UNAVAILABLE' } });
}

/**
 * The coded GraphQL error for a domain error a resolver let through (search/ throws its own errors,
 * knowing nothing of GraphQL), keeping where it happened; null for any other error. Every result's
 * errors pass here (src/yoga.ts), so no resolver maps them itself.
 */
export function graphqlErrorForDomainError(error: unknown): GraphQLError | null {
  if (!(error instanceof GraphQLError)) return null;
  const domain = error.originalError;
  const coded = (message: string, details: Record<string, unknown>) =>
    new GraphQLError(message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions: { code: 'BAD_USER_INPUT', ...details } });
  if (domain instanceof SearchInputError) return coded(domain.message, domain.details);
  // The text query language's errors: every text argument (where.text, the text of search(query:)) is `text` to the client.
  if (domain instanceof QuerySyntaxError) return coded(`Invalid text query at position ${domain.position}: ${domain.message}`, { argument: 'text', position: domain.position });
  return null;
}
