/**
 * Retrying work that another writer's lock made fail. SQLite lets one writer in at a time; the
 * busy timeout (src/db/node.ts) covers short waits, and this covers the rest without blocking the
 * event loop while it waits. Hand-written because the retry rule needs libSQL's error codes, which
 * sit below drizzle's "Failed query" wrapper, and the loop itself is a few lines.
 */

/** The SQLite result code of an error or of any error it wraps (drizzle wraps libSQL's), e.g. "SQLITE_CONSTRAINT_UNIQUE". */
export function sqliteCode(error: unknown): string | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    const { code, extendedCode } = e as { code?: unknown; extendedCode?: unknown };
    if (typeof extendedCode === 'string' && extendedCode.startsWith('SQLITE_')) return extendedCode;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
  }
  return undefined;
}

/** True when the database was locked by another connection: trying again later can succeed. */
export function isBusy(error: unknown): boolean {
  return /^SQLITE_(?:BUSY|LOCKED)/.test(sqliteCode(error) ?? '');
}

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts?: number;
  /** The first wait; each next one doubles, up to `maxDelayMs`, with full jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work`, and again after a growing random wait while it fails because the database is busy.
 * `work` must be safe to repeat: a transaction that failed busy was rolled back whole. The
 * defaults wait up to about half a minute in all, longer than any one write of ours holds the lock.
 */
export async function retryBusy<T>(work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { attempts = 16, baseDelayMs = 20, maxDelayMs = 3000 } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isBusy(error)) throw error;
      // Full jitter: writers that collided do not collide again in lockstep.
      await sleep(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
    }
  }
}
