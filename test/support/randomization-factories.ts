import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { putRandomizationScheme } from '../../src/modules/randomization/put-randomization-scheme.js';
import type { PutScheme } from '../../src/modules/randomization/randomization.schemas.js';
import type { DB } from '../../src/platform/db/schema.js';
import { makeUser } from './factories.js';
import { makeParticipantWorld, userContext } from './participant-factories.js';

/**
 * The participant world (participant-factories.ts) plus the people around randomization: a
 * study manager (sponsor), a CRA (CRO), an unblinded pharmacist (study grant) and a
 * coordinator of another sponsor's world for the 404 checks.
 */
export async function makeRandomizationWorld(db: Kysely<DB>, now: Date) {
  const world = await makeParticipantWorld(db, now);
  const manager = await makeUser(
    db,
    world.sponsor.id,
    [{ role: 'study_manager', scopeType: 'organization', scopeId: world.sponsor.id }],
    now,
  );
  const cra = await makeUser(db, world.cro.id, [{ role: 'cra', scopeType: 'organization', scopeId: world.cro.id }], now);
  const pharmacist = await makeUser(
    db,
    world.siteOrg.id,
    [{ role: 'unblinded_pharmacist', scopeType: 'study', scopeId: world.study.id }],
    now,
  );
  const clock = () => now;
  return {
    ...world,
    manager,
    cra,
    pharmacist,
    managerContext: () => userContext(db, manager.user.id, clock),
  };
}
export type RandomizationWorld = Awaited<ReturnType<typeof makeRandomizationWorld>>;

/** Saves a scheme as the world's study manager. */
export async function makeScheme(db: Kysely<DB>, world: RandomizationWorld, input: Partial<PutScheme> = {}) {
  const { scheme } = await putRandomizationScheme(
    db,
    await world.managerContext(),
    world.study.id,
    { blinding: 'double', blockSizes: [4, 6], strataFactors: [], stratifyBySite: false, ...input },
    undefined,
  );
  return scheme;
}

/**
 * Participants ready for randomization (screening, consented, eligibility confirmed by the
 * world's investigator), inserted directly for speed: the screening, consent and eligibility
 * use cases are the participants module's and tested there. Returns their ids in insertion order.
 */
export async function insertReadyParticipants(db: Kysely<DB>, world: RandomizationWorld, count: number): Promise<string[]> {
  const batch = randomUUID().slice(0, 6);
  const rows = Array.from({ length: count }, (_, i) => ({
    study_id: world.study.id,
    study_site_id: world.studySite.id,
    subject_number: `T${batch}-${String(i + 1).padStart(4, '0')}`,
    coordinator_user_id: world.coordinator.user.id,
    screened_on: world.day(-10),
    consented_on: world.day(-10),
    eligibility_confirmed_at: new Date(`${world.day(-5)}T12:00:00Z`),
    eligibility_confirmed_by_user_id: world.investigator.user.id,
  }));
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await db
      .insertInto('participants')
      .values(rows.slice(i, i + 500))
      .returning(['id', 'subject_number'])
      .execute();
    inserted.sort((a, b) => a.subject_number.localeCompare(b.subject_number));
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}
