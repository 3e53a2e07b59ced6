// Child processes and ports for dev scripts, benchmarks and tests: a free loopback port, commands run
// to completion or started and awaited until they say they are ready. Each child gets its own process
// group, so stopping it also stops what it started (scripts/start.ts → wrangler → workerd), and every
// child still running when this process exits is stopped then, whatever made it exit.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** wrangler's CLI, to run with this Node (`process.execPath`) rather than through npx. */
export const wranglerBin = join(dirname(createRequire(import.meta.url).resolve('wrangler/package.json')), 'bin/wrangler.js');

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
let stopOnExitInstalled = false;

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Sends `signal` to the child's process group; a group that is already gone is not an error. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* gone */
  }
}

export interface SpawnOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Default: stdin ignored, stdout and stderr piped. */
  stdio?: StdioOptions;
}

/** Spawns `command` in its own process group (environment: ours plus `env`), stopped when this process exits. */
export function spawnInGroup(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  if (!stopOnExitInstalled) {
    stopOnExitInstalled = true;
    process.on('exit', () => {
      for (const child of running) if (!hasExited(child)) signalGroup(child, 'SIGTERM');
    });
  }
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** SIGTERM to the child's process group, SIGKILL if it is still running `killAfterMs` later; resolves once it exited. */
export function stopProcess(child: ChildProcess, killAfterMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (hasExited(child)) return resolve();
    const kill = setTimeout(() => signalGroup(child, 'SIGKILL'), killAfterMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      clearTimeout(kill);
      resolve();
    }
  });
}

/** Collects a child's stdout and stderr, interleaved as they arrive. */
function collectOutput(child: ChildProcess, onData?: (output: string) => void): () => string {
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    onData?.(output);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => output;
}

/** Runs a command to completion (SIGKILL to its group after `timeoutMs`) and returns its exit code and output. */
export function runProcess(
  command: string,
  args: string[],
  options: Omit<SpawnOptions, 'stdio'> & { timeoutMs: number },
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawnInGroup(command, args, options);
    const output = collectOutput(child);
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), options.timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output() });
    });
  });
}

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts a command and resolves once its output matches `ready`; if it exits or times out first, stops it and rejects with its output. */
export async function startProcess(
  command: string,
  args: string[],
  options: Omit<SpawnOptions, 'stdio'> & { ready: RegExp; timeoutMs?: number },
): Promise<RunningProcess> {
  const child = spawnInGroup(command, args, options);
  const timeoutMs = options.timeoutMs ?? 60_000;
  let onOutput: (output: string) => void = () => {};
  const output = collectOutput(child, (text) => onOutput(text));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${options.ready}:\n${output().slice(-2000)}`)),
        timeoutMs,
      );
      onOutput = (text) => {
        if (!options.ready.test(text)) return;
        clearTimeout(timer);
        resolve();
      };
      onOutput(output());
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${command} exited with ${code}:\n${output().slice(-2000)}`));
      });
    });
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { child, output, stop: () => stopProcess(child) };
}
