/** True when an error (or one it wraps) says the database could not be reached, rather than that a query failed. */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let e = error as { name?: string; code?: string; message?: string; cause?: unknown; originalError?: unknown } | undefined; e; ) {
    if (e.name === 'LibsqlError' && /^(SERVER_ERROR|HRANA_|HTTP|CONNECTION)/.test(e.code ?? '')) return true;
    if (/fetch failed|ECONNREFUSED|ECONNRESET|Network connection lost|connect(ion)? refused|socket hang up/i.test(e.message ?? '')) return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}
