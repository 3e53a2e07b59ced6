// The ingest Worker: the extractor (learned tagger, gazetteers) and the cron poller with its HTML and
// feed parsers. They are most of the code, and an isolate parses all of its bundle before its first
// request (BENCHMARKS.md, session 10), so they live apart from the API Worker (src/worker.ts), which
// starts without them and calls ingestArticles here over its INGEST service binding (RPC).
// wrangler.ingest.toml; no public URL: reachable only through that binding and the Cron Trigger.
import { WorkerEntrypoint } from 'cloudflare:workers';
import { isDatabaseUnreachable } from './db/unreachable.ts';
import { openWebDatabase } from './db/web.ts';
import { extractMentions } from './ingest/extract.ts';
import { ingestArticles, type IngestResult } from './ingest/ingest.ts';
import { pollSources } from './sources/poller.ts';
import { pollSettings } from './sources/settings.ts';

/**
 * What an ingest call returns over RPC: the per-article results, or why there are none. RPC keeps an
 * error's message but not its type or fields, so the kind of failure travels as data and the API
 * Worker turns it into its typed GraphQL error.
 */
export type IngestReply = { results: IngestResult[] } | { failure: 'DATABASE_UNAVAILABLE' | 'NO_DATABASE' | 'INTERNAL' };

/**
 * This Worker's bindings (wrangler.ingest.toml). `npm run cf-typegen` generates the API Worker's Env
 * (with this class's RPC methods on INGEST) and the runtime types in one file; a second generated
 * file would declare those again, so the secrets here borrow the API Worker's declarations (same
 * names in both configs' [secrets]), and pollSettings reads the POLL_* vars by name.
 */
type IngestEnv = Pick<Env, 'LIBSQL_DB_URL' | 'LIBSQL_DB_AUTH_TOKEN'> & Record<`POLL_${string}`, string | undefined>;

export default class IngestWorker extends WorkerEntrypoint<IngestEnv> {
  /** The ingestArticles mutation's work (the API Worker authenticated the caller): one call, one batch. */
  async ingestArticles(inputs: unknown[]): Promise<IngestReply> {
    if (!this.env.LIBSQL_DB_URL) return { failure: 'NO_DATABASE' };
    const db = openWebDatabase(this.env.LIBSQL_DB_URL, this.env.LIBSQL_DB_AUTH_TOKEN);
    try {
      return { results: await ingestArticles(db, inputs, { extract: extractMentions }) };
    } catch (error) {
      console.error('ingest failed', error);
      return { failure: isDatabaseUnreachable(error) ? 'DATABASE_UNAVAILABLE' : 'INTERNAL' };
    }
  }

  /**
   * The Cron Trigger (wrangler.ingest.toml [triggers]): one bounded poll run over the due sources.
   * Awaited, not left to waitUntil: the run's outcome is the event's (an exception shows in the
   * logs as one), and a caller over the binding (tests/worker/sources.test.ts) returns when it is done.
   */
  override async scheduled(): Promise<void> {
    if (!this.env.LIBSQL_DB_URL) return;
    const db = openWebDatabase(this.env.LIBSQL_DB_URL, this.env.LIBSQL_DB_AUTH_TOKEN);
    await pollSources(db, { settings: pollSettings(this.env), extract: extractMentions, log: (line) => console.log(line) });
  }
}
