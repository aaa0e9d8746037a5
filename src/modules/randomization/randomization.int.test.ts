import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant, makeUser, testPassword } from '../../../test/support/factories.js';
import { userContext } from '../../../test/support/participant-factories.js';
import { makeFinalProtocol, sampleStructure } from '../../../test/support/protocol-factories.js';
import {
  insertReadyParticipants,
  makeRandomizationWorld,
  makeScheme,
  type RandomizationWorld,
} from '../../../test/support/randomization-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { localDate } from '../../platform/dates.js';
import { allocationSequence, blockAt, seedSha256 } from './permuted-blocks.js';
import { randomizeParticipant } from './randomize-participant.js';

let t: TestApp;
let w: RandomizationWorld;
let as: Record<
  'manager' | 'cra' | 'coordinator' | 'investigator' | 'pi' | 'pharmacist' | 'outsider' | 'outsidePharmacist' | 'outsideCoordinator',
  Client
>;

/** What a blinded reader must never meet: the arm codes and names of the sample protocol. */
const armWords = ['ACTIVE', 'PLACEBO', 'Study drug 10 mg', 'Placebo'];
const showsNoArm = (text: string) => armWords.filter((word) => text.includes(word));

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  w = await makeRandomizationWorld(db, t.clock.now());
  const other = await makeTenant(db);
  const outsider = await makeUser(db, other.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: other.sponsor.id }]);
  const outsideCoordinator = await makeUser(db, other.siteOrg.id, [
    { role: 'study_coordinator', scopeType: 'site', scopeId: other.site.id },
  ]);
  const outsidePharmacist = await makeUser(db, other.siteOrg.id, [
    { role: 'unblinded_pharmacist', scopeType: 'study', scopeId: other.study.id },
  ]);
  const c = (cookie: string) => client(t.app, cookie);
  as = {
    manager: c(w.manager.cookie),
    cra: c(w.cra.cookie),
    coordinator: c(w.coordinator.cookie),
    investigator: c(w.investigator.cookie),
    pi: c(w.piUser.cookie),
    pharmacist: c(w.pharmacist.cookie),
    outsider: c(outsider.cookie),
    outsidePharmacist: c(outsidePharmacist.cookie),
    outsideCoordinator: c(outsideCoordinator.cookie),
  };
});
afterAll(() => t.close());

const schemeUrl = () => `/api/studies/${w.study.id}/randomization-scheme`;
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
const siteToday = () => localDate(t.clock.now(), 'America/Chicago');

async function history(caller: Client, entityType: string, entityId: string) {
  const response = await caller.get(`/api/audit?entityType=${entityType}&entityId=${entityId}`);
  return { status: response.statusCode, text: response.body, items: response.statusCode === 200 ? response.json().items : [] };
}

describe('the randomization scheme', { tags: ['today'] }, () => {
  it('is made by the study manager with a secret seed that only its hash stands for', async () => {
    expect((await as.manager.get(schemeUrl())).statusCode).toBe(404);
    const bad = await as.manager.put(schemeUrl(), { blinding: 'double', blockSizes: [4, 5], arms: [{ code: 'ACTIVE' }, { code: 'NOPE' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ pointer: '/arms/1/code', detail: expect.stringContaining('NOPE') }]);
    const odd = await as.manager.put(schemeUrl(), { blinding: 'double', blockSizes: [4, 5] });
    expect(odd.statusCode).toBe(400);
    expect(odd.json().errors).toEqual([{ pointer: '/blockSizes/1', detail: 'Must be a multiple of 2, the sum of the arm ratios.' }]);
    expect((await as.coordinator.put(schemeUrl(), { blinding: 'double', blockSizes: [4] })).statusCode).toBe(403);
    expect((await as.outsider.put(schemeUrl(), { blinding: 'double', blockSizes: [4] })).statusCode).toBe(404);

    const created = await as.manager.put(schemeUrl(), {
      blinding: 'double',
      blockSizes: [4, 6],
      strataFactors: [
        {
          code: 'age',
          label: 'Age',
          levels: [
            { code: 'lt65', label: '< 65' },
            { code: 'ge65', label: '≥ 65' },
          ],
        },
      ],
      reason: 'Randomization plan v1.0',
    });
    expect(created.statusCode).toBe(201);
    const scheme = created.json();
    expect(scheme).toMatchObject({
      blinding: 'double',
      arms: [
        { code: 'ACTIVE', ratio: 1 },
        { code: 'PLACEBO', ratio: 1 },
      ],
      blockSizes: [4, 6],
      stratifyBySite: false,
      allocationCount: 0,
      version: 1,
    });
    const stored = await t.database.db
      .selectFrom('randomization_schemes')
      .selectAll()
      .where('id', '=', scheme.id)
      .executeTakeFirstOrThrow();
    expect(stored.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(scheme.seedSha256).toBe(seedSha256(stored.seed));
    expect(JSON.stringify(scheme)).not.toContain(stored.seed);

    const trail = await history(as.manager, 'randomization_scheme', scheme.id);
    expect(trail.items).toHaveLength(1);
    expect(trail.items[0].changes).toContainEqual({ field: 'seedSha256', old: null, new: stored.seed_sha256 });
    expect(trail.text).not.toContain(stored.seed);

    // Replacing needs If-Match and keeps the seed; the outsider never sees the scheme.
    expect((await as.manager.put(schemeUrl(), { blinding: 'double', blockSizes: [4, 6] })).statusCode).toBe(428);
    expect((await as.outsider.get(schemeUrl())).statusCode).toBe(404);
    const replaced = await as.manager.put(
      schemeUrl(),
      {
        blinding: 'double',
        blockSizes: [4, 6],
        strataFactors: [
          {
            code: 'age',
            label: 'Age',
            levels: [
              { code: 'lt65', label: '< 65' },
              { code: 'ge65', label: '≥ 65' },
            ],
          },
          {
            code: 'sex',
            label: 'Sex',
            levels: [
              { code: 'f', label: 'Female' },
              { code: 'm', label: 'Male' },
            ],
          },
        ],
      },
      ifMatch(1),
    );
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ version: 2, seedSha256: scheme.seedSha256 });
    // ICH E9 2.3.2: the block length is kept from those who enroll.
    expect((await as.coordinator.get(schemeUrl())).json()).toMatchObject({ blockSizes: null, seedSha256: scheme.seedSha256 });
    expect((await as.pharmacist.get(schemeUrl())).json().blockSizes).toEqual([4, 6]);
  });
});

describe('randomizing a participant', { tags: ['today'] }, () => {
  it('refuses a participant who is not ready, and strata that do not fit', async () => {
    const [notEligible, ready] = await insertReadyParticipants(t.database.db, w, 2);
    await t.database.db
      .updateTable('participants')
      .set({ eligibility_confirmed_at: null })
      .where('id', '=', notEligible as string)
      .execute();
    const refused = await as.coordinator.post(`/api/participants/${notEligible}/randomization`, { strata: { age: 'lt65', sex: 'f' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors).toEqual([{ pointer: '/eligibilityConfirmedAt', detail: expect.any(String) }]);

    const missing = await as.coordinator.post(`/api/participants/${ready}/randomization`, { strata: { age: 'old' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/strata/age', '/strata/sex']);
    const future = await as.coordinator.post(`/api/participants/${ready}/randomization`, {
      strata: { age: 'lt65', sex: 'f' },
      enrolledOn: '2999-01-01',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].pointer).toBe('/enrolledOn');
    expect((await as.cra.post(`/api/participants/${ready}/randomization`, { strata: { age: 'lt65', sex: 'f' } })).statusCode).toBe(403);
    expect(
      (await as.outsideCoordinator.post(`/api/participants/${ready}/randomization`, { strata: { age: 'lt65', sex: 'f' } })).statusCode,
    ).toBe(404);
    // A site whose enrollment is closed randomizes no one.
    const db = t.database.db;
    await db.updateTable('study_sites').set({ status: 'enrollment_closed' }).where('id', '=', w.studySite.id).execute();
    const closed = await as.coordinator.post(`/api/participants/${ready}/randomization`, { strata: { age: 'lt65', sex: 'f' } });
    await db.updateTable('study_sites').set({ status: 'active' }).where('id', '=', w.studySite.id).execute();
    expect(closed.statusCode).toBe(409);
    expect(closed.json().detail).toMatch(/only at an active study-site.*enrollment_closed/);
    // Nothing of the refused attempts was kept.
    const allocations = await t.database.db
      .selectFrom('allocations')
      .select('participant_id')
      .where('participant_id', 'in', [notEligible as string, ready as string])
      .execute();
    expect(allocations).toEqual([]);
  });

  it('enrolls the participant, numbers them, plans their visits and hides the arm from every blinded role', async () => {
    const [id] = await insertReadyParticipants(t.database.db, w, 1);
    const response = await as.coordinator.post(`/api/participants/${id}/randomization`, { strata: { age: 'ge65', sex: 'm' } });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      id,
      status: 'enrolled',
      enrolledOn: siteToday(),
      randomizationNumber: expect.stringMatching(/^R\d{4}$/),
      strata: { age: 'ge65', sex: 'm' },
      arm: null,
    });
    const allocation = await t.database.db
      .selectFrom('allocations')
      .selectAll()
      .where('participant_id', '=', id as string)
      .executeTakeFirstOrThrow();
    expect(allocation.stratum_key).toBe('age=ge65|sex=m');
    const visits = await t.database.db
      .selectFrom('participant_visits')
      .select('code')
      .where('participant_id', '=', id as string)
      .execute();
    expect(visits.length).toBeGreaterThan(0);

    for (const name of ['coordinator', 'cra', 'manager', 'investigator'] as const) {
      const caller = as[name];
      expect(await history(caller, 'allocation', id as string)).toMatchObject({ status: 404 });
      const participantTrail = await history(caller, 'participant', id as string);
      expect(participantTrail.status).toBe(200);
      // A participant's history also holds their visits (planned at randomization): the enrolment is the participant's own last row.
      const enrolment = participantTrail.items.filter((e: { entityType: string }) => e.entityType === 'participant').at(-1);
      expect(enrolment.changes.map((c: { field: string }) => c.field)).toEqual(['status', 'enrolledOn', 'randomizationNumber', 'strata']);
      expect(showsNoArm(participantTrail.text)).toEqual([]);
      for (const format of ['csv', 'json']) {
        const exported = await caller.get(`/api/audit/export?entityType=participant&entityId=${id}&format=${format}`);
        expect(exported.statusCode).toBe(200);
        expect(showsNoArm(exported.body)).toEqual([]);
      }
      const page = await caller.get(`/api/participants/${id}`);
      expect(page.statusCode).toBe(200);
      expect(showsNoArm(page.body)).toEqual([]);
      expect(showsNoArm((await caller.get(`/api/participants/${id}/emergency-unblindings`)).body)).toEqual([]);
      expect((await caller.get(`/api/studies/${w.study.id}/allocations`)).statusCode).toBe(403);
      expect((await caller.get(`/api/studies/${w.study.id}/randomization-scheme/verification`)).statusCode).toBe(403);
    }

    // The unblinded pharmacist reads the allocation, its history and the list.
    const trail = await history(as.pharmacist, 'allocation', id as string);
    expect(trail.items[0].changes).toContainEqual({ field: 'armCode', old: null, new: allocation.arm_code });
    const list = await as.pharmacist.get(`/api/studies/${w.study.id}/allocations`);
    expect(list.json().items).toContainEqual(
      expect.objectContaining({ participantId: id, randomizationNumber: body.randomizationNumber, armCode: allocation.arm_code }),
    );
    const csv = await as.pharmacist.get(`/api/studies/${w.study.id}/allocations`, { accept: 'text/csv' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe(
      'subject_number,site_number,randomization_number,stratum,position,arm_code,arm_name,allocated_at_utc',
    );
    expect(csv.body).toContain(`${body.randomizationNumber},age=ge65|sex=m,`);
    expect((await as.pharmacist.get(`/api/studies/${w.study.id}/allocations?format=csv`)).body).toBe(csv.body);

    // Fixed from the first allocation on.
    const scheme = (await as.manager.get(schemeUrl())).json();
    expect(scheme.allocationCount).toBeGreaterThan(0);
    expect((await as.manager.put(schemeUrl(), { blinding: 'open', blockSizes: [4] }, ifMatch(scheme.version))).statusCode).toBe(409);
    // A participant is randomized once.
    expect((await as.coordinator.post(`/api/participants/${id}/randomization`, { strata: { age: 'ge65', sex: 'm' } })).statusCode).toBe(
      409,
    );
  });
});

describe('emergency unblinding', { tags: ['today'] }, () => {
  it('shows the arm to the investigator, records why, and tells the managers and investigators without the arm', async () => {
    const [id] = await insertReadyParticipants(t.database.db, w, 1);
    await as.coordinator.post(`/api/participants/${id}/randomization`, { strata: { age: 'lt65', sex: 'f' } });
    const url = `/api/participants/${id}/emergency-unblinding`;
    const reason = 'Anaphylaxis in the emergency department; treating physician needs the arm.';

    expect((await as.coordinator.post(url, { reason, password: testPassword })).statusCode).toBe(403);
    const wrong = await as.investigator.post(url, { reason, password: 'not it' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].pointer).toBe('/password');
    expect((await as.investigator.get(`/api/participants/${id}/emergency-unblindings`)).json().items).toEqual([]);

    const unblinded = await as.investigator.post(url, { reason, password: testPassword });
    expect(unblinded.statusCode).toBe(200);
    const allocation = await t.database.db
      .selectFrom('allocations')
      .select('arm_code')
      .where('participant_id', '=', id as string)
      .executeTakeFirstOrThrow();
    const result = unblinded.json();
    expect(result.arm.code).toBe(allocation.arm_code);
    expect(result.unblinding).toMatchObject({ participantId: id, reason, unblindedByUserId: w.investigator.user.id });
    // The manager, and the site's two investigators (the PI and the one who unblinded).
    expect(result.notifiedUserCount).toBe(3);

    const records = await as.cra.get(`/api/participants/${id}/emergency-unblindings`);
    expect(records.json().items).toEqual([result.unblinding]);
    const trail = await history(as.cra, 'emergency_unblinding', result.unblinding.id);
    expect(trail.items[0]).toMatchObject({ action: 'create', reason });
    expect(showsNoArm(trail.text)).toEqual([]);
    // The investigator who unblinded now sees this participant's allocation history; the coordinator still does not.
    expect((await history(as.investigator, 'allocation', id as string)).status).toBe(200);
    expect((await history(as.coordinator, 'allocation', id as string)).status).toBe(404);

    for (const name of ['manager', 'pi', 'investigator'] as const) {
      const messages = (await as[name].get('/api/notifications/messages')).json();
      const message = messages.items.find((m: { entityId: string }) => m.entityId === id);
      expect(message).toMatchObject({ kind: 'emergency_unblinding', entityType: 'participant', readAt: null, link: `/participants/${id}` });
      expect(message.body).toContain(reason);
      expect(showsNoArm(JSON.stringify(messages))).toEqual([]);
      const messageTrail = await history(as[name], 'user_notification', message.id);
      expect(messageTrail.items[0].action).toBe('create');
      expect(showsNoArm(messageTrail.text)).toEqual([]);
    }
    expect((await as.coordinator.get('/api/notifications/messages')).json().items).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/api/notifications/messages' })).statusCode).toBe(401);

    const managerMessages = (await as.manager.get('/api/notifications/messages')).json();
    const messageId = managerMessages.items[0].id;
    expect((await as.coordinator.post(`/api/notifications/messages/${messageId}/read`)).statusCode).toBe(404);
    const read = await as.manager.post(`/api/notifications/messages/${messageId}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    expect((await as.manager.get('/api/notifications/messages?unread=true')).json()).toMatchObject({ items: [], counts: { unread: 0 } });
    expect((await history(as.manager, 'user_notification', messageId)).items.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'update',
    ]);
  });
});

// Not tagged 'today' from here on: allocation and balance do not depend on the date, and these are the slowest tests.
describe('1,000 participants in 4 strata', () => {
  it('stays within half a block in every stratum and is reproducible from the seed', { timeout: 600_000 }, async () => {
    const db = t.database.db;
    const world = await makeRandomizationWorld(db, t.clock.now());
    const scheme = await makeScheme(db, world, {
      blockSizes: [4, 6],
      strataFactors: [
        {
          code: 'age',
          label: 'Age',
          levels: [
            { code: 'lt65', label: '< 65' },
            { code: 'ge65', label: '≥ 65' },
          ],
        },
        {
          code: 'sex',
          label: 'Sex',
          levels: [
            { code: 'f', label: 'Female' },
            { code: 'm', label: 'Male' },
          ],
        },
      ],
    });
    const ids = await insertReadyParticipants(db, world, 1000);
    // A fixed pseudo-random mix of strata (a linear congruential generator), the same every run.
    let state = 12345;
    const strataOf = () => {
      state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
      // The high bits: an LCG's low bits cycle with short periods.
      return { age: (state >>> 16) & 1 ? 'ge65' : 'lt65', sex: (state >>> 20) & 1 ? 'm' : 'f' };
    };
    const coordinator = client(t.app, world.coordinator.cookie);
    for (const id of ids.slice(0, 3)) {
      expect((await coordinator.post(`/api/participants/${id}/randomization`, { strata: strataOf() })).statusCode).toBe(200);
    }
    const ctx = await userContext(db, world.coordinator.user.id, t.clock.now);
    for (const id of ids.slice(3)) await randomizeParticipant(db, ctx, id, { strata: strataOf() });

    const rows = await db
      .selectFrom('allocations')
      .innerJoin('participants', 'participants.id', 'allocations.participant_id')
      .select(['allocations.stratum_key', 'allocations.position', 'allocations.arm_code', 'participants.randomization_number'])
      .where('allocations.scheme_id', '=', scheme.id)
      .orderBy('allocations.stratum_key')
      .orderBy('allocations.position')
      .execute();
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((r) => r.randomization_number))).toEqual(new Set(ids.map((_, i) => `R${String(i + 1).padStart(4, '0')}`)));
    const byStratum = new Map<string, typeof rows>();
    for (const row of rows) byStratum.set(row.stratum_key, [...(byStratum.get(row.stratum_key) ?? []), row]);
    expect([...byStratum.keys()].sort()).toEqual(['age=ge65|sex=f', 'age=ge65|sex=m', 'age=lt65|sex=f', 'age=lt65|sex=m']);
    const stored = await db.selectFrom('randomization_schemes').select('seed').where('id', '=', scheme.id).executeTakeFirstOrThrow();
    const design = { arms: scheme.arms, blockSizes: [4, 6] };
    for (const [key, list] of byStratum) {
      // Positions follow allocation order in the stratum: the running balance is checked after each one.
      expect(list.map((r) => r.position)).toEqual(list.map((_, i) => i));
      let difference = 0;
      for (const row of list) {
        difference += row.arm_code === 'ACTIVE' ? 1 : -1;
        expect(Math.abs(difference)).toBeLessThanOrEqual(3);
      }
      const arms = list.map((r) => r.arm_code);
      expect(allocationSequence(stored.seed, design, key, arms.length)).toEqual(arms);
      expect(allocationSequence(stored.seed, design, key, arms.length)).toEqual(arms);
      expect(allocationSequence('0f'.repeat(32), design, key, arms.length)).not.toEqual(arms);
    }

    const pharmacist = client(t.app, world.pharmacist.cookie);
    const verification = await pharmacist.get(`/api/studies/${world.study.id}/randomization-scheme/verification`);
    expect(verification.json()).toEqual({
      seedSha256: scheme.seedSha256,
      seedMatchesHash: true,
      checked: 1000,
      matching: 1000,
      mismatches: [],
    });

    // An altered arm is caught (the table is written only by randomization; this simulates tampering).
    const victim = ids[500] as string;
    const before = await db.selectFrom('allocations').select('arm_code').where('participant_id', '=', victim).executeTakeFirstOrThrow();
    const flipped = before.arm_code === 'ACTIVE' ? 'PLACEBO' : 'ACTIVE';
    await db.updateTable('allocations').set({ arm_code: flipped }).where('participant_id', '=', victim).execute();
    const tampered = (await pharmacist.get(`/api/studies/${world.study.id}/randomization-scheme/verification`)).json();
    expect(tampered).toMatchObject({ checked: 1000, matching: 999 });
    expect(tampered.mismatches).toEqual([
      expect.objectContaining({ participantId: victim, recordedArm: flipped, expectedArm: before.arm_code }),
    ]);
    // Another sponsor's pharmacist finds no such study.
    expect((await as.outsidePharmacist.get(`/api/studies/${world.study.id}/randomization-scheme/verification`)).statusCode).toBe(404);
    expect((await as.outsidePharmacist.get(`/api/studies/${world.study.id}/allocations`)).statusCode).toBe(404);
  });
});

describe('other designs', () => {
  it('balances 2:1 within every block', async () => {
    const db = t.database.db;
    const world = await makeRandomizationWorld(db, t.clock.now());
    await makeFinalProtocol(db, world.study.id, { versionLabel: '3.0', ...sampleStructure({ ratio: '2:1' }) });
    const scheme = await makeScheme(db, world, { blockSizes: [3, 6] });
    expect(scheme.arms).toEqual([
      { code: 'ACTIVE', ratio: 2 },
      { code: 'PLACEBO', ratio: 1 },
    ]);
    const ids = await insertReadyParticipants(db, world, 36);
    const ctx = await userContext(db, world.coordinator.user.id, t.clock.now);
    for (const id of ids) await randomizeParticipant(db, ctx, id, { strata: {} });
    const arms = (
      await db.selectFrom('allocations').select('arm_code').where('scheme_id', '=', scheme.id).orderBy('position').execute()
    ).map((r) => r.arm_code);
    const stored = await db.selectFrom('randomization_schemes').select('seed').where('id', '=', scheme.id).executeTakeFirstOrThrow();
    for (let k = 0; ; k++) {
      const block = blockAt(stored.seed, { arms: scheme.arms, blockSizes: [3, 6] }, 'all', k);
      if (block.start + block.arms.length > arms.length) break;
      const inBlock = arms.slice(block.start, block.start + block.arms.length);
      expect(inBlock.filter((a) => a === 'ACTIVE').length).toBe((inBlock.length * 2) / 3);
    }
  });

  it('gives distinct positions and numbers to randomizations sent at once', async () => {
    const db = t.database.db;
    const world = await makeRandomizationWorld(db, t.clock.now());
    const scheme = await makeScheme(db, world, { blockSizes: [4] });
    const ids = await insertReadyParticipants(db, world, 8);
    const coordinator = client(t.app, world.coordinator.cookie);
    const responses = await Promise.all(ids.map((id) => coordinator.post(`/api/participants/${id}/randomization`, { strata: {} })));
    expect(responses.map((r) => r.statusCode)).toEqual(ids.map(() => 200));
    const numbers = responses.map((r) => r.json().randomizationNumber).sort();
    expect(numbers).toEqual(['R0001', 'R0002', 'R0003', 'R0004', 'R0005', 'R0006', 'R0007', 'R0008']);
    const positions = await db
      .selectFrom('allocations')
      .select('position')
      .where('scheme_id', '=', scheme.id)
      .orderBy('position')
      .execute();
    expect(positions.map((p) => p.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const verification = await client(t.app, world.pharmacist.cookie).get(
      `/api/studies/${world.study.id}/randomization-scheme/verification`,
    );
    expect(verification.json()).toMatchObject({ checked: 8, matching: 8 });
  });

  it.each(['open', 'single'] as const)('shows the arm to all staff in a study whose blinding is %s', async (blinding) => {
    const db = t.database.db;
    const world = await makeRandomizationWorld(db, t.clock.now());
    await makeScheme(db, world, { blinding, blockSizes: [2] });
    const [id] = await insertReadyParticipants(db, world, 1);
    const coordinator = client(t.app, world.coordinator.cookie);
    const randomized = await coordinator.post(`/api/participants/${id}/randomization`, { strata: {} });
    expect(randomized.statusCode).toBe(200);
    const arm = randomized.json().arm;
    expect(['ACTIVE', 'PLACEBO']).toContain(arm.code);
    for (const cookie of [world.cra.cookie, world.manager.cookie, world.coordinator.cookie]) {
      expect((await client(t.app, cookie).get(`/api/audit?entityType=allocation&entityId=${id}`)).statusCode).toBe(200);
      expect((await client(t.app, cookie).get(`/api/participants/${id}`)).body).toContain(arm.code);
    }
    // There is nothing to unblind.
    const investigator = client(t.app, world.investigator.cookie);
    const refused = await investigator.post(`/api/participants/${id}/emergency-unblinding`, { reason: 'test', password: testPassword });
    expect(refused.statusCode).toBe(409);
  });
});
