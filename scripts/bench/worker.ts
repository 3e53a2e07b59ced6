// The Workers' bundle sizes and the API Worker's cold start (the ingest Worker, wrangler.ingest.toml,
// starts only for ingests and cron ticks: its size is reported, its start is not a target).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { freePort, runProcess, signalGroup, spawnInGroup, wranglerBin } from '../../tools/processes.ts';
import { cacheDir, log, root } from './settings.ts';
import { percentile } from './measure.ts';

// Worker bundle and cold start

export function run(command: string, args: string[], timeoutMs: number, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return runProcess(command, args, { cwd: root, env, timeoutMs });
}

export interface WorkerFigures {
  bundle: string;
  bundleBytes: number | null;
  gzipBytes: number | null;
  /** The ingest Worker's bundle (ingest-worker.js). */
  ingestBundleBytes: number | null;
  ingestGzipBytes: number | null;
  coldStartBundleMs: number | null;
  /** The same with Node's own fetch and web streams loaded before the clock starts (see nodeWebGlobals). */
  coldStartBundleWebGlobalsMs: number | null;
  coldStartSrcMs: number | null;
  workerdFirstResponseMs: number | null;
  workerdTrivialMs: number | null;
  notes: string[];
}

/** Median of `times` fresh Node processes, each printing how long its imports took. */
export async function coldStart(script: string, args: string[], times = 5): Promise<number | null> {
  const results: number[] = [];
  for (let i = 0; i < times; i++) {
    const { code, output } = await run(process.execPath, [...args, '--input-type=module', '-e', script], 60_000);
    const ms = /COLD ([\d.]+)/.exec(output);
    if (code !== 0 || !ms) throw new Error(output.split('\n').slice(0, 5).join(' '));
    results.push(Number(ms[1]));
  }
  return percentile(results.sort((a, b) => a - b), 50);
}

export const workerdBin = join(dirname(createRequire(import.meta.url).resolve('workerd/package.json')), 'bin/workerd');

/** Median over `times` runs of: spawn workerd serving `module` on 127.0.0.1, until GET / answers. */
export async function workerdStart(dir: string, module: string, times = 5): Promise<number> {
  const toml = readFileSync(join(root, 'wrangler.toml'), 'utf8');
  const compatibilityDate = /compatibility_date\s*=\s*"([^"]+)"/.exec(toml)?.[1] ?? '2026-11-02';
  const results: number[] = [];
  for (let i = 0; i < times; i++) {
    const port = await freePort();
    const config = join(dir, `${module}.capnp`);
    writeFileSync(
      config,
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .w) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ]
);
const w :Workerd.Worker = (
  modules = [ (name = "${module}", esModule = embed "${module}") ],
  compatibilityDate = "${compatibilityDate}",
  bindings = [ (name = "LIBSQL_DB_URL", text = "http://127.0.0.1:9") ],
);
`,
    );
    const t = performance.now();
    const child = spawnInGroup(workerdBin, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      for (;;) {
        if (child.exitCode !== null) throw new Error(`workerd exited: ${stderr.slice(0, 200)}`);
        if (performance.now() - t > 20_000) throw new Error('workerd did not answer within 20 s');
        const status = await new Promise<number>((done) => {
          http
            .get({ host: '127.0.0.1', port, path: '/' }, (res) => {
              res.resume();
              done(res.statusCode ?? 0);
            })
            .on('error', () => done(0));
        });
        if (status === 302) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      results.push(performance.now() - t);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      signalGroup(child, 'SIGKILL');
      await exited;
    }
  }
  return percentile(results.sort((a, b) => a - b), 50);
}

/**
 * The globals @whatwg-node/fetch's browser build (the bundle's) reads at import. Node defines them
 * lazily and loads its fetch and web streams (undici, ~25 ms) on the first read, inside the bundle's
 * import; workerd has them built in. Read first, they leave the bundle's own evaluation and schema build.
 */
const nodeWebGlobals = `for (const name of ${JSON.stringify(['fetch', 'Headers', 'Request', 'Response', 'FormData', 'ReadableStream', 'WritableStream', 'TransformStream', 'CompressionStream', 'DecompressionStream', 'TextDecoderStream', 'TextEncoderStream', 'Blob', 'File', 'crypto', 'URLPattern'])}) globalThis[name];`;

/** One Worker built as `npm run build` builds it, and its size; null (with a note why) if the build failed. */
async function buildWorker(config: string, outdir: string, file: string, notes: string[]): Promise<{ bytes: number; gzipBytes: number } | null> {
  rmSync(outdir, { recursive: true, force: true });
  const build = await run(process.execPath, [wranglerBin, 'deploy', '--dry-run', '-c', config, '--outdir', outdir], 180_000, { WRANGLER_SEND_METRICS: 'false' });
  const bundle = join(outdir, file);
  if (build.code !== 0 || !existsSync(bundle)) {
    notes.push(`wrangler deploy --dry-run -c ${config} failed: ${build.output.split('\n').filter((l) => /rror|✘/.test(l)).slice(0, 2).join(' ').slice(0, 200)}`);
    return null;
  }
  const code = readFileSync(bundle);
  return { bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

export async function workerFigures(): Promise<WorkerFigures> {
  const outdir = join(cacheDir, 'worker-dist');
  const bundle = join(outdir, 'worker.js');
  const figures: WorkerFigures = { bundle, bundleBytes: null, gzipBytes: null, ingestBundleBytes: null, ingestGzipBytes: null, coldStartBundleMs: null, coldStartBundleWebGlobalsMs: null, coldStartSrcMs: null, workerdFirstResponseMs: null, workerdTrivialMs: null, notes: [] };
  log('worker bundles: wrangler deploy --dry-run (API and ingest Workers)…');
  const api = await buildWorker('wrangler.toml', outdir, 'worker.js', figures.notes);
  if (api) {
    [figures.bundleBytes, figures.gzipBytes] = [api.bytes, api.gzipBytes];
    try {
      // What an isolate does before its first request: evaluate the bundle, which builds the schema and the Yoga app.
      const timedImport = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(bundle).href)}); console.log('COLD', performance.now() - t);`;
      figures.coldStartBundleMs = await coldStart(timedImport, []);
      figures.coldStartBundleWebGlobalsMs = await coldStart(`${nodeWebGlobals} ${timedImport}`, []);
    } catch (error) {
      figures.notes.push(`bundle import in Node failed: ${(error as Error).message.slice(0, 200)}`);
    }
    try {
      // workerd itself (the runtime wrangler dev and Cloudflare use), from spawn to the first
      // response to GET / (a redirect; no database), for the bundle and for a trivial Worker:
      // the difference is what our module costs an isolate on a cold start.
      writeFileSync(join(outdir, 'trivial.js'), `export default { fetch() { return new Response(null, { status: 302 }); } };\n`);
      const ours = await workerdStart(outdir, 'worker.js');
      const trivial = await workerdStart(outdir, 'trivial.js');
      figures.workerdFirstResponseMs = ours;
      figures.workerdTrivialMs = trivial;
    } catch (error) {
      figures.notes.push(`workerd start failed: ${(error as Error).message.slice(0, 200)}`);
    }
  }
  const ingest = await buildWorker('wrangler.ingest.toml', join(cacheDir, 'ingest-worker-dist'), 'ingest-worker.js', figures.notes);
  if (ingest) [figures.ingestBundleBytes, figures.ingestGzipBytes] = [ingest.bytes, ingest.gzipBytes];
  try {
    figures.coldStartSrcMs = await coldStart(
      `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(join(root, 'src/graphql/schema.ts')).href)}); await import(${JSON.stringify(
        pathToFileURL(join(root, 'src/yoga.ts')).href,
      )}); console.log('COLD', performance.now() - t);`,
      ['--import', 'tsx'],
    );
  } catch (error) {
    figures.notes.push(`src import under tsx failed: ${(error as Error).message.slice(0, 200)}`);
  }
  return figures;
}
