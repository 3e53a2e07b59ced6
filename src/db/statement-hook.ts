import type { Client } from '@libsql/client';

/** Told of every call the app makes to libSQL through a hooked client. */
export interface StatementHook {
  /** Before a call reaches libSQL; what it throws fails the call instead (a request's time budget). */
  before(): void;
  /** After it, with how many statements it ran and how long it took in milliseconds. */
  after(statements: number, ms: number): void;
}

type Counts = Record<string, (args: unknown[]) => number>;

const one = () => 1;
const each = (args: unknown[]) => (Array.isArray(args[0]) ? args[0].length : 1);
const none = () => 0;
const clientCalls: Counts = { execute: one, batch: each, migrate: each, executeMultiple: one };
// drizzle's transactions run on the Transaction object the client hands out.
const transactionCalls: Counts = { execute: one, batch: each, executeMultiple: one, commit: none, rollback: none };

/**
 * `target` with each counted call reported to `hook`. A Proxy rather than a wrapper object: the
 * libSQL clients keep private fields, so every other member is passed through bound to the target.
 */
function withHook<T extends object>(target: T, hook: StatementHook, counts: Counts, wrap: (prop: string | symbol, value: Function) => unknown = () => undefined): T {
  return new Proxy(target, {
    get(object, prop) {
      const value: unknown = Reflect.get(object, prop, object);
      if (typeof value !== 'function') return value;
      const wrapped = wrap(prop, value);
      if (wrapped) return wrapped;
      const count = typeof prop === 'string' ? counts[prop] : undefined;
      if (!count) return value.bind(object);
      return async (...args: unknown[]) => {
        hook.before();
        const start = performance.now();
        try {
          return await value.apply(object, args);
        } finally {
          hook.after(count(args), performance.now() - start);
        }
      };
    },
  });
}

/** `client` with its execute, batch, migrate and transactions reported to `hook`. */
export function hookedClient(client: Client, hook: StatementHook): Client {
  return withHook(client, hook, clientCalls, (prop) =>
    prop === 'transaction' ? async (...args: Parameters<Client['transaction']>) => withHook(await client.transaction(...args), hook, transactionCalls) : undefined,
  );
}
