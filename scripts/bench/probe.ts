// Probing: a query that takes minutes must not take the bench down with it.
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openDatabase } from '../../src/db/node.ts';
import { ResolutionCache } from '../../src/search/resolution-cache.ts';
import { createYogaApp } from '../../src/yoga.ts';
import { signalGroup, spawnInGroup } from '../../tools/processes.ts';
import { benchQueries } from '../bench-queries.ts';
import { log, root } from './settings.ts';
import { bodyOf, inProcess, parseResult } from './servers.ts';

// Probing: a query that takes minutes must not take the bench down with it

/**
 * Runs each benchmark query once in a child process (`--probe`), allowing `limitSeconds` each: a
 * synchronous SQLite statement cannot be interrupted in-process, a child can be killed. Returns
 * each query's time in ms, or null when it did not finish in time (those are not measured).
 */
export interface Probe {
  ms: number;
  /** Statements of the first request in a fresh process (references not cached yet) and of the second. */
  cold: number;
  statements: number;
}

export async function probeQueries(url: string, limitSeconds: number): Promise<Map<string, Probe | null>> {
  const times = new Map<string, Probe | null>();
  let remaining = benchQueries.map((q) => q.key);
  while (remaining.length) {
    const child = spawnInGroup(process.execPath, ['--import', 'tsx', join(root, 'scripts/bench.ts'), '--probe', url, '--probe-keys', remaining.join(',')], { cwd: root });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    let first: { ms: number; cold: number } | null = null;
    const timedOut = await new Promise<boolean>((done) => {
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          signalGroup(child, 'SIGKILL');
          done(true);
        }, limitSeconds * 1000);
      };
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const cold = /^COLD (\S+) ([\d.]+) (\d+)$/.exec(line);
        const warm = /^WARM (\S+) (\d+)$/.exec(line);
        if (line === 'READY') arm();
        else if (cold) {
          first = { ms: Number(cold[2]), cold: Number(cold[3]) };
          arm();
        } else if (warm && first) {
          times.set(warm[1]!, { ...first, statements: Number(warm[2]) });
          remaining = remaining.filter((k) => k !== warm[1]);
          first = null;
          arm();
        }
      });
      child.on('exit', () => {
        clearTimeout(timer);
        done(false);
      });
    });
    if (timedOut) {
      const [stuck, ...rest] = remaining;
      times.set(stuck!, null);
      log(`${stuck}: one request took over ${limitSeconds} s; not measured`);
      remaining = rest;
    } else if (remaining.length) {
      throw new Error(`probe failed on ${remaining[0]}: ${stderr.slice(-500)}`);
    }
  }
  return times;
}

/**
 * The child's side: each query twice, printing the first request's time and the statements of both
 * (counted with onQuery): the first with its entity references not yet cached, the second warm.
 */
export async function runProbe(url: string, keys: string[]) {
  let statements = 0;
  const db = openDatabase({ url, onQuery: () => statements++ });
  const resolutions = new ResolutionCache();
  const yoga = createYogaApp({ database: () => db, resolutions: () => resolutions });
  console.log('READY');
  for (const key of keys) {
    const query = benchQueries.find((q) => q.key === key)!;
    resolutions.clear();
    statements = 0;
    const t = performance.now();
    parseResult(await inProcess(yoga, bodyOf(query.query)));
    console.log(`COLD ${key} ${(performance.now() - t).toFixed(3)} ${statements}`);
    statements = 0;
    parseResult(await inProcess(yoga, bodyOf(query.query)));
    console.log(`WARM ${key} ${statements}`);
  }
  db.$client.close();
}
