import type { Client, Transaction } from '@libsql/client';
import type { Logger } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql/web';
import type { Plugin } from 'graphql-yoga';
import { registerDatabaseView, type Database } from '../db/database.ts';
import { relations } from '../db/relations.ts';

/**
 * `Server-Timing` for every GraphQL response: parse, validate and execute (graphql-js phases),
 * db (the summed time of this request's SQL statements, with their count) and total.
 *
 * On the Worker, `performance.now()` only advances across I/O (a Spectre mitigation), so the CPU-only
 * phases (parse, validate) read 0 there; db time, which is network I/O to libSQL, is real.
 */
export class RequestTiming {
  readonly start = performance.now();
  readonly phases = new Map<string, number>();
  dbMs = 0;
  statements = 0;
  /** performance.now() after which no more SQL may start (src/http/limits.ts sets it per operation). */
  deadline = Number.POSITIVE_INFINITY;
  /** The error a statement past the deadline fails with. */
  overBudget: (() => Error) | null = null;

  add(phase: string, ms: number): void {
    this.phases.set(phase, (this.phases.get(phase) ?? 0) + ms);
  }

  header(): string {
    const ms = (n: number) => n.toFixed(2);
    const parts = [...this.phases].map(([name, dur]) => `${name};dur=${ms(dur)}`);
    parts.push(`db;dur=${ms(this.dbMs)};desc="${this.statements} statement${this.statements === 1 ? '' : 's'}"`);
    parts.push(`total;dur=${ms(performance.now() - this.start)}`);
    return parts.join(', ');
  }
}

const timings = new WeakMap<Request, RequestTiming>();

/** The timing of one request, created on first use. */
export function requestTiming(request: Request): RequestTiming {
  let timing = timings.get(request);
  if (!timing) timings.set(request, (timing = new RequestTiming()));
  return timing;
}

function timeCalls<T extends object>(target: T, timing: RequestTiming, counts: Record<string, (args: unknown[]) => number>): T {
  return new Proxy(target, {
    get(object, prop) {
      const value = Reflect.get(object, prop, object) as unknown;
      if (typeof value !== 'function') return value;
      const count = typeof prop === 'string' ? counts[prop] : undefined;
      if (!count) return value.bind(object);
      return async (...args: unknown[]) => {
        const start = performance.now();
        if (start >= timing.deadline && timing.overBudget) throw timing.overBudget();
        try {
          return await value.apply(object, args);
        } finally {
          timing.dbMs += performance.now() - start;
          timing.statements += count(args);
        }
      };
    },
  });
}

const one = () => 1;
const many = (args: unknown[]) => (Array.isArray(args[0]) ? args[0].length : 1);
const none = () => 0;

/** The libSQL client, with each call's time added to `timing`. */
function timedClient(client: Client, timing: RequestTiming): Client {
  const timed = timeCalls(client, timing, { execute: one, batch: many, migrate: many, executeMultiple: one });
  return new Proxy(timed, {
    get(object, prop) {
      if (prop !== 'transaction') return Reflect.get(object, prop, object);
      return async (...args: unknown[]) => {
        const tx = await (client.transaction as (...a: unknown[]) => Promise<Transaction>).apply(client, args);
        return timeCalls(tx, timing, { execute: one, batch: many, executeMultiple: one, commit: none, rollback: none });
      };
    },
  });
}

/**
 * A per-request view of `db` on the same client and logger (statement counting in tests and benchmarks
 * is unchanged), whose SQL time lands in `timing`. Building a drizzle instance costs about 1 µs.
 */
export function timedDatabase(db: Database, timing: RequestTiming): Database {
  // drizzle keeps its logger on the session; reuse it so onQuery listeners still see every statement.
  const logger = (db as unknown as { session?: { logger?: Logger } }).session?.logger;
  const view = drizzle({ client: timedClient(db.$client, timing), relations, logger }) as unknown as Database;
  // Per-database caches (resolved entity references) keep keying on the shared database.
  registerDatabaseView(view, db);
  return view;
}

/** Measures parse, validate and execute, and writes the `Server-Timing` header on every response. */
export function serverTimingPlugin(): Plugin {
  const phase = (request: Request | undefined, name: string) => {
    const start = performance.now();
    return () => {
      if (request) requestTiming(request).add(name, performance.now() - start);
    };
  };
  return {
    onRequest({ request }) {
      requestTiming(request);
    },
    onParse({ context }) {
      return phase((context as { request?: Request }).request, 'parse');
    },
    onValidate({ context }) {
      return phase((context as { request?: Request }).request, 'validate');
    },
    onExecute({ args }) {
      const done = phase((args.contextValue as { request?: Request }).request, 'execute');
      return { onExecuteDone: done };
    },
    onResponse({ request, response }) {
      const timing = timings.get(request);
      if (timing) response.headers.append('Server-Timing', timing.header());
    },
  };
}
