import type { Kysely } from 'kysely';
import { signDelegationEntry } from '../../src/modules/delegation/sign-delegation-entry.js';
import type { IdentityInput, ParticipantPage } from '../../src/modules/participants/participant.schemas.js';
import { recordConsent } from '../../src/modules/participants/record-consent.js';
import { screenParticipant } from '../../src/modules/participants/screen-participant.js';
import { loadActor } from '../../src/platform/auth/sessions.repo.js';
import type { RequestContext } from '../../src/platform/context.js';
import type { DB } from '../../src/platform/db/schema.js';
import { makeDelegationEntry, makeDelegationWorld, makeTrainingRecord } from './delegation-factories.js';
import { makeUser, testPassword } from './factories.js';
import { approveIcf, approveProtocol, makeFinalProtocol, makeIcfVersion } from './protocol-factories.js';
import { makeStaffMember } from './start-up-factories.js';

/** A request context for a user, with the grants the database holds now (as a request would read them). */
export async function userContext(db: Kysely<DB>, userId: string, now: () => Date = () => new Date()): Promise<RequestContext> {
  const actor = await loadActor(db, userId);
  if (!actor) throw new Error(`no active user ${userId}`);
  return { actor, requestId: `test:${userId.slice(0, 8)}`, now };
}

/**
 * Everything a participant needs at one active study-site, dated relative to `now`: the delegation
 * world (PI, trained sub-investigator, coordinator user), a final protocol 2.0 and an en-US
 * consent form 1.0 approved at the site 60 days ago, a coordinator person linked to the
 * coordinator user and validly delegated 'obtain_consent', and an investigator user linked to
 * the sub-investigator, validly delegated 'assess_eligibility' and 'obtain_consent'.
 */
export async function makeParticipantWorld(db: Kysely<DB>, now: Date) {
  const world = await makeDelegationWorld(db, now);
  const { study, studySite, site, siteOrg, day } = world;
  const ids = { studyId: study.id, studySiteId: studySite.id };
  const clock = () => now;

  // Participants are randomized at an activated study-site only.
  await db.updateTable('study_sites').set({ status: 'active' }).where('id', '=', studySite.id).execute();
  const protocol = await makeFinalProtocol(db, study.id, { versionLabel: '2.0' }, clock);
  await approveProtocol(db, ids, protocol.id, day(-60), clock);
  const icf = await makeIcfVersion(db, study.id, '1.0 dated 2025-01-01');
  await approveIcf(db, ids, icf.id, day(-60), clock);

  const coordinatorPerson = await makeStaffMember(db, site.id, 'study_coordinator', 'Casey Coordinator');
  await makeTrainingRecord(db, coordinatorPerson.personId, { kind: 'gcp', completedOn: day(-365) });
  await makeTrainingRecord(db, coordinatorPerson.personId, {
    kind: 'protocol',
    studyId: study.id,
    protocolVersion: '2.0',
    completedOn: day(-30),
  });
  await db.updateTable('people').set({ user_id: world.coordinator.user.id }).where('id', '=', coordinatorPerson.personId).execute();

  const investigator = await makeUser(db, siteOrg.id, [{ role: 'investigator', scopeType: 'site', scopeId: site.id }], now);
  await db.updateTable('people').set({ user_id: investigator.user.id }).where('id', '=', world.subI.personId).execute();

  const piContext = await userContext(db, world.piUser.user.id, clock);
  for (const [personId, tasks] of [
    [coordinatorPerson.personId, ['obtain_consent']],
    [world.subI.personId, ['assess_eligibility', 'obtain_consent']],
  ] as const) {
    const entry = await makeDelegationEntry(db, ids, { personId, tasks: [...tasks] });
    await signDelegationEntry(db, piContext, { ...ids, entryId: entry.id }, entry.version, {
      password: testPassword,
      meaning: 'approval',
    });
  }

  return {
    ...world,
    protocol,
    icf,
    coordinatorPerson,
    /** The investigator user, linked to the sub-investigator person (world.subI). */
    investigator,
    coordinatorContext: () => userContext(db, world.coordinator.user.id, clock),
    investigatorContext: () => userContext(db, investigator.user.id, clock),
  };
}
export type ParticipantWorld = Awaited<ReturnType<typeof makeParticipantWorld>>;

/**
 * Screens a participant at the world's study-site and records their initial consent on the
 * world's consent form, obtained by the coordinator, as the coordinator user: the state from
 * which randomization and visits start. Returns the participant page as the coordinator sees it.
 */
export async function screenAndConsent(
  db: Kysely<DB>,
  world: ParticipantWorld,
  options: { identity?: IdentityInput; consentedAt?: Date; now?: () => Date } = {},
): Promise<ParticipantPage> {
  const ctx = await userContext(db, world.coordinator.user.id, options.now);
  const screened = await screenParticipant(db, ctx, world.studySite.id, {
    identity: options.identity ?? { fullName: 'Pat Participant', dateOfBirth: '1970-05-04', phone: null, email: null },
  });
  return recordConsent(db, ctx, screened.id, {
    icfVersionId: world.icf.id,
    consentedAt: (options.consentedAt ?? ctx.now()).toISOString(),
    obtainedByPersonId: world.coordinatorPerson.personId,
  });
}
