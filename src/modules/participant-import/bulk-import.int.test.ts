// @module-tag today
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeParticipantWorld, type ParticipantWorld, userContext } from '../../../test/support/participant-factories.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { verifyAuditChain } from '../../platform/audit/verify-audit-chain.js';
import type { RequestContext } from '../../platform/context.js';
import { type StoredChange, scheduledVisitChanges, scheduledVisitOf } from '../audit/describe-change.js';
import { readAuditTrail } from '../audit/read-audit-trail.js';
import { type ImportProgress, importParticipants } from './import-participants.js';

let t: TestApp;
let w: ParticipantWorld;
let coordinatorContext: RequestContext;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeParticipantWorld(t.database.db, t.clock.now());
  await t.database.db.updateTable('people').set({ email: 'casey@site.example' }).where('id', '=', w.coordinatorPerson.personId).execute();
  coordinatorContext = await userContext(t.database.db, w.coordinator.user.id, t.clock.now);
});
afterAll(() => t.close());

/**
 * `count` participants, a third of each kind: on treatment with BL and W4 done (W4 of every
 * other one missed), failed at screening, and withdrawn from treatment (their treatment visits
 * from that day cancelled, follow-up kept). Named participants have an identity.
 */
function files(prefix: string, count: number) {
  const participants = [
    'subject_number,status,screened_on,consented_on,icf_version,consent_obtained_by,enrolled_on,screen_failed_on,screen_fail_reason,withdrawn_on,withdrawal_scope,withdrawal_reason,full_name',
  ];
  const visits = ['subject_number,visit_code,status,actual_date,notes'];
  for (let i = 0; i < count; i++) {
    const subject = `${prefix}-${String(i).padStart(5, '0')}`;
    const consented = w.day(-59 + (i % 25));
    const enrolled = w.day(-54 + (i % 25));
    const consent = `${consented},${consented},1.0 dated 2025-01-01,casey@site.example`;
    const name = i % 2 === 0 ? `Person ${i}` : '';
    if (i % 3 === 0) {
      participants.push(`${subject},on_treatment,${consent},${enrolled},,,,,,${name}`);
      visits.push(`${subject},BL,completed,${enrolled},`);
      visits.push(i % 2 === 0 ? `${subject},W4,completed,${w.day(-1)},"late, as planned"` : `${subject},W4,missed,,`);
    } else if (i % 3 === 1) {
      participants.push(`${subject},screen_failed,${consent},,${consented},HbA1c above range,,,,${name}`);
    } else {
      participants.push(`${subject},withdrawn,${consent},${enrolled},,,${w.day(-20)},treatment,Moved away,${name}`);
      visits.push(`${subject},BL,completed,${enrolled},`);
    }
  }
  return { participants: `${participants.join('\r\n')}\r\n`, visits: `${visits.join('\r\n')}\r\n` };
}

/** A file's bytes as a stream in small pieces, as a file on disk is read. */
const streamOf = (text: string) => {
  const bytes = Buffer.from(text);
  return Readable.from(Array.from({ length: Math.ceil(bytes.length / 4096) }, (_, i) => bytes.subarray(i * 4096, (i + 1) * 4096)));
};

async function countWritten(prefix: string, requestId: string) {
  const db = t.database.db;
  const participants = await db
    .selectFrom('participants')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('study_id', '=', w.study.id)
    .where('subject_number', 'like', `${prefix}-%`)
    .executeTakeFirstOrThrow();
  const visits = await db
    .selectFrom('participant_visits')
    .innerJoin('participants', 'participants.id', 'participant_visits.participant_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('participants.subject_number', 'like', `${prefix}-%`)
    .executeTakeFirstOrThrow();
  const audit = await db
    .selectFrom('audit_events')
    .select(['entity_type', 'action', (eb) => eb.fn.countAll<string>().as('n')])
    .where('request_id', '=', requestId)
    .groupBy(['entity_type', 'action'])
    .execute();
  return {
    participants: Number(participants.n),
    visits: Number(visits.n),
    audit: Object.fromEntries(audit.map((a) => [`${a.entity_type} ${a.action}`, Number(a.n)])),
  };
}

/**
 * Each visit's history (by visit code) as the audit trail reads it, oldest first: its creation
 * is its part of the participant's schedule entry (ADR 0016), read as that visit's own fields.
 */
async function visitHistories(subjectNumber: string) {
  const db = t.database.db;
  const visits = await db
    .selectFrom('participant_visits')
    .innerJoin('participants', 'participants.id', 'participant_visits.participant_id')
    .select(['participant_visits.id', 'participant_visits.code'])
    .where('participants.study_id', '=', w.study.id)
    .where('participants.subject_number', '=', subjectNumber)
    .execute();
  const byCode = new Map<string, { action: string; reason: string | null; changes: { field: string; old: unknown; new: unknown }[] }[]>();
  for (const visit of visits) {
    const page = await readAuditTrail(db, coordinatorContext, {
      entityType: 'participant_visit',
      entityId: visit.id,
      order: 'asc',
      limit: 100,
    });
    byCode.set(
      visit.code,
      page.items.map((event) => {
        const scheduled =
          event.entityType === 'participant_visit_schedule' ? scheduledVisitOf(event.changes[0] as StoredChange) : undefined;
        return { action: event.action, reason: event.reason, changes: scheduled ? scheduledVisitChanges(scheduled) : event.changes };
      }),
    );
  }
  return byCode;
}

describe('a large participant import', () => {
  it('writes thousands of rows set-based, reports its progress, and keeps the audit chain whole', async () => {
    const ctx = { ...coordinatorContext, requestId: 'bulk-import-1' };
    const count = 1500;
    const { participants, visits } = files('BULK', count);
    const progress: ImportProgress[] = [];
    const result = await importParticipants(
      t.database.db,
      ctx,
      w.studySite.id,
      { participants: streamOf(participants), visits, dryRun: false },
      w.study.id,
      { onProgress: async (p) => void progress.push(p) },
    );
    const visitRows = 2 * Math.ceil(count / 3) + Math.floor((count + 1) / 3);
    expect(result).toMatchObject({ dryRun: false, participants: count, consents: count, visitsRecorded: visitRows });
    expect(result.subjectNumbers[count - 1]).toBe(`BULK-0${count - 1}`);

    const written = await countWritten('BULK', ctx.requestId);
    expect(written.participants).toBe(count);
    expect(written.visits).toBe(result.visitsScheduled);
    expect(written.audit).toMatchObject({
      'participant create': count,
      'identity create': Math.ceil(count / 2),
      'consent create': count,
      // One entry per generated schedule, holding every visit (ADR 0016): each randomized
      // participant's (this protocol plans nothing from consent, so screen failures have none).
      'participant_visit_schedule create': Math.ceil(count / 3) + Math.floor((count + 1) / 3),
    });
    // No row per visit: no status change that never happened apart from its creation.
    expect(written.audit['participant_visit status_change']).toBeUndefined();
    expect(written.audit['participant_visit create']).toBeUndefined();
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ whole: true });

    // Done or missed as the file says, and every other treatment visit of a withdrawn participant
    // cancelled: each visit's one 'create' row has that final state and the import's reason.
    const onTreatment = await visitHistories('BULK-00000');
    expect(onTreatment.get('BL')).toEqual([
      {
        action: 'create',
        reason: `Imported from CSV (seen on ${w.day(-54)})`,
        changes: expect.arrayContaining([
          { field: 'status', old: null, new: 'completed' },
          { field: 'actualDate', old: null, new: w.day(-54) },
          { field: 'completedByUserId', old: null, new: w.coordinator.user.id },
        ]),
      },
    ]);
    expect(onTreatment.get('W4')?.[0]?.changes).toEqual(
      expect.arrayContaining([
        { field: 'status', old: null, new: 'completed' },
        { field: 'notes', old: null, new: 'late, as planned' },
      ]),
    );
    expect(onTreatment.get('W4')?.[0]?.changes).toContainEqual(expect.objectContaining({ field: 'completedAt', old: null }));
    // Still to come: its creation as the schedule planned it, with the schedule's reason.
    expect(onTreatment.get('EOS')).toEqual([
      {
        action: 'create',
        reason: 'Imported from CSV',
        changes: expect.arrayContaining([{ field: 'status', old: null, new: 'scheduled' }]),
      },
    ]);
    const missed = (await visitHistories('BULK-00003')).get('W4');
    expect(missed).toEqual([
      { action: 'create', reason: 'Imported from CSV', changes: expect.arrayContaining([{ field: 'status', old: null, new: 'missed' }]) },
    ]);
    expect(missed?.[0]?.changes.map((c) => c.field)).not.toContain('completedAt');
    const withdrawn = await visitHistories('BULK-00002');
    const cancelled = [...withdrawn.values()].filter((rows) => rows.some((r) => r.changes.some((c) => c.new === 'cancelled')));
    expect(cancelled.length).toBeGreaterThan(0);
    for (const rows of cancelled) expect(rows).toEqual([expect.objectContaining({ action: 'create', reason: 'Imported from CSV' })]);

    const writing = progress.filter((p) => p.phase === 'writing');
    expect(progress[0]?.phase).toBe('checking');
    expect(writing.length).toBeGreaterThan(2);
    for (const [i, p] of writing.entries()) {
      expect(p.rowsTotal).toBe(count + visitRows);
      if (i > 0) expect(p.rowsWritten).toBeGreaterThan((writing[i - 1] as ImportProgress).rowsWritten);
    }
    expect(writing.at(-1)?.rowsWritten).toBe(count + visitRows);
  });

  it('writes nothing, not one audit row, when the progress callback throws while writing', async () => {
    const ctx = { ...coordinatorContext, requestId: 'bulk-import-2' };
    const { participants, visits } = files('STOP', 1200);
    let calls = 0;
    const cancelled = importParticipants(
      t.database.db,
      ctx,
      w.studySite.id,
      { participants, visits: streamOf(visits), dryRun: false },
      w.study.id,
      {
        onProgress: async (p) => {
          if (p.phase === 'writing' && ++calls === 2) throw new Error('cancelled by the user');
        },
      },
    );
    await expect(cancelled).rejects.toThrow('cancelled by the user');
    expect(await countWritten('STOP', ctx.requestId)).toEqual({ participants: 0, visits: 0, audit: {} });
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ whole: true });
  });

  it('refuses, by row and column and before writing anything, a visit the schedule does not plan', async () => {
    const ctx = { ...coordinatorContext, requestId: 'bulk-import-4' };
    const { participants } = files('SCR', 3);
    // The screening visit falls 28 days before baseline: its window closed before randomization, so it is not planned.
    const visits = `subject_number,visit_code,status,actual_date\r\nSCR-00000,BL,completed,${w.day(-54)}\r\nSCR-00000,SCR,missed,\r\n`;
    const refused = importParticipants(t.database.db, ctx, w.studySite.id, { participants, visits, dryRun: false }, w.study.id);
    await expect(refused).rejects.toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ pointer: '/visitsCsv', row: 3, column: 'visit_code' })],
    });
    expect(await countWritten('SCR', ctx.requestId)).toEqual({ participants: 0, visits: 0, audit: {} });
  });

  it('runs the writing in the transaction it is given, and a dry run rolls it all back', async () => {
    const ctx = { ...coordinatorContext, requestId: 'bulk-import-3' };
    const { participants, visits } = files('DRY', 600);
    let transactions = 0;
    const result = await importParticipants(t.database.db, ctx, w.studySite.id, { participants, visits, dryRun: true }, w.study.id, {
      transaction: (work) => {
        transactions += 1;
        return t.database.db.transaction().execute(work);
      },
    });
    expect(transactions).toBe(1);
    expect(result).toMatchObject({ dryRun: true, participants: 600, consents: 600 });
    expect(result.visitsScheduled).toBeGreaterThan(0);
    expect(await countWritten('DRY', ctx.requestId)).toEqual({ participants: 0, visits: 0, audit: {} });
  });
});
