import type { Plugin } from 'graphql-yoga';
import type { StatementHook } from '../db/statement-hook.ts';

/**
 * `Server-Timing` for every GraphQL response: parse, validate and execute (graphql-js phases),
 * db (the summed time of this request's SQL statements, with their count) and total.
 *
 * On the Worker, `performance.now()` only advances across I/O (a Spectre mitigation), so the CPU-only
 * phases (parse, validate) read 0 there; db time, which is network I/O to libSQL, is real.
 */
export class RequestTiming implements StatementHook {
  readonly start = performance.now();
  readonly phases = new Map<string, number>();
  dbMs = 0;
  statements = 0;
  /** performance.now() after which no more SQL may start (src/http/limits.ts sets it per operation). */
  deadline = Number.POSITIVE_INFINITY;
  /** The error a statement past the deadline fails with. */
  overBudget: (() => Error) | null = null;

  /** The request's database (src/http/layer.ts) calls this before each statement. */
  before(): void {
    if (performance.now() >= this.deadline && this.overBudget) throw this.overBudget();
  }

  after(statements: number, ms: number): void {
    this.dbMs += ms;
    this.statements += statements;
  }

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
