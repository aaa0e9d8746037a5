import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import { type Database, openEmbedded, openPostgres } from '../src/platform/db/database.js';
import { prepareDatabase } from '../src/platform/db/prepare-database.js';

export const defaultBenchDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/trialdesk_bench';

export interface BenchDatabase {
  database: Database;
  /** A second pool on the same database, for the query recorder (see query-recorder.ts). */
  newPool(): pg.Pool;
  /** Closes the database and removes what the benchmark created on disk. */
  dispose(): Promise<void>;
}

/** A fresh embedded database in a temporary directory (on disk, as a real install runs it). */
export async function openBenchEmbedded(): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'trialdesk-bench-'));
  const database = await openEmbedded({ dataDir: dir });
  await prepareDatabase(database.db);
  const pglite = database.pglite;
  if (!pglite) throw new Error('embedded database without PGlite');
  return {
    database,
    // Only used while the measured app is idle: PGlite runs one statement at a time either way.
    newPool: () => new pg.Pool({ ...createPgConfig(pglite), max: 1, connectionTimeoutMillis: 15_000 }),
    async dispose() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Drops and recreates the benchmark's own database, or explains why PostgreSQL is skipped.
 * Only a database whose name ends in `_bench` is dropped: a mistyped URL must not cost data.
 */
export async function openBenchPostgres(url: string): Promise<BenchDatabase | { skipped: string }> {
  const target = new URL(url);
  const name = target.pathname.replace(/^\//, '');
  if (!/^[a-z0-9_]+_bench$/.test(name)) {
    return { skipped: `BENCH_DATABASE_URL names database "${name}"; the benchmark only drops databases named *_bench.` };
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    return {
      skipped: `no PostgreSQL server answered at ${target.host} (${(error as Error).message}); set BENCH_DATABASE_URL or start the server (pg_ctlcluster 15 main start).`,
    };
  }
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const database = openPostgres(url);
  await prepareDatabase(database.db);
  return { database, newPool: () => new pg.Pool({ connectionString: url, max: 2 }), dispose: () => database.close() };
}
