// The scaffolding the scripts share: one way to parse options, report a usage error, and run a
// `<command>` against the database.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Database } from '../src/db/database.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/node.ts';

/** Prints the message (if any) and the usage to stderr and exits: 2 for a usage error, 1 when the command failed. */
export function failWithUsage(usage: string, message: string, code = 2): never {
  console.error(message ? `${message}\n\n${usage}` : usage);
  process.exit(code);
}

/** parseArgs for scripts: a bad option prints it with the usage (exit 2), --help the usage (exit 0). */
export function parseCliArgs<const T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  let args: ReturnType<typeof parseArgs<T>>;
  try {
    args = parseArgs(config);
  } catch (error) {
    failWithUsage(usage, (error as Error).message);
  }
  if ((args.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return args;
}

/**
 * Runs a subcommand script (`npm run keys -- create …`) on LIBSQL_DB_URL: migrates a fresh database
 * first (no seeding), reports the domain's own errors (`expected`) with the usage, always closes.
 */
export async function runDatabaseCommand(usage: string, expected: new (...args: never[]) => Error, run: (db: Database) => Promise<void>): Promise<void> {
  const db = openDatabase();
  try {
    await migrateDatabase(db);
    await run(db);
  } catch (error) {
    if (!(error instanceof expected)) throw error;
    failWithUsage(usage, error.message);
  } finally {
    db.$client.close();
  }
}
