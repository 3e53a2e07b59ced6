// globalSetup of the workerd project: the ingest Worker (src/ingest-worker.ts) built as `npm run
// deploy` builds it (wrangler.ingest.toml), for vitest.config.ts to run beside the API Worker under
// test as the auxiliary Worker its INGEST service binding names. Auxiliary Workers take a built
// script, not sources.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { runProcess, wranglerBin } from '../../tools/processes.ts';

export default async function setup(project: TestProject): Promise<() => void> {
  const outdir = mkdtempSync(join(tmpdir(), 'newsgraph-ingest-worker-'));
  const build = await runProcess(process.execPath, [wranglerBin, 'deploy', '--dry-run', '-c', 'wrangler.ingest.toml', '--outdir', outdir], {
    env: { WRANGLER_SEND_METRICS: 'false' },
    timeoutMs: 120_000,
  });
  if (build.code !== 0) throw new Error(`building the ingest Worker failed:\n${build.output}`);
  project.provide('ingestWorkerScript', join(outdir, 'ingest-worker.js'));
  return () => rmSync(outdir, { recursive: true, force: true });
}
