/**
 * The BBC corpus as the eval scripts use it: its lines, the content hash ingest identifies an
 * article by (so judgements by corpus id survive a re-ingest), and a full ingest into a database.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanText } from '../src/ingest/clean.ts';
import { validateArticle } from '../src/ingest/validate.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The corpus a script was given, or the shared BBC corpus by default. The shared corpora are
 * absent on a plain checkout: then the script is skipped (exit 0); a path the caller named must
 * exist (exit 2).
 */
export function corpusOrExit(script: string, given: string | undefined): string {
  const corpus = resolve(given ?? join(root, '../shared/corpora/bbc.jsonl'));
  if (existsSync(corpus)) return corpus;
  if (given) {
    console.error(`${script}: ${corpus} not found.`);
    process.exit(2);
  }
  console.log(`${script} skipped: ${corpus} not found.`);
  process.exit(0);
}

export interface CorpusLine {
  id: string;
  title: string;
  body: string;
}

/** Every line of a JSON Lines corpus, by id. */
export function readCorpus(path: string): Map<string, CorpusLine> {
  return new Map(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as CorpusLine)
      .map((a) => [a.id, a]),
  );
}

/** The key ingest decides identity on (src/ingest/ingest.ts): SHA-256 of the title and cleaned body. */
export function contentHash(line: CorpusLine): string {
  const checked = validateArticle({ title: line.title, body: line.body });
  if ('errors' in checked) throw new Error(`${line.id} is not a valid article: ${checked.errors.join('; ')}`);
  return createHash('sha256').update(`${checked.article.title}\n${cleanText(checked.article.body)}`).digest('hex');
}

/**
 * How `npm run ingest` starts the CLI (package.json): Node strips the types itself, which costs
 * less start-up CPU than the tsx loader (the measured ingest rate includes start-up); and a young
 * generation of up to 64 MiB per semi-space, where V8's default of 16 MiB made extraction's
 * short-lived objects cost about 8% more CPU in garbage collection (BBC corpus; BENCHMARKS.md has the peak memory).
 */
export const ingestNodeArgs = ['--max-semi-space-size=64', '--experimental-strip-types', '--disable-warning=ExperimentalWarning', 'scripts/ingest.ts'];

/** `npm run ingest` of the corpus into `url`, as production loads it; returns its summary line. */
export function ingestCorpus(corpus: string, url: string): string {
  const run = spawnSync(process.execPath, [...ingestNodeArgs, corpus], {
    cwd: root,
    env: { ...process.env, LIBSQL_DB_URL: url },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  // Exit 1 means some lines were rejected: still usable, the summary says how many.
  if (run.status !== 0 && run.status !== 1) throw new Error(`npm run ingest failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  return run.stdout.trim().split('\n').at(-1) ?? '';
}
