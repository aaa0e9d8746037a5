import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { backgroundJobs } from '../../src/background-jobs.js';
import { openEmbedded, openPostgres } from '../../src/platform/db/database.js';
import { prepareDatabase } from '../../src/platform/db/prepare-database.js';
import { prepareJobQueues } from '../../src/platform/jobs/job-queue.js';
import { recreatePostgresDatabase } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseKind: 'embedded' | 'postgresql';
    /** PostgreSQL: the migrated test database. Embedded: a dump of a migrated data directory. */
    databaseSource: string;
  }
}

/**
 * Migrates one database for the whole run. PostgreSQL: a fresh database that test files share
 * (each test makes its own rows). Embedded: initdb and migrations run once into a template
 * that every test file loads in well under a second.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    await recreatePostgresDatabase(url);
    const database = openPostgres(url, 2);
    await prepareDatabase(database.db);
    await prepareJobQueues(database.db, backgroundJobs);
    await database.close();
    project.provide('databaseKind', 'postgresql');
    project.provide('databaseSource', url);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'trialdesk-template-'));
  const database = await openEmbedded({});
  await prepareDatabase(database.db);
  await prepareJobQueues(database.db, backgroundJobs);
  const pglite = database.pglite;
  if (!pglite) throw new Error('embedded database without PGlite');
  const dump = await pglite.dumpDataDir('none');
  await database.close();
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('databaseKind', 'embedded');
  project.provide('databaseSource', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
