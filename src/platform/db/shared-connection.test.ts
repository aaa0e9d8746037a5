import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SharedConnection, SkippedBehindBulkWork, sharedConnection } from './shared-connection.js';

// The arbiter alone, on an in-memory PGlite with a short wait bound; bulk-transaction.int.test.ts
// covers it under the app on both databases.
let pglite: PGlite;
let connection: SharedConnection;
let db: Kysely<Record<string, never>>;
let bulkDb: Kysely<Record<string, never>>;

beforeAll(async () => {
  pglite = await PGlite.create();
  connection = sharedConnection(pglite, 200);
  db = new Kysely({ dialect: new PostgresDialect({ pool: connection.pool }) });
  bulkDb = new Kysely({ dialect: new PostgresDialect({ pool: connection.bulkPool }) });
  await sql`create table notes (body text not null)`.execute(db);
  // Starting PGlite takes seconds on a busy machine.
}, 60_000);
afterAll(async () => {
  await bulkDb.destroy();
  await db.destroy();
  await pglite.close();
});

function resolvers() {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

const bulk = <T>(work: (tx: Kysely<Record<string, never>>) => Promise<T>) =>
  connection.asBulkWork(() => bulkDb.transaction().execute(work));

describe('sharedConnection', () => {
  it('fails a query on db inside a transaction callback instead of waiting for ever', async () => {
    await expect(
      db.transaction().execute(async () => {
        await sql`select 1`.execute(db);
      }),
    ).rejects.toThrow(/use its `tx`/);
    expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }]);
  });

  it('fails at once a write on db inside bulk work, and a bulk transaction inside another', async () => {
    await expect(bulk(() => sql`insert into notes values ('x')`.execute(db))).rejects.toThrow(/inside bulkTransaction work/);
    await expect(bulk(() => bulk(async () => 1))).rejects.toThrow(/inside bulkTransaction work/);
    // A read on db inside the work runs, in the bulk transaction.
    expect(
      await bulk(async (tx) => {
        await sql`insert into notes values ('seen')`.execute(tx);
        return (await sql<{ body: string }>`select body from notes where body = 'seen'`.execute(db)).rows;
      }),
    ).toEqual([{ body: 'seen' }]);
  });

  it('drops bookkeeping writes while bulk work runs, and runs them otherwise', async () => {
    const opened = resolvers();
    const resume = resolvers();
    const done = bulk(async (tx) => {
      await sql`insert into notes values ('bulk')`.execute(tx);
      opened.resolve();
      await resume.promise;
    });
    await opened.promise;
    await expect(connection.skippingBehindBulkWork(() => sql`insert into notes values ('dropped')`.execute(db))).rejects.toThrow(
      SkippedBehindBulkWork,
    );
    resume.resolve();
    await done;
    await connection.skippingBehindBulkWork(() => sql`insert into notes values ('kept')`.execute(db));
    const bodies = (await sql<{ body: string }>`select body from notes order by body`.execute(db)).rows.map((row) => row.body);
    expect(bodies).toContain('kept');
    expect(bodies).toContain('bulk');
    expect(bodies).not.toContain('dropped');
  });

  it('keeps other sessions out while a bulk statement has failed, until the work rolls back', async () => {
    const failed = resolvers();
    const resume = resolvers();
    const done = bulk(async (tx) => {
      await sql`insert into notes values ('rolled back')`.execute(tx);
      await sql`select 1 / 0`.execute(tx).catch(() => failed.resolve());
      await resume.promise;
      throw new Error('the work gives up');
    });
    await failed.promise;
    // The transaction is aborted: this read waits for its end instead of failing in it.
    const read = sql<{ body: string }>`select body from notes where body = 'rolled back'`.execute(db);
    resume.resolve();
    await expect(done).rejects.toThrow('the work gives up');
    expect((await read).rows).toEqual([]);
  });
});
