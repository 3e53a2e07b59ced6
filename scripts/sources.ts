/**
 * `npm run sources -- <command>`: manages the polled sources in LIBSQL_DB_URL (the CLI twin of the
 * admin GraphQL API: addSource, updateSource, removeSource, sources).
 *
 *   add URL [--kind feed|page] --name NAME [--language en] [--every 15m]
 *   list                                      id, kind, state, health, url
 *   update <id|url> [--name …] [--language …] [--every …] [--enable | --disable] [--url …]
 *   remove <id|url>
 */
import { addSource, findSourceId, listSources, removeSource, SourceError, updateSource, type Source } from '../src/sources/store.ts';
import { failWithUsage, parseCliArgs, runDatabaseCommand } from './cli.ts';

const usage = `Usage:
  npm run sources -- add URL --name NAME [--kind feed|page] [--language en] [--every 15m]
  npm run sources -- list
  npm run sources -- update <id|url> [--name NAME] [--url URL] [--language en|""] [--every 1h] [--enable|--disable]
  npm run sources -- remove <id|url>`;

function fail(message: string, code?: number): never {
  return failWithUsage(usage, message, code);
}

/** "900", "90s", "15m", "2h", "1d" → seconds. */
function seconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!match) fail(`--every ${text}: use seconds or a number with s, m, h or d (e.g. 15m)`);
  return Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
}

function describe(s: Source): string {
  const state = s.enabled ? (s.consecutiveFailures ? `failing x${s.consecutiveFailures}` : 'ok') : `disabled: ${s.disabledReason}`;
  const last = s.lastFetchedAt ? `last ${s.lastFetchedAt} (${s.lastStatus ?? 'no answer'}${s.lastError ? `: ${s.lastError}` : ''})` : 'never fetched';
  return `${s.id}\t${s.kind}\t${s.name}\t${s.url}\t${state}\t${s.articlesFound} articles, ${s.pendingEntries} pending\t${last}\tnext ${s.nextPollAt}`;
}

const { values, positionals } = parseCliArgs(
  {
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      name: { type: 'string' },
      url: { type: 'string' },
      language: { type: 'string' },
      every: { type: 'string' },
      enable: { type: 'boolean' },
      disable: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  },
  usage,
);
const [command, ...rest] = positionals;
if (!command) fail('');

await runDatabaseCommand(usage, SourceError, async (db) => {
  const sourceRef = async () => {
    if (rest.length !== 1) fail(`${command} needs one <id|url>`);
    const id = await findSourceId(db, rest[0]!);
    if (id === null) fail(`No source "${rest[0]}".`, 1);
    return id;
  };
  if (command === 'add') {
    if (rest.length !== 1) fail('add needs one URL');
    if (!values.name) fail('add needs --name');
    const source = await addSource(db, {
      url: rest[0]!,
      kind: values.kind ?? 'feed',
      name: values.name,
      language: values.language,
      pollEverySeconds: seconds(values.every),
    });
    console.log(`Added source ${source.id} (${source.kind}) ${source.url}: due now; \`npm run poll\` fetches it.`);
  } else if (command === 'list') {
    const all = await listSources(db);
    if (!all.length) console.log('No sources.');
    for (const s of all) console.log(describe(s));
  } else if (command === 'update') {
    if (values.enable && values.disable) fail('pass --enable or --disable, not both');
    const id = await sourceRef();
    const source = await updateSource(db, id, {
      url: values.url,
      kind: values.kind,
      name: values.name,
      language: values.language,
      pollEverySeconds: seconds(values.every),
      enabled: values.enable ? true : values.disable ? false : undefined,
    });
    if (!source) fail(`No source "${rest[0]}".`, 1);
    console.log(describe(source));
  } else if (command === 'remove') {
    const id = await sourceRef();
    if (!(await removeSource(db, id))) fail(`No source "${rest[0]}".`, 1);
    console.log(`Removed source ${id}; its articles stay.`);
  } else {
    fail(`Unknown command "${command}".`);
  }
});
