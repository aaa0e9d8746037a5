import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, makeStudy, makeUser } from '../../../test/support/factories.js';
import { client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { insertOrganization } from '../../modules/organizations/organization.repo.js';
import { writeAuditEvent } from '../audit/write-audit-event.js';
import { systemContext } from '../context.js';
import { bulkTransaction } from './bulk-transaction.js';
import type { DB } from './schema.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A promise the test resolves: the bulk work waits on it between its statements. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** What bulk work writes: a row and its audit event, in the caller's transaction. */
async function addOrganization(tx: Kysely<DB>, name: string): Promise<string> {
  const row = await insertOrganization(tx, { name, kind: 'sponsor', country: null });
  await writeAuditEvent(tx, systemContext('bulk-test'), { entityType: 'organization', entityId: row.id, action: 'create', changes: [] });
  return row.id;
}

const namedLike = (prefix: string) =>
  t.database.db.selectFrom('organizations').select('name').where('name', 'like', `${prefix}%`).orderBy('name').execute();

async function auditSeqOf(entityId: string): Promise<bigint> {
  const row = await t.database.db.selectFrom('audit_events').select('seq').where('entity_id', '=', entityId).executeTakeFirstOrThrow();
  return BigInt(row.seq);
}

/**
 * Starts bulk work that writes one organization, then waits for `resume` before it writes a
 * second one and, when told to, fails. Resolves `paused` once the first write is done.
 */
function pausedBulk(prefix: string, outcome: 'commit' | 'fail') {
  const paused = gate();
  const resume = gate();
  const done = bulkTransaction(t.database, async (tx) => {
    await addOrganization(tx, `${prefix} 1`);
    paused.open();
    await resume.opened;
    const secondId = await addOrganization(tx, `${prefix} 2`);
    if (outcome === 'fail') throw new Error('the bulk work fails');
    return secondId;
  });
  return { paused: paused.opened, resume: resume.open, done };
}

describe('bulkTransaction', () => {
  it('lets other statements read while it is open, and another transaction write once it has committed', async () => {
    const prefix = `bulk ${randomUUID()}`;
    const bulk = pausedBulk(prefix, 'commit');
    await bulk.paused;

    // These complete while the bulk work waits: were they behind it, the test would never end.
    const seen = await namedLike(prefix);
    // The embedded database is one session: its reads see the open transaction's rows (ADR 0014).
    expect(seen.map((row) => row.name)).toEqual(t.database.kind === 'embedded' ? [`${prefix} 1`] : []);
    expect(await t.database.db.selectFrom('studies').select('id').limit(1).execute()).toBeInstanceOf(Array);

    const other = makeOrganization(t.database.db, 'site', `${prefix} other`);
    // A failing read between the bulk's statements fails alone; the bulk transaction carries on.
    await expect(sql`select 1 / 0`.execute(t.database.db)).rejects.toThrow(/division by zero/);
    bulk.resume();
    const secondId = await bulk.done;
    const written = await other;

    // The other write came after the bulk's last one: it waited for the commit (on PostgreSQL,
    // for the audit chain's lock, which the bulk transaction holds until then).
    expect(await auditSeqOf(written.id)).toBeGreaterThan(await auditSeqOf(secondId));
    expect((await namedLike(prefix)).map((row) => row.name)).toEqual([`${prefix} 1`, `${prefix} 2`, `${prefix} other`]);
  });

  it('leaves nothing when its work fails, and a write that waited for it then succeeds', async () => {
    const prefix = `bulk ${randomUUID()}`;
    const bulk = pausedBulk(prefix, 'fail');
    await bulk.paused;
    const other = makeOrganization(t.database.db, 'site', `${prefix} other`);
    bulk.resume();
    await expect(bulk.done).rejects.toThrow('the bulk work fails');
    await other;
    // Had the other write run inside the bulk transaction, it would have rolled back with it.
    expect((await namedLike(prefix)).map((row) => row.name)).toEqual([`${prefix} other`]);
  });

  it('keeps savepoints working inside the bulk work, with reads between its statements', async () => {
    const prefix = `bulk ${randomUUID()}`;
    const inSavepoint = gate();
    const resume = gate();
    const done = bulkTransaction(t.database, async (tx) => {
      await addOrganization(tx, `${prefix} kept`);
      await sql`savepoint chunk`.execute(tx);
      await addOrganization(tx, `${prefix} undone`);
      inSavepoint.open();
      await resume.opened;
      await sql`rollback to savepoint chunk`.execute(tx);
      await sql`release savepoint chunk`.execute(tx);
    });
    await inSavepoint.opened;
    await namedLike(prefix);
    resume.open();
    await done;
    expect((await namedLike(prefix)).map((row) => row.name)).toEqual([`${prefix} kept`]);
  });

  it('runs one at a time: a second bulk transaction starts after the first has ended', async () => {
    const prefix = `bulk ${randomUUID()}`;
    const first = pausedBulk(`${prefix} a`, 'commit');
    await first.paused;
    const second = bulkTransaction(t.database, (tx) => addOrganization(tx, `${prefix} b`));
    first.resume();
    const [firstId, secondId] = await Promise.all([first.done, second]);
    expect(await auditSeqOf(secondId)).toBeGreaterThan(await auditSeqOf(firstId));
  });

  it('leaves normal transactions as they were: all or nothing, each alone', async () => {
    const prefix = `tx ${randomUUID()}`;
    await expect(
      t.database.db.transaction().execute(async (tx) => {
        await addOrganization(tx, `${prefix} gone`);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await Promise.all([
      t.database.db.transaction().execute((tx) => addOrganization(tx, `${prefix} a`)),
      t.database.db.transaction().execute((tx) => addOrganization(tx, `${prefix} b`)),
    ]);
    expect((await namedLike(prefix)).map((row) => row.name)).toEqual([`${prefix} a`, `${prefix} b`]);
  });

  it('answers another user’s GET /api/studies while it runs; the session’s last-seen time is written after it', async () => {
    const sponsor = await makeOrganization(t.database.db, 'sponsor');
    await makeStudy(t.database.db, { sponsorOrgId: sponsor.id });
    const manager = await makeUser(t.database.db, sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: sponsor.id }]);
    const api = client(t.app, manager.cookie);
    const lastSeen = async () =>
      (await t.database.db.selectFrom('sessions').select('last_seen_at').where('user_id', '=', manager.user.id).executeTakeFirstOrThrow())
        .last_seen_at;
    const before = await lastSeen();
    // Past the interval after which a request writes the session's last-seen time.
    t.clock.advance(5 * 60 * 1000);

    const paused = gate();
    const resume = gate();
    const done = bulkTransaction(t.database, async (tx) => {
      await addOrganization(tx, `bulk ${randomUUID()}`);
      paused.open();
      await resume.opened;
    });
    await paused.opened;
    const during = await api.get('/api/studies');
    expect(during.statusCode).toBe(200);
    expect(during.json().items).toHaveLength(1);
    // The embedded database drops that write rather than wait; PostgreSQL needs not wait for it.
    if (t.database.kind === 'embedded') expect(await lastSeen()).toEqual(before);
    else expect(await lastSeen()).not.toEqual(before);
    const created = api.post('/api/studies', {
      sponsorOrgId: sponsor.id,
      protocolNumber: `P-${randomUUID().slice(0, 8)}`,
      title: 'Written after the bulk work',
      shortName: 'AFTER',
      phase: 'phase_2',
      plannedFpiDate: '2027-01-04',
      plannedLpiDate: '2027-12-20',
    });
    resume.open();
    await done;
    expect((await created).statusCode).toBe(201);
    expect((await api.get('/api/studies')).json().items).toHaveLength(2);
    expect(await lastSeen()).not.toEqual(before);
  });
});
