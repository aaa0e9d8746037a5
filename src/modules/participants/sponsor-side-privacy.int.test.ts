// @module-tag today
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPassword } from '../../../test/support/factories.js';
import { screenAndConsent, userContext } from '../../../test/support/participant-factories.js';
import { makeRandomizationWorld, makeScheme, type RandomizationWorld } from '../../../test/support/randomization-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { addDays } from '../../platform/dates.js';
import { randomizeParticipant } from '../randomization/randomize-participant.js';
import { answerEligibility } from './answer-eligibility.js';
import { confirmEligibility } from './confirm-eligibility.js';

/**
 * One sweep over every read a sponsor, a CRO or a blinded site user can make of a randomized
 * participant in a double-blind study: no response carries an identifying detail to the sponsor
 * side, and none carries the arm to anyone blinded. Each read must succeed (a 404 would prove
 * nothing), so the sweep also shows these roles really do read all of it.
 */
const identity = {
  fullName: 'Zephyrine Quillfeather',
  dateOfBirth: '1961-02-03',
  phone: '+1 312 555 0199',
  email: 'zephyrine@example.org',
};
const identifying = [identity.fullName, 'Quillfeather', identity.dateOfBirth, identity.phone, identity.email];
const armWords = ['ACTIVE', 'PLACEBO', 'Study drug 10 mg', 'Placebo'];

let t: TestApp;
let w: RandomizationWorld;
let urls: string[];

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  w = await makeRandomizationWorld(db, t.clock.now());
  await makeScheme(db, w, { blinding: 'double' });
  const page = await screenAndConsent(db, w, { identity, consentedAt: new Date(`${w.day(-20)}T15:00:00Z`) });
  const participantId = page.participant.id;
  const coordinator = await userContext(db, w.coordinator.user.id);
  const answered = await answerEligibility(db, coordinator, participantId, {
    answers: page.eligibility.criteria.map((c) => ({ criterionId: c.criterionId, met: c.kind === 'inclusion', note: null })),
  });
  await confirmEligibility(db, await w.investigatorContext(), participantId, answered.participant.version, testPassword);
  await randomizeParticipant(db, coordinator, participantId, { strata: {}, enrolledOn: w.day(-15) });

  const site = client(t.app, w.coordinator.cookie);
  const candidate = await site.post(`/api/studies/${w.study.id}/sites/${w.studySite.id}/prescreen-candidates`, {
    source: 'referral',
    prescreenedOn: w.day(-2),
    outcome: 'declined',
    outcomeReason: 'Travel distance',
    identity,
  });
  expect(candidate.statusCode).toBe(201);
  const visits = (await site.get(`/api/participants/${participantId}/visits`)).json().items as { id: string }[];
  expect(visits.length).toBeGreaterThan(0);
  const deviation = await site.post(`/api/participants/${participantId}/deviations`, {
    category: 'other',
    description: 'Dosing diary not returned at baseline.',
    occurredOn: w.day(-14),
  });
  expect(deviation.statusCode).toBe(201);
  const consentId = (await site.get(`/api/participants/${participantId}`)).json().consents[0].id;

  const from = w.day(-30);
  const to = addDays(from, 60);
  const history = (type: string, id: string) => [
    `/api/audit?entityType=${type}&entityId=${id}`,
    `/api/audit/export?entityType=${type}&entityId=${id}&format=csv`,
  ];
  urls = [
    `/api/participants?studyId=${w.study.id}`,
    `/api/participants?studyId=${w.study.id}&q=${encodeURIComponent(page.participant.subjectNumber)}`,
    `/api/participants/${participantId}`,
    `/api/participants/${participantId}/visits`,
    `/api/participant-visits/${visits[0]?.id}`,
    `/api/participants/${participantId}/deviations`,
    `/api/participants/${participantId}/emergency-unblindings`,
    `/api/deviations?studyId=${w.study.id}`,
    `/api/studies/${w.study.id}/sites/${w.studySite.id}/prescreen-candidates`,
    `/api/studies/${w.study.id}/prescreening-summary`,
    `/api/studies/${w.study.id}/enrollment`,
    `/api/sites/${w.site.id}/calendar?from=${from}&to=${to}`,
    `/api/calendar?from=${from}&to=${to}&coordinatorUserId=${w.coordinator.user.id}`,
    ...history('participant', participantId),
    ...history('consent', consentId),
    ...history('participant_visit', visits[0]?.id as string),
    ...history('prescreen_candidate', candidate.json().id),
    ...history('protocol_deviation', deviation.json().id),
    // The study's trail (the audit explorer) and its exports, for every kind of participant record.
    // (The protocol's own history names its arms: that is the study's design, not an assignment.)
    ...['participant', 'consent', 'participant_visit', 'prescreen_candidate', 'protocol_deviation', 'identity', 'allocation'].flatMap(
      (type) => [
        `/api/audit?studyId=${w.study.id}&entityType=${type}&limit=200`,
        `/api/audit/export?studyId=${w.study.id}&entityType=${type}&format=csv`,
        `/api/audit/export?studyId=${w.study.id}&entityType=${type}&format=json`,
      ],
    ),
  ];
});
afterAll(() => t.close());

async function sweep(reader: Client, forbiddenWords: string[]) {
  const leaks: string[] = [];
  for (const url of urls) {
    const response = await reader.get(url);
    expect(response.statusCode, url).toBe(200);
    for (const word of forbiddenWords) if (response.body.includes(word)) leaks.push(`${url} shows "${word}"`);
  }
  return leaks;
}

describe('sponsor-side and blinded reads of a randomized participant', () => {
  it('show the sponsor no identifying detail and no arm', async () => {
    expect(await sweep(client(t.app, w.manager.cookie), [...identifying, ...armWords])).toEqual([]);
  });

  it('show the CRO no identifying detail and no arm', async () => {
    expect(await sweep(client(t.app, w.cra.cookie), [...identifying, ...armWords])).toEqual([]);
  });

  it('show the blinded site coordinator the person but never the arm', async () => {
    const coordinator = client(t.app, w.coordinator.cookie);
    expect(await sweep(coordinator, armWords)).toEqual([]);
    // The same reads do carry the identity to the site: the sweep would notice a leak.
    const page = await coordinator.get(`/api/participants?studyId=${w.study.id}`);
    expect(page.body).toContain(identity.fullName);
  });

  it('show the unblinded pharmacist the arm, so the words looked for are the right ones', async () => {
    const allocations = await client(t.app, w.pharmacist.cookie).get(`/api/studies/${w.study.id}/allocations`);
    expect(allocations.statusCode).toBe(200);
    expect(armWords.some((word) => allocations.body.includes(word))).toBe(true);
  });
});
