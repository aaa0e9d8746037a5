// @module-tag today
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant, makeUser, type TestUser, testPassword } from '../../../test/support/factories.js';
import { screenAndConsent, userContext } from '../../../test/support/participant-factories.js';
import { makeRandomizationWorld, makeScheme, type RandomizationWorld } from '../../../test/support/randomization-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { systemContext } from '../../platform/context.js';
import { addMilestoneTemplate } from '../milestones/add-milestone-template.js';
import { answerEligibility } from '../participants/answer-eligibility.js';
import { confirmEligibility } from '../participants/confirm-eligibility.js';
import { randomizeParticipant } from '../randomization/randomize-participant.js';
import type { ParticipantVisit } from '../visits/visit.schemas.js';
import type { AuditEvent } from './audit.schemas.js';

/**
 * The audit explorer: a study's whole trail, filtered, paged, named and exported, as an
 * auditor of the sponsor reads it, and as the site and the unblinded pharmacist read it.
 */
const identity = { fullName: 'Octavia Brightwater', dateOfBirth: '1958-07-09', phone: null, email: null };
const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

let t: TestApp;
let w: RandomizationWorld;
let auditor: Client;
let admin: Client;
let auditorUser: TestUser;
let participantId: string;
let completedVisitId: string;
let otherStudyId: string;

const trail = async (as: Client, query: string) => {
  const response = await as.get(`/api/audit?studyId=${w.study.id}&limit=200&${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as AuditEvent[];
};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  w = await makeRandomizationWorld(db, t.clock.now());
  await makeScheme(db, w, {
    blinding: 'double',
    strataFactors: [
      {
        code: 'AGE',
        label: 'Age group',
        levels: [
          { code: 'LT65', label: 'Under 65' },
          { code: 'GE65', label: '65 or older' },
        ],
      },
    ],
  });
  const page = await screenAndConsent(db, w, { identity, consentedAt: new Date(`${w.day(-20)}T15:00:00Z`) });
  participantId = page.participant.id;
  const coordinator = await userContext(db, w.coordinator.user.id);
  const answered = await answerEligibility(db, coordinator, participantId, {
    answers: page.eligibility.criteria.map((c) => ({ criterionId: c.criterionId, met: c.kind === 'inclusion', note: null })),
  });
  await confirmEligibility(db, await w.investigatorContext(), participantId, answered.participant.version, testPassword);
  await randomizeParticipant(db, coordinator, participantId, { strata: { AGE: 'LT65' }, enrolledOn: w.day(-15) });

  // The site completes the first visit that is due.
  const site = client(t.app, w.coordinator.cookie);
  const visits = (await site.get(`/api/participants/${participantId}/visits`)).json().items as ParticipantVisit[];
  const due = visits.find((visit) => visit.targetDate && visit.targetDate <= w.day(0) && visit.status === 'scheduled') as ParticipantVisit;
  const completed = await site.post(
    `/api/participant-visits/${due.id}/completion`,
    { actualDate: due.targetDate, procedures: due.procedures.map((p) => ({ code: p.code, done: true })) },
    { 'if-match': `"${due.version}"` },
  );
  expect(completed.statusCode, completed.body).toBe(200);
  completedVisitId = due.id;

  auditorUser = await makeUser(db, w.sponsor.id, [{ role: 'auditor', scopeType: 'organization', scopeId: w.sponsor.id }]);
  auditor = client(t.app, auditorUser.cookie);
  admin = client(t.app, (await makeUser(db, w.sponsor.id, [{ role: 'platform_admin', scopeType: 'platform' }])).cookie);
  otherStudyId = (await makeTenant(db)).study.id;
});
afterAll(() => t.close());

describe("a study's whole trail", () => {
  it('holds the study, its study-sites, participants, visits and signatures, named and labelled', async () => {
    const items = await trail(auditor, 'order=desc');
    const types = new Set(items.map((event) => event.entityType));
    for (const type of ['protocol_version', 'study_site', 'participant', 'consent', 'participant_visit', 'delegation_entry']) {
      expect(types, type).toContain(type);
    }
    expect(items.some((event) => event.action === 'sign')).toBe(true);
    // Names instead of ids: neither the record nor any shown value is a bare id.
    for (const event of items) {
      expect(event.entityLabel).not.toMatch(uuidPattern);
      for (const change of event.readableChanges) {
        expect(`${change.oldText} ${change.newText}`, `${event.entityType} ${change.field}`).not.toMatch(uuidPattern);
        // No change from nothing to nothing.
        expect([change.oldText, change.newText]).not.toEqual(['—', '—']);
      }
    }
    const enrolment = items.find((event) => event.entityType === 'participant' && event.readableChanges.some((c) => c.field === 'strata'));
    expect(enrolment?.readableChanges.find((c) => c.field === 'strata')?.newText).toBe('Age group: Under 65');
    expect(enrolment?.entityLabel).toMatch(/^Participant \S+$/);
    const consent = items.find((event) => event.entityType === 'consent' && event.action === 'create') as AuditEvent;
    expect(consent.readableChanges.find((c) => c.field === 'obtainedByPersonId')).toMatchObject({
      label: 'Obtained by person',
      newText: 'Casey Coordinator',
    });
    const completion = items.find(
      (event) => event.entityId === completedVisitId && event.readableChanges.some((c) => c.field === 'status'),
    );
    expect(completion?.readableChanges.find((c) => c.field === 'status')?.newText).toBe('Completed');
    expect(completion?.entityTypeLabel).toBe('Visit');
    // Newest first when asked.
    const seqs = items.map((event) => BigInt(event.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
  });

  it('hides identities from the sponsor side and arms from everyone blinded', async () => {
    const sponsorSide = await auditor.get(`/api/audit?studyId=${w.study.id}&limit=200`);
    const body = sponsorSide.body;
    expect(body).not.toContain('Brightwater');
    expect(body).not.toContain(identity.dateOfBirth);
    const events = sponsorSide.json().items as AuditEvent[];
    // Nor the scheme's history, whose block sizes enrolling and sponsor staff must not know (ICH E9).
    expect(events.filter((e) => ['identity', 'allocation', 'randomization_scheme'].includes(e.entityType))).toEqual([]);
    const exported = await auditor.get(`/api/audit/export?studyId=${w.study.id}&format=json`);
    expect(exported.body).not.toContain('Brightwater');
    expect(exported.body).not.toContain('armCode');

    // The blinded site sees the identity's history but no allocation.
    const site = await trail(client(t.app, w.coordinator.cookie), '');
    expect(site.some((e) => e.entityType === 'identity')).toBe(true);
    expect(site.some((e) => e.entityType === 'allocation')).toBe(false);
    // The unblinded pharmacist sees the allocation.
    const pharmacist = await trail(client(t.app, w.pharmacist.cookie), 'entityType=allocation');
    expect(pharmacist.map((e) => e.entityType)).toEqual(['allocation']);
  });

  it('filters by user, action, record type and UTC days', async () => {
    const byCoordinator = await trail(auditor, `userId=${w.coordinator.user.id}`);
    expect(byCoordinator.length).toBeGreaterThan(0);
    expect(byCoordinator.every((e) => e.actorUserId === w.coordinator.user.id)).toBe(true);
    const signed = await trail(auditor, 'action=sign');
    expect(signed.length).toBeGreaterThan(0);
    expect(signed.every((e) => e.action === 'sign' && e.actionLabel === 'Signed')).toBe(true);
    const visits = await trail(auditor, 'entityType=participant_visit');
    expect(visits.length).toBeGreaterThan(0);
    expect(visits.every((e) => e.entityType === 'participant_visit')).toBe(true);
    // The days the trail was written on, from the rows themselves: the test holds no clock.
    const all = await trail(auditor, '');
    const days = all.map((e) => e.occurredAt.slice(0, 10)).sort();
    expect((await trail(auditor, `from=${days[0]}&to=${days.at(-1)}`)).length).toBe(all.length);
    expect(await trail(auditor, 'to=2001-01-01')).toEqual([]);
  });

  it('pages with the shared cursor, in order, without gaps or repeats', async () => {
    const all = await trail(auditor, 'order=desc');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await auditor.get(`/api/audit?studyId=${w.study.id}&order=desc&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode).toBe(200);
      const page = response.json() as { items: AuditEvent[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((e) => e.seq));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.seq));
    expect(all.length).toBeGreaterThan(7);
  });

  it('exports exactly what the filters select, one CSV line per change, with names', async () => {
    const shown = await trail(auditor, `userId=${w.coordinator.user.id}&order=desc`);
    const csv = await auditor.get(`/api/audit/export?studyId=${w.study.id}&userId=${w.coordinator.user.id}&order=desc&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('attachment');
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect([...new Set(rows.map((row) => row.seq))]).toEqual(shown.map((e) => e.seq));
    expect(rows.length).toBe(shown.reduce((sum, e) => sum + Math.max(1, e.readableChanges.length), 0));
    expect(rows.every((row) => row.actor?.startsWith(w.coordinator.user.fullName))).toBe(true);
    expect(rows.some((row) => row.new_value === 'Casey Coordinator')).toBe(true);
    const json = await auditor.get(`/api/audit/export?studyId=${w.study.id}&userId=${w.coordinator.user.id}&order=desc&format=json`);
    expect((json.json().events as AuditEvent[]).map((e) => e.seq)).toEqual(shown.map((e) => e.seq));
  });

  it("names the system's own work in words, on the screen and in both exports", async () => {
    await addMilestoneTemplate(t.database.db, systemContext('demo-seed', t.clock.now), w.study.id, {
      code: 'named_by_system',
      name: 'Added by the system',
      requiredForActivation: false,
      typicalDurationDays: 0,
      dependsOn: [],
    });
    const query = 'entityType=milestone_template&order=desc';
    const event = (await trail(auditor, query)).find((e) => e.actorLabel === 'system:demo-seed');
    expect(event?.actorName).toBe('System (demo data)');
    const csv = await auditor.get(`/api/audit/export?studyId=${w.study.id}&${query}&format=csv`);
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows.find((row) => row.seq === event?.seq)).toMatchObject({ actor: 'system:demo-seed', actor_name: 'System (demo data)' });
    const json = await auditor.get(`/api/audit/export?studyId=${w.study.id}&${query}&format=json`);
    expect((json.json().events as AuditEvent[]).find((e) => e.seq === event?.seq)?.actorName).toBe('System (demo data)');
  });
});

describe("the trail's user filter", () => {
  it('offers everyone who acted in the study, by name, and answers 404 for another tenant', async () => {
    const actors = (await auditor.get(`/api/audit/actors?studyId=${w.study.id}`)).json().items as { userId: string; name: string }[];
    expect(actors).toContainEqual(expect.objectContaining({ userId: w.coordinator.user.id, name: w.coordinator.user.fullName }));
    expect((await auditor.get(`/api/audit/actors?studyId=${otherStudyId}`)).statusCode).toBe(404);
  });
});

describe('who may read which trail', () => {
  it("answers 404 for another tenant's study, on the list and the export", async () => {
    expect((await auditor.get(`/api/audit?studyId=${otherStudyId}`)).statusCode).toBe(404);
    expect((await auditor.get(`/api/audit/export?studyId=${otherStudyId}&format=csv`)).statusCode).toBe(404);
  });

  it('asks anyone but the platform admin to choose a study, naming the field', async () => {
    const response = await auditor.get('/api/audit');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('studyId');
    const everything = await admin.get('/api/audit?limit=5&order=desc');
    expect(everything.statusCode).toBe(200);
    expect(everything.json().items).toHaveLength(5);
  });

  it('refuses bad filters as problems naming the field', async () => {
    for (const [query, field] of [
      ['from=2026-02-30', 'from'],
      ['from=2026-05-02&to=2026-05-01', 'to'],
      ['action=erase', 'action'],
      ['cursor=nonsense', 'cursor'],
      ['userId=42', 'userId'],
    ]) {
      const response = await auditor.get(`/api/audit?studyId=${w.study.id}&${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.body, query).toContain(field);
    }
  });
});

describe("one record's history", () => {
  it("a participant's includes their visits and consents", async () => {
    const history = (await auditor.get(`/api/audit?entityType=participant&entityId=${participantId}&limit=200`)).json()
      .items as AuditEvent[];
    const types = new Set(history.map((e) => e.entityType));
    expect(types).toContain('participant');
    expect(types).toContain('participant_visit');
    expect(types).toContain('consent');
    expect(history.some((e) => e.entityId === completedVisitId && e.readableChanges.some((c) => c.newText === 'Completed'))).toBe(true);
  });
});
