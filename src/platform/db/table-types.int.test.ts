import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/test-app.js';
import type { Database } from './database.js';
import { generateTableTypes, tableTypesFile } from './table-types.js';

describe('the table types', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('are the ones the migrations give (run `npm run db:types` after adding a migration)', async () => {
    const committed = readFileSync(tableTypesFile, 'utf8');
    expect(await generateTableTypes(database.db)).toBe(committed);
  });
});
