import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/test-app.js';
import { systemContext } from '../context.js';
import { bulkTransaction } from '../db/bulk-transaction.js';
import type { Database } from '../db/database.js';
import { auditRowHash } from './audit-hash.js';
import { verifyAuditChain } from './verify-audit-chain.js';
import { openAuditStage, prepareAuditEntry, writeAuditEvent } from './write-audit-event.js';

/**
 * Long work keeps its audit entries in the transaction's stage and chains them at the end: the
 * rows are those writePreparedAuditEvents would write, in the order they were kept, each hashed
 * as the verifier defines the chain (which catches a row changed later: audit-trail.int.test.ts).
 */
let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const entry = (i: number) => ({
  entityType: 'participant' as const,
  entityId: randomUUID(),
  action: 'create' as const,
  changes: [
    { field: 'subject_number', old: null, new: `STAGE-${i}` },
    { field: 'note', old: null, new: i % 2 === 0 ? 'quote " and \\ and é' : null },
  ],
  reason: i % 3 === 0 ? 'Imported from CSV' : undefined,
});

describe('an audit stage', () => {
  it('writes every kept entry, in order, chained after the rows before it', async () => {
    const ctx = { ...systemContext('audit-stage-test'), requestId: 'audit-stage-1' };
    const kept = Array.from({ length: 2345 }, (_, i) => entry(i));
    // More than one statement's worth, added in uneven pieces, as an import's chunks add them.
    await bulkTransaction(database, async (tx) => {
      const stage = await openAuditStage(tx);
      await stage.add(kept.slice(0, 7).map(prepareAuditEntry));
      await stage.add(kept.slice(7, 1300).map(prepareAuditEntry));
      await stage.add(kept.slice(1300).map(prepareAuditEntry));
      await stage.write(ctx);
      // A row written after the stage in the same transaction links to its last row.
      await writeAuditEvent(tx, ctx, { entityType: 'study', entityId: randomUUID(), action: 'update', changes: [] });
    });
    const rows = await database.db.selectFrom('audit_events').selectAll().where('request_id', '=', ctx.requestId).orderBy('seq').execute();
    expect(rows).toHaveLength(kept.length + 1);
    expect(rows.slice(0, kept.length).map((r) => r.entity_id)).toEqual(kept.map((e) => e.entityId));
    expect(rows[42]?.changes).toEqual(kept[42]?.changes);
    expect(rows[42]?.reason).toBe('Imported from CSV');
    expect(rows[43]?.reason).toBeNull();
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    expect(await verifyAuditChain(database.db)).toMatchObject({ whole: true });
  });

  it('writes nothing when the transaction rolls back, and leaves no stage behind', async () => {
    const ctx = { ...systemContext('audit-stage-test'), requestId: 'audit-stage-2' };
    await expect(
      database.db.transaction().execute(async (tx) => {
        const stage = await openAuditStage(tx);
        await stage.add([prepareAuditEntry(entry(1))]);
        await stage.write(ctx);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const written = await database.db.selectFrom('audit_events').select('seq').where('request_id', '=', ctx.requestId).execute();
    expect(written).toEqual([]);
    // A later transaction opens a fresh stage: nothing of the rolled-back one is chained again.
    await database.db.transaction().execute(async (tx) => {
      const stage = await openAuditStage(tx);
      await stage.write(ctx);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_stage`.execute(tx);
      expect(rows[0]?.n).toBe(0);
    });
  });

  it('hashes each row as the verifier defines it, so a later change to the row is caught (audit-trail.int.test.ts)', async () => {
    const ctx = { ...systemContext('audit-stage-test'), requestId: 'audit-stage-3' };
    await database.db.transaction().execute(async (tx) => {
      const stage = await openAuditStage(tx);
      await stage.add([entry(1), entry(2), entry(3)].map(prepareAuditEntry));
      await stage.write(ctx);
    });
    const [first] = await database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('request_id', '=', ctx.requestId)
      .orderBy('seq')
      .execute();
    if (!first) throw new Error('no row written');
    // Its hash is the chain's definition of the row as stored.
    expect(
      auditRowHash(first.prev_hash, {
        seq: first.seq,
        occurredAt: new Date(first.occurred_at).toISOString(),
        actorUserId: first.actor_user_id,
        actorLabel: first.actor_label,
        entityType: first.entity_type,
        entityId: first.entity_id,
        action: first.action,
        changes: first.changes,
        reason: first.reason,
        requestId: first.request_id,
      }),
    ).toBe(first.hash);
  });
});
