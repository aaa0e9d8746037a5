import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type DataDirLock, lockDataDir } from './data-dir-lock.js';
import { embeddedTemplatePath, templateToLoad } from './embedded-template.js';
import type { DB } from './schema.js';
import { type SharedConnection, sharedConnection } from './shared-connection.js';

// `date` columns stay 'YYYY-MM-DD' strings: a JS Date would shift them across time zones.
pg.types.setTypeParser(1082, (value) => value);

export type DatabaseKind = 'embedded' | 'postgresql';

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** Where the data lives, for the start-up log line (no credentials). */
  location: string;
  /** The embedded engine itself, for dumps in tests; absent on PostgreSQL. */
  pglite?: PGlite;
  /**
   * Embedded only: how bulk work shares the one connection. Use bulkTransaction() and
   * skipBehindBulkWork() (bulk-transaction.ts) rather than this.
   */
  embedded?: EmbeddedConnection;
  close(): Promise<void>;
}

export interface EmbeddedConnection {
  /** A Kysely whose transactions take the connection per statement: the bulk transaction's. */
  bulkDb: Kysely<DB>;
  connection: SharedConnection;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl)
    : openEmbedded({ dataDir: options.dataDir, template: embeddedTemplatePath });
}

export function openPostgres(databaseUrl: string, poolSize = 10): Database {
  // JIT compiles a query whose estimated cost passes jit_above_cost, which a search's generic
  // estimate does: hundreds of milliseconds of compiling for a query that runs in a few. The API
  // runs short queries only (docs/architecture.md, "Search").
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 10_000, options: '-c jit=off' });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgresql', location: describeUrl(databaseUrl), close: () => db.destroy() };
}

export interface EmbeddedOptions {
  /** A directory on disk, or undefined for an in-memory database (tests). */
  dataDir?: string;
  /** A dumped data directory to start from (tests load a migrated template). */
  loadDataDir?: Blob;
  /** A dump file to start `dataDir` from when it holds no database yet (see embedded-template.ts). */
  template?: string;
}

export async function openEmbedded(options: EmbeddedOptions): Promise<Database> {
  const lock: DataDirLock | undefined = options.dataDir ? lockDataDir(options.dataDir) : undefined;
  try {
    const pgdata = options.dataDir ? `${options.dataDir}/pgdata` : undefined;
    const template = pgdata && options.template ? templateToLoad(pgdata, options.template) : undefined;
    // Search uses pg_trgm's trigram indexes (migrations/0010_search_trigram.sql); PGlite ships
    // it as an extension that must be loaded at every start, like PostgreSQL's shared library.
    const pglite = await PGlite.create({ dataDir: pgdata, loadDataDir: options.loadDataDir ?? template, extensions: { pg_trgm } });
    // PGlite is one session: shared-connection.ts hands it to one statement or transaction at a
    // time, and lets reads in between a bulk transaction's statements (ADR 0014).
    const connection = sharedConnection(pglite);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: connection.pool }) });
    const bulkDb = new Kysely<DB>({ dialect: new PostgresDialect({ pool: connection.bulkPool }) });
    return {
      db,
      kind: 'embedded',
      location: options.dataDir ?? 'memory',
      pglite,
      embedded: { bulkDb, connection },
      async close() {
        await bulkDb.destroy();
        await db.destroy();
        await pglite.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

function describeUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return 'postgresql';
  }
}
