// @module-tag today
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant, makeUser } from '../../../test/support/factories.js';
import { makeParticipantWorld, type ParticipantWorld } from '../../../test/support/participant-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';

let t: TestApp;
let w: ParticipantWorld;
let coordinator: Client;
let manager: Client;
let otherTenantCoordinator: Client;
let url: string;

const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\r\n');

/** Two participants: one enrolled with her first visits done, one who failed screening. */
function participantsFile(overrides: { enrolledOn?: string } = {}) {
  const d = w.day;
  return csv([
    [
      'subject_number',
      'status',
      'screened_on',
      'consented_on',
      'icf_version',
      'consent_obtained_by',
      'enrolled_on',
      'screen_failed_on',
      'screen_fail_reason',
      'full_name',
    ],
    [
      'IMP-001',
      'on_treatment',
      d(-50),
      d(-50),
      '1.0 dated 2025-01-01',
      'casey@site.example',
      overrides.enrolledOn ?? d(-40),
      '',
      '',
      'Imogen Importwell',
    ],
    ['IMP-002', 'screen_failed', d(-45), d(-45), '1.0 dated 2025-01-01', 'casey@site.example', '', d(-44), 'HbA1c above range', ''],
  ]);
}
const visitsFile = () =>
  csv([
    ['subject_number', 'visit_code', 'status', 'actual_date'],
    ['IMP-001', 'BL', 'completed', w.day(-40)],
    ['IMP-001', 'W4', 'completed', w.day(-12)],
  ]);

async function countRows(studyId: string) {
  const db = t.database.db;
  const participants = await db
    .selectFrom('participants')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('study_id', '=', studyId)
    .executeTakeFirstOrThrow();
  const audit = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { participants: Number(participants.n), audit: Number(audit.n) };
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  w = await makeParticipantWorld(db, t.clock.now());
  await db.updateTable('people').set({ email: 'casey@site.example' }).where('id', '=', w.coordinatorPerson.personId).execute();
  coordinator = client(t.app, w.coordinator.cookie);
  manager = client(
    t.app,
    (await makeUser(db, w.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: w.sponsor.id }])).cookie,
  );
  const other = await makeTenant(db);
  otherTenantCoordinator = client(
    t.app,
    (await makeUser(db, other.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: other.site.id }])).cookie,
  );
  url = `/api/studies/${w.study.id}/sites/${w.studySite.id}/participant-import`;
});
afterAll(() => t.close());

describe('participant CSV import', () => {
  it('changes nothing when one row is bad, and names the row and the column', async () => {
    const before = await countRows(w.study.id);
    const response = await coordinator.post(url, {
      participantsCsv: participantsFile({ enrolledOn: '2025-13-40' }),
      visitsCsv: visitsFile(),
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem.detail).toMatch(/nothing was imported/);
    expect(problem.errors).toContainEqual(expect.objectContaining({ pointer: '/participantsCsv', row: 2, column: 'enrolled_on' }));
    expect(problem.errors[0].detail).toMatch(/^Row 2, column enrolled_on:/);
    expect(await countRows(w.study.id)).toEqual(before);
  });

  it('names the row and column of a cell the database cannot store or that is not UTF-8, and imports nothing', async () => {
    const before = await countRows(w.study.id);
    const cases: [Record<string, string>, Record<string, unknown>][] = [
      [
        { participantsCsv: participantsFile().replace('Imogen Importwell', 'Imogen\u0000Importwell'), visitsCsv: visitsFile() },
        { pointer: '/participantsCsv', row: 2, column: 'full_name', detail: expect.stringMatching(/U\+0000/) },
      ],
      // The CSV parser reads UTF-8 bytes, so a lone surrogate (no character) reaches the cell as U+FFFD.
      [
        { participantsCsv: participantsFile(), visitsCsv: visitsFile().replace('W4', 'W4\ud800') },
        { pointer: '/visitsCsv', row: 3, column: 'visit_code', detail: expect.stringMatching(/UTF-8/) },
      ],
      // A Windows-1252 export read as UTF-8 (as a browser reads it): its 'ö' arrives as U+FFFD.
      [
        { participantsCsv: participantsFile().replace('HbA1c above range', 'HbA1c \ufffdber range'), visitsCsv: visitsFile() },
        { pointer: '/participantsCsv', row: 3, column: 'screen_fail_reason', detail: expect.stringMatching(/UTF-8/) },
      ],
    ];
    for (const [body, error] of cases) {
      const response = await coordinator.post(url, body);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().detail).toMatch(/nothing was imported/);
      expect(response.json().errors).toContainEqual(expect.objectContaining(error));
    }
    expect(await countRows(w.study.id)).toEqual(before);
  });

  it('checks against the study: consent form in force, staff, visit codes, numbers taken', async () => {
    const before = await countRows(w.study.id);
    const participants = csv([
      ['subject_number', 'status', 'screened_on', 'consented_on', 'icf_version', 'consent_obtained_by', 'enrolled_on'],
      ['IMP-101', 'enrolled', w.day(-20), w.day(-20), '9.9', 'casey@site.example', w.day(-10)],
      ['IMP-102', 'enrolled', w.day(-20), w.day(-20), '1.0 dated 2025-01-01', 'nobody@site.example', w.day(-10)],
    ]);
    const visits = csv([
      ['subject_number', 'visit_code', 'status', 'actual_date'],
      ['IMP-102', 'W99', 'completed', w.day(-5)],
      ['IMP-103', 'BL', 'completed', w.day(-5)],
    ]);
    const response = await coordinator.post(url, { participantsCsv: participants, visitsCsv: visits });
    expect(response.statusCode).toBe(400);
    const located = response
      .json()
      .errors.map((e: { pointer: string; row: number; column: string }) => `${e.pointer} ${e.row} ${e.column}`);
    expect(located).toEqual(expect.arrayContaining(['/visitsCsv 3 subject_number']));
    expect(await countRows(w.study.id)).toEqual(before);
    // The database checks run once the file itself is clean.
    const clean = await coordinator.post(url, {
      participantsCsv: participants,
      visitsCsv: csv([
        ['subject_number', 'visit_code', 'status', 'actual_date'],
        ['IMP-102', 'W99', 'completed', w.day(-5)],
      ]),
    });
    expect(clean.statusCode).toBe(400);
    const errors = clean.json().errors as { row: number; column: string; detail: string; pointer: string }[];
    expect(errors).toContainEqual(expect.objectContaining({ pointer: '/participantsCsv', row: 2, column: 'icf_version' }));
    expect(errors.find((e) => e.column === 'icf_version')?.detail).toMatch(/was 1\.0 dated 2025-01-01, not 9\.9/);
    expect(errors).toContainEqual(expect.objectContaining({ pointer: '/participantsCsv', row: 3, column: 'consent_obtained_by' }));
    expect(errors).toContainEqual(expect.objectContaining({ pointer: '/visitsCsv', row: 2, column: 'visit_code' }));
    expect(await countRows(w.study.id)).toEqual(before);
  });

  it('a dry run counts what would be written and writes nothing', async () => {
    const before = await countRows(w.study.id);
    const response = await coordinator.post(url, { participantsCsv: participantsFile(), visitsCsv: visitsFile(), dryRun: true });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ dryRun: true, participants: 2, consents: 2, visitsRecorded: 2 });
    expect(await countRows(w.study.id)).toEqual(before);
  });

  it('imports participants, consents and visits, planning the rest of the schedule', async () => {
    const response = await coordinator.post(url, { participantsCsv: participantsFile(), visitsCsv: visitsFile() });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      dryRun: false,
      participants: 2,
      consents: 2,
      visitsRecorded: 2,
      subjectNumbers: ['IMP-001', 'IMP-002'],
    });
    const db = t.database.db;
    const imported = await db
      .selectFrom('participants')
      .selectAll()
      .where('study_id', '=', w.study.id)
      .where('subject_number', '=', 'IMP-001')
      .executeTakeFirstOrThrow();
    expect(imported).toMatchObject({ status: 'on_treatment', enrolled_on: w.day(-40) });
    const visits = await db
      .selectFrom('participant_visits')
      .select(['code', 'status', 'actual_date'])
      .where('participant_id', '=', imported.id)
      .orderBy('sequence')
      .execute();
    expect(visits.find((v) => v.code === 'BL')).toMatchObject({ status: 'completed', actual_date: w.day(-40) });
    expect(visits.find((v) => v.code === 'W4')).toMatchObject({ status: 'completed', actual_date: w.day(-12) });
    expect(visits.find((v) => v.code === 'EOS')).toMatchObject({ status: 'scheduled' });
    // The identity is kept apart, and the sponsor's view of the participant has none of it.
    const identity = await db.selectFrom('identities').select('full_name').where('id', '=', imported.identity_id).executeTakeFirstOrThrow();
    expect(identity.full_name).toBe('Imogen Importwell');
    const audit = await db
      .selectFrom('audit_events')
      .select(['action', 'reason'])
      .where('entity_type', '=', 'participant')
      .where('entity_id', '=', imported.id)
      .execute();
    expect(audit).toContainEqual({ action: 'create', reason: 'Imported from CSV' });
    const failed = await db
      .selectFrom('participants')
      .select(['status', 'screen_fail_reason'])
      .where('subject_number', '=', 'IMP-002')
      .where('study_id', '=', w.study.id)
      .executeTakeFirstOrThrow();
    expect(failed).toEqual({ status: 'screen_failed', screen_fail_reason: 'HbA1c above range' });
    // Importing the same file again: every subject number is taken now.
    const again = await coordinator.post(url, { participantsCsv: participantsFile(), visitsCsv: visitsFile() });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors).toContainEqual(expect.objectContaining({ row: 2, column: 'subject_number' }));
  });

  it('is for site staff of this study-site: the sponsor may not, another tenant finds nothing', async () => {
    expect((await manager.post(url, { participantsCsv: participantsFile() })).statusCode).toBe(403);
    expect((await otherTenantCoordinator.post(url, { participantsCsv: participantsFile() })).statusCode).toBe(404);
  });

  it('offers the template of each file', async () => {
    const response = await coordinator.get('/api/participant-import/templates/visits');
    expect(response.statusCode).toBe(200);
    expect(response.body.trim()).toBe('subject_number,visit_code,status,actual_date,notes');
  });
});
