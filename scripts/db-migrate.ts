// `npm run db:migrate`: applies migrations/ to LIBSQL_DB_URL (default file:data/newsgraph.db) and seeds it.
import { openDatabase } from '../src/db/node.ts';
import { prepareDatabase } from '../src/ingest/prepare.ts';

const db = openDatabase();
await prepareDatabase(db);
console.log('Database is migrated and seeded.');
db.$client.close();
