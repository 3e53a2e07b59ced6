import { GraphQLError } from 'graphql';

/** The error a client must fix: shown as is (never masked), with a machine-readable code. */
export function badUserInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extensions } });
}
