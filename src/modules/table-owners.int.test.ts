import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/test-app.js';
import type { Database } from '../platform/db/database.js';
import { registerModules, tableOwners } from '../platform/modules/registry.js';
import { domainModules } from './index.js';

/** Tables the platform itself writes: the audit trail, sessions, signatures, replay keys, reference data, migrations. */
const platformTables = [
  'audit_events',
  'idempotency_keys',
  'kysely_migration',
  'kysely_migration_lock',
  'sessions',
  'signatures',
  'tmf_artifacts',
];

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  registerModules(domainModules({ secureCookies: false }));
});
afterAll(() => database.close());

it('gives every table of the migrations one owner: a module manifest or the platform', async () => {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'
  `.execute(database.db);
  const unowned = rows.map((row) => row.table_name).filter((table) => !tableOwners().has(table) && !platformTables.includes(table));
  expect(unowned).toEqual([]);
  expect(platformTables.filter((table) => tableOwners().has(table))).toEqual([]);
});
