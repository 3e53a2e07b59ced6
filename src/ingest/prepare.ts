import { retryBusy } from '../db/busy.ts';
import type { Database } from '../db/database.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { seedDatabase } from './seed.ts';

/**
 * Creates, migrates and seeds a database; cheap and idempotent, so every start runs it. Processes
 * that start together on one fresh file (a server and CLI ingests) may all find a migration
 * pending; whichever commits second fails (busy, or "table already exists") and tries again,
 * finding nothing left to do.
 */
export async function prepareDatabase(db: Database, log: (line: string) => void = console.log): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await retryBusy(() => migrateDatabase(db));
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  const { countries, articles } = await seedDatabase(db);
  const created = articles.filter((a) => a.status === 'created').length;
  if (countries || created) log(`Seeded ${countries} countries and ${created} sample articles.`);
}
