import type { Kysely } from 'kysely';
import { generateSchedule } from '../../src/modules/visits/schedule.js';
import { systemContext } from '../../src/platform/context.js';
import { addDays, localDate } from '../../src/platform/dates.js';
import type { DB } from '../../src/platform/db/schema.js';
import { makeTenant, makeUser } from './factories.js';
import { approveIcf, approveProtocol, makeFinalProtocol, makeIcfVersion } from './protocol-factories.js';
import { makeStaffMember } from './start-up-factories.js';

/**
 * A study-site ready for visits, dated relative to `now` in the site's time zone: protocol 1.0
 * (sampleStructure: every visit counted from baseline) and consent form 1.0 approved 200 days
 * ago, a coordinator at the site, a CRA at the CRO, and the person who obtains consent.
 */
export async function makeVisitWorld(db: Kysely<DB>, now: Date) {
  const tenant = await makeTenant(db);
  const { study, studySite, site, siteOrg, cro } = tenant;
  const ids = { studyId: study.id, studySiteId: studySite.id };
  const today = localDate(now, site.timeZone);
  const day = (offset: number) => addDays(today, offset);
  const clock = () => now;
  const protocol = await makeFinalProtocol(db, study.id, { versionLabel: '1.0' }, clock);
  await approveProtocol(db, ids, protocol.id, day(-200), clock);
  const icf = await makeIcfVersion(db, study.id, '1.0');
  await approveIcf(db, ids, icf.id, day(-200), clock);
  const coordinator = await makeUser(db, siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: site.id }], now);
  const cra = await makeUser(db, cro.id, [{ role: 'cra', scopeType: 'organization', scopeId: cro.id }], now);
  const consenter = await makeStaffMember(db, site.id, 'study_coordinator');
  return { ...tenant, ids, protocol, icf, coordinator, cra, consenter, today, day, clock };
}
export type VisitWorld = Awaited<ReturnType<typeof makeVisitWorld>>;

let subjectSeq = 0;

/**
 * A participant made by direct inserts (the participants module's own use cases are tested
 * there): screened, consented on the world's form on `consentedOn`, and when `enrolledOn` is
 * given randomized that day with the schedule generated as randomization generates it.
 */
export async function makeVisitParticipant(
  db: Kysely<DB>,
  world: VisitWorld,
  options: { consentedOn: string; enrolledOn?: string; fullName?: string },
) {
  subjectSeq += 1;
  const identity = await db
    .insertInto('identities')
    .values({ study_site_id: world.studySite.id, full_name: options.fullName ?? 'Pat Participant' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const participant = await db
    .insertInto('participants')
    .values({
      study_id: world.study.id,
      study_site_id: world.studySite.id,
      subject_number: `V-${String(subjectSeq).padStart(4, '0')}-${Math.random().toString(36).slice(2, 6)}`,
      identity_id: identity.id,
      status: options.enrolledOn ? 'enrolled' : 'screening',
      screened_on: options.consentedOn,
      consented_on: options.consentedOn,
      enrolled_on: options.enrolledOn ?? null,
      randomization_number: options.enrolledOn ? `R-${subjectSeq}` : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('consents')
    .values({
      participant_id: participant.id,
      icf_version_id: world.icf.id,
      kind: 'initial',
      consented_at: `${options.consentedOn}T15:00:00Z`,
      consented_on: options.consentedOn,
      obtained_by_person_id: world.consenter.personId,
    })
    .execute();
  const ctx = systemContext('test-setup', world.clock);
  await db.transaction().execute(async (tx) => {
    await generateSchedule(tx, ctx, participant.id, 'consent');
    if (options.enrolledOn) await generateSchedule(tx, ctx, participant.id, 'randomization');
  });
  return participant;
}
