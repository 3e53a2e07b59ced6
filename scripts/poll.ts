/**
 * `npm run poll [-- --watch]`: polls the due sources in LIBSQL_DB_URL once (the Worker's Cron
 * Trigger does the same at the edge: src/sources/poller.ts is shared), or keeps polling with
 * --watch: another run at once while a run stopped at its budget, else every --interval (60 s).
 * Settings from the environment: POLL_CONTACT_URL, POLL_MAX_FETCHES, POLL_MAX_ENTRIES,
 * POLL_HOST_DELAY_MS, POLL_TIMEOUT_MS, POLL_MAX_BYTES, POLL_MAX_FAILURES (README, "Sources").
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/node.ts';
import { prepareDatabase } from '../src/ingest/prepare.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { pollSources } from '../src/sources/poller.ts';
import { pollSettings } from '../src/sources/settings.ts';

const { values } = parseArgs({ options: { watch: { type: 'boolean' }, interval: { type: 'string', default: '60' } } });
const intervalMs = Number(values.interval) * 1000;
if (!(intervalMs > 0)) {
  console.error('--interval must be a positive number of seconds');
  process.exit(2);
}

const settings = pollSettings(process.env);
const db = openDatabase();
await prepareDatabase(db, () => {});

let stopping = false;
let wake: () => void = () => {};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // Finish the run in progress (its leases, its entries), then exit.
    stopping = true;
    wake();
  });
}

let failed = false;
do {
  try {
    const report = await pollSources(db, { settings, extract: extractMentions, log: (line) => console.log(line) });
    if (report.more) continue;
  } catch (error) {
    failed = true;
    console.error('poll: the run failed:', error);
  }
  if (!values.watch || stopping) break;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, intervalMs);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
} while (values.watch && !stopping);
db.$client.close();
process.exit(failed && !values.watch ? 1 : 0);
