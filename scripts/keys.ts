/**
 * `npm run keys -- <command>`: manages API keys in LIBSQL_DB_URL.
 *
 *   create --name NAME --scopes ingest[,read] [--per-minute N]   prints the key, once
 *   list                                                          id, prefix, name, scopes, limit, state
 *   revoke <id|prefix>
 */
import { ApiKeyError, apiKeyScopes, createApiKey, listApiKeys, revokeApiKey } from '../src/auth/api-keys.ts';
import { failWithUsage, parseCliArgs, runDatabaseCommand } from './cli.ts';

const usage = `Usage:
  npm run keys -- create --name NAME --scopes SCOPE[,SCOPE] [--per-minute N]    scopes: ${apiKeyScopes.join(', ')}
  npm run keys -- list
  npm run keys -- revoke <id|prefix>`;

function fail(message: string, code?: number): never {
  return failWithUsage(usage, message, code);
}

const { values, positionals } = parseCliArgs(
  {
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      scopes: { type: 'string' },
      'per-minute': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  },
  usage,
);
const [command, ...rest] = positionals;
if (!command) fail('');

// A fresh database gets its tables first (no seeding: keys need none).
await runDatabaseCommand(usage, ApiKeyError, async (db) => {
  if (command === 'create') {
    if (!values.name) fail('create needs --name');
    if (!values.scopes) fail('create needs --scopes');
    const perMinute = values['per-minute'] === undefined ? undefined : Number(values['per-minute']);
    const { key, apiKey } = await createApiKey(db, { name: values.name, scopes: values.scopes.split(','), perMinute });
    console.error(`Created key ${apiKey.id} "${apiKey.name}" (prefix ${apiKey.prefix}, scopes ${apiKey.scopes.join(',')}, ${apiKey.perMinute}/min).`);
    console.error('Store it now: it is shown only once and cannot be recovered.');
    // The key alone on stdout, so `KEY=$(npm run -s keys -- create ...)` works.
    console.log(key);
  } else if (command === 'list') {
    const keys = await listApiKeys(db);
    if (!keys.length) console.log('No API keys.');
    for (const k of keys) {
      const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
      console.log(`${k.id}\tng_${k.prefix}_…\t${k.name}\t${k.scopes.join(',')}\t${k.perMinute}/min\tcreated ${k.createdAt}\t${state}`);
    }
  } else if (command === 'revoke') {
    if (rest.length !== 1) fail('revoke needs one <id|prefix>');
    const key = await revokeApiKey(db, rest[0]!);
    if (!key) fail(`No key with id or prefix "${rest[0]}".`, 1);
    console.log(`Revoked key ${key.id} "${key.name}" (prefix ${key.prefix}) at ${key.revokedAt}.`);
  } else {
    fail(`Unknown command "${command}".`);
  }
});
