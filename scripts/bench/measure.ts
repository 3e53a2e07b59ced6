// Measuring: closed-loop latency statistics, and the CPU a request costs outside SQLite.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import LibsqlDatabase from 'libsql';
import type { BenchQuery } from '../bench-queries.ts';
import { cacheDir, minIterations, root, seconds } from './settings.ts';
import { bodyOf, inProcess, type Yoga } from './servers.ts';

// Measuring

export interface Stats {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  rps: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarize(times: number[], wallMs: number): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    n: times.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: times.reduce((a, b) => a + b, 0) / times.length,
    rps: (times.length / wallMs) * 1000,
  };
}

/**
 * A closed loop, one request in flight: warm up, then time each call for `budget` seconds (at
 * least minIterations calls, or 3 when one call takes over a second).
 */
export async function measure(fn: () => Promise<unknown>, budget = seconds, onMeasuring?: () => void): Promise<Stats> {
  const first = performance.now();
  await fn();
  const firstMs = performance.now() - first;
  const warmUntil = performance.now() + Math.min(500, budget * 150);
  for (let i = 1; firstMs < 250 && (i < 3 || performance.now() < warmUntil); i++) await fn();
  const min = firstMs > 1000 ? 3 : minIterations;
  onMeasuring?.();
  const times: number[] = [];
  const begin = performance.now();
  const end = begin + budget * 1000;
  while (times.length < min || (performance.now() < end && times.length < 100_000)) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return summarize(times, performance.now() - begin);
}


// CPU in the GraphQL layer

/**
 * The embedded libSQL engine (the `libsql` package under @libsql/client) runs each statement
 * synchronously on this thread, so process.cpuUsage() around a request counts SQLite's work too.
 * While measuring, the engine's synchronous entry points (prepare, exec, and a statement's run,
 * get and all, which steps through the rows) have their CPU time measured and subtracted: what
 * remains is the CPU the request costs outside SQLite — what a Worker spends with the database
 * remote: Yoga's Request/Response handling, parsing, validation, execution, Pothos/drizzle query
 * building, the client's row conversion and result mapping, JSON serialisation. (Timing the
 * client's async execute() instead would not do: concurrent resolvers' calls overlap there.)
 */
export function timeSqlite(): { ms: () => number; restore: () => void } {
  const scratch = new LibsqlDatabase(':memory:');
  const statementPrototype = Object.getPrototypeOf(scratch.prepare('SELECT 1')) as Record<string, unknown>;
  scratch.close();
  let total = 0;
  let depth = 0;
  let outerStart: NodeJS.CpuUsage = { user: 0, system: 0 };
  const restores: (() => void)[] = [];
  const wrap = (target: Record<string, unknown>, name: string) => {
    const original = target[name] as (...args: unknown[]) => unknown;
    target[name] = function (this: unknown, ...args: unknown[]) {
      if (depth++ === 0) outerStart = process.cpuUsage();
      try {
        return original.apply(this, args);
      } finally {
        if (--depth === 0) {
          // CPU time, as the request's total is: wall time would also count waiting for a core on
          // a loaded machine, subtract too much, and even send the layer figure below zero.
          const used = process.cpuUsage(outerStart);
          total += (used.user + used.system) / 1000;
        }
      }
    };
    restores.push(() => (target[name] = original));
  };
  for (const name of ['prepare', 'exec']) wrap(LibsqlDatabase.prototype as unknown as Record<string, unknown>, name);
  for (const name of ['run', 'get', 'all']) wrap(statementPrototype, name);
  return { ms: () => total, restore: () => restores.forEach((r) => r()) };
}

export interface CpuStats {
  /** CPU outside SQLite per request (ms). */
  layerP50: number;
  layerP99: number;
  /** All CPU per request (ms). */
  totalP50: number;
}

/** `measure` of in-process requests, with each request's CPU split into SQLite and the rest. */
export async function measureInProcess(yoga: Yoga, body: string): Promise<{ stats: Stats; cpu: CpuStats }> {
  const layer: number[] = [];
  const total: number[] = [];
  let counting = false;
  const sqlite = timeSqlite();
  try {
    const stats = await measure(async () => {
      const cpu = process.cpuUsage();
      const inSqlite = sqlite.ms();
      await inProcess(yoga, body);
      const used = process.cpuUsage(cpu);
      if (!counting) return;
      const cpuMs = (used.user + used.system) / 1000;
      total.push(cpuMs);
      layer.push(cpuMs - (sqlite.ms() - inSqlite));
    }, seconds, () => (counting = true));
    layer.sort((a, b) => a - b);
    total.sort((a, b) => a - b);
    return { stats, cpu: { layerP50: percentile(layer, 50), layerP99: percentile(layer, 99), totalP50: percentile(total, 50) } };
  } finally {
    sqlite.restore();
  }
}

/** A CPU profile of `runs` in-process requests, and the functions with the most self time. */
export async function profile(yoga: Yoga, query: BenchQuery, label: string, runs = 300): Promise<string> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const body = bodyOf(query.query);
  for (let i = 0; i < runs; i++) await inProcess(yoga, body);
  const { profile: cpuProfile } = await session.post('Profiler.stop');
  session.disconnect();
  const dir = join(cacheDir, 'profiles');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${label}-${query.key}.cpuprofile`);
  writeFileSync(file, JSON.stringify(cpuProfile));
  const self = new Map<string, number>();
  const nodes = cpuProfile.nodes;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const deltas = cpuProfile.timeDeltas ?? [];
  (cpuProfile.samples ?? []).forEach((id, i) => {
    const node = byId.get(id)!;
    const where = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '').replace(`file://${root}/`, '')}:${node.callFrame.lineNumber + 1}`;
    self.set(where, (self.get(where) ?? 0) + (deltas[i] ?? 0));
  });
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 12);
  return `Profile ${file} (${runs} requests):\n${top.map(([f, us]) => `  ${((us / totalUs) * 100).toFixed(1).padStart(5)} %  ${f}`).join('\n')}`;
}
