import type { FetchSettings } from './fetch.ts';

/** How a poll run behaves; from [vars] in the Worker and the environment on Node (same names). */
export interface PollSettings {
  fetch: FetchSettings;
  /** Requests a run may make (feeds, pages, robots.txt): the Worker's subrequest budget. */
  maxFetches: number;
  /** Entries a run turns into articles (page extraction and entity extraction are the CPU cost). */
  maxEntries: number;
  perHostConcurrency: number;
  hostDelayMs: number;
  /** Consecutive failed polls after which a source is disabled. */
  maxFailures: number;
  /** Failed attempts after which one entry is given up (its reason stays on the entry). */
  maxEntryAttempts: number;
  /** How long a run holds the sources it claimed; a crashed run's claims lapse after it. */
  leaseMs: number;
}

type Vars = Record<string, string | undefined>;

function number(vars: Vars, name: string, fallback: number): number {
  const raw = vars[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number (got ${JSON.stringify(raw)})`);
  return value;
}

export const defaultContactUrl = 'https://github.com/newsgraph/newsgraph';

/**
 * POLL_CONTACT_URL names whom a site can reach about the crawler (in the User-Agent);
 * POLL_MAX_FETCHES / POLL_MAX_ENTRIES bound one run: an entry costs ~40-50 ms of CPU (page
 * extraction and entity extraction; `npm run bench`), so 100 fit the Workers Paid plan's default
 * 30 s CPU with room to spare, and 200 fetches plus the libSQL requests stay far below its 10,000
 * subrequests (the Free plan's 10 ms CPU fits no entry: poll from Node there); POLL_HOST_DELAY_MS is
 * the pause between two requests to one host; POLL_LEASE_SECONDS how long a run that died keeps
 * its sources from other runs.
 */
export function pollSettings(vars: Vars): PollSettings {
  const contact = vars.POLL_CONTACT_URL || defaultContactUrl;
  return {
    fetch: {
      userAgent: `newsgraph/0.1 (+${contact})`,
      timeoutMs: number(vars, 'POLL_TIMEOUT_MS', 15_000),
      maxBytes: number(vars, 'POLL_MAX_BYTES', 5 * 1024 * 1024),
      maxRedirects: 5,
    },
    maxFetches: number(vars, 'POLL_MAX_FETCHES', 200),
    maxEntries: number(vars, 'POLL_MAX_ENTRIES', 100),
    perHostConcurrency: 1,
    hostDelayMs: number(vars, 'POLL_HOST_DELAY_MS', 1000),
    maxFailures: number(vars, 'POLL_MAX_FAILURES', 5),
    maxEntryAttempts: 3,
    leaseMs: number(vars, 'POLL_LEASE_SECONDS', 600) * 1000,
  };
}
