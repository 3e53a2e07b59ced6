// The bench's options, folders and progress log, shared by its modules.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const usage = `Usage: npm run bench -- [--quick] [--db file:path] [--sizes 10000,100000] [--seed 1] [--seconds 3] [--rebuild] [--no-worker] [--no-poll] [--profile]`;

export const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    db: { type: 'string' },
    sizes: { type: 'string' },
    seed: { type: 'string', default: '1' },
    seconds: { type: 'string' },
    rebuild: { type: 'boolean', default: false },
    'no-worker': { type: 'boolean', default: false },
    'no-poll': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    /** Internal: run each benchmark query once against this database and print its time (see probeQueries). */
    probe: { type: 'string' },
    'probe-keys': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (options.help) {
  console.log(usage);
  process.exit(0);
}

export const root = resolve(import.meta.dirname, '../..');
export const cacheDir = join(root, 'bench/.cache');
export const seed = Number(options.seed);
export const sizes = (options.sizes ?? (options.quick ? '10000' : '10000,100000')).split(',').map(Number);
/** Wall time each latency measurement may take (at least `minIterations` requests are made anyway). */
export const seconds = Number(options.seconds ?? (options.quick ? 2 : 4));
export const minIterations = 10;
/** A benchmark query whose single request takes longer than this is reported, not measured. */
export const probeLimit = options.quick ? 10 : 30;
if (!Number.isInteger(seed) || sizes.some((n) => !Number.isInteger(n) || n < 1) || !(seconds > 0)) {
  console.error(usage);
  process.exit(2);
}
mkdirSync(cacheDir, { recursive: true });
export const started = performance.now();
export const log = (line: string) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

// Every child process (servers, wrangler, probes) is stopped on the way out, whatever happens
// (tools/processes.ts does it on exit: SIGTERM to its process group, so that scripts/start.ts still
// stops wrangler and workerd); a signal exits through there too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
