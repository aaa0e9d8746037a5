import { readFileSync, writeFileSync } from 'node:fs';
import { openEmbedded } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { generateTableTypes, tableTypesFile } from '../platform/db/table-types.js';

// `npm run db:types`: the Kysely table types, generated from a fresh embedded database brought
// up to the latest migration (table-types.int.test.ts fails until the committed file matches).
const database = await openEmbedded({});
try {
  await migrateToLatest(database.db);
  const generated = await generateTableTypes(database.db);
  const before = readFileSync(tableTypesFile, 'utf8');
  if (generated !== before) writeFileSync(tableTypesFile, generated);
  console.log(generated === before ? 'tables.generated.ts is up to date.' : 'tables.generated.ts: rewritten from the migrations.');
} finally {
  await database.close();
}
