import type { Database } from './database.ts';
import { migrateDatabase } from './migrate.ts';
import { seedDatabase } from './seed.ts';

/** Creates, migrates and seeds a database; cheap and idempotent, so every start runs it. */
export async function prepareDatabase(db: Database, log: (line: string) => void = console.log): Promise<void> {
  await migrateDatabase(db);
  const { countries, articles } = await seedDatabase(db);
  const created = articles.filter((a) => a.status === 'created').length;
  if (countries || created) log(`Seeded ${countries} countries and ${created} sample articles.`);
}
