// Errors search throws when what it was asked for cannot be answered as asked: the client's input,
// not a failure. search/ knows nothing of GraphQL; src/graphql/errors.ts maps these to coded
// GraphQL errors (BAD_USER_INPUT with `details` as extensions) for every resolver at once.

/** Input search cannot use; `message` is for the client, `details` tell a program what was wrong. */
export class SearchInputError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** A page cursor this search did not issue (or for another order). */
export class InvalidCursorError extends SearchInputError {
  override readonly name = 'InvalidCursorError';
  constructor(cursor: string, argument = 'after') {
    super(`Invalid cursor "${cursor.slice(0, 100)}": pass an endCursor from a previous page of the same query and order.`, { argument });
  }
}

/** A name, alias, code, slug or ID that matches no entity of its kind. */
export class UnknownReferenceError extends SearchInputError {
  override readonly name = 'UnknownReferenceError';
  constructor(kind: string, reference: string, suggestions: { name: string; slug: string }[]) {
    const hint = suggestions.length ? ` Did you mean ${suggestions.map((c) => c.name).join(' or ')}?` : '';
    super(`Unknown ${kind} "${reference}": no ${kind} has that name, alias, code, slug or ID.${hint}`, { reference, kind, suggestions });
  }
}

/** A name or alias that several entities of its kind share. */
export class AmbiguousReferenceError extends SearchInputError {
  override readonly name = 'AmbiguousReferenceError';
  constructor(kind: string, reference: string, candidates: { name: string; slug: string }[]) {
    const names = candidates.map((c) => `${c.name} (${c.slug})`);
    super(`Ambiguous ${kind} "${reference}": it could mean ${names.join(', ')}. Use a slug or ID.`, { reference, kind, candidates });
  }
}
