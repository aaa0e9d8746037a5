import { type Kysely, sql } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { localDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow, RandomizationSchemeRow } from '../../platform/db/schema-participants.js';
import { conflict, forbidden, invalid, invalidField, notFound } from '../../platform/errors.js';
import { canAtStudySite, findVisibleParticipant } from '../participants/participant-access.js';
import { generateSchedule } from '../visits/schedule.js';
import { armShownTo } from './arm-shown-to.js';
import { armAt, stratumKeyOf } from './permuted-blocks.js';
import type { Randomize, RandomizedParticipant } from './randomization.schemas.js';
import { toRandomizedParticipant } from './randomized-participant.js';

/**
 * Enrolls a screened participant by allocating the next position of their stratum. Locks, in
 * this order for every caller: the participant, the scheme (its randomization number), the
 * stratum (its position), so two coordinators randomizing at once get distinct positions and
 * numbers and neither waits on the other's locks in reverse.
 */
export async function randomizeParticipant(
  db: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  input: Randomize,
): Promise<RandomizedParticipant> {
  return db.transaction().execute(async (tx) => {
    const visible = await findVisibleParticipant(tx, ctx, participantId);
    if (!visible) throw notFound('participant');
    if (!canAtStudySite(ctx, 'participant.randomize', visible.studySite)) throw forbidden();
    // Enrollment happens at an activated site only (the activation gate of the start-up module).
    if (visible.studySite.status !== 'active') {
      const detail = `Participants are randomized only at an active study-site; this one is ${visible.studySite.status}.`;
      throw conflict(detail, [{ pointer: '', detail }]);
    }
    const participant = await tx
      .selectFrom('participants')
      .selectAll()
      .where('id', '=', participantId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    assertReady(participant);
    const scheme = await tx
      .selectFrom('randomization_schemes')
      .selectAll()
      .where('study_id', '=', participant.study_id)
      .forUpdate()
      .executeTakeFirst();
    if (!scheme) throw conflict('The study has no randomization scheme yet.');
    const strata = checkedStrata(scheme, input.strata);
    const stratumKey = stratumKeyOf(scheme.strata_factors, strata, scheme.stratify_by_site ? visible.studySite.site_number : null);
    const enrolledOn = await enrollmentDate(tx, ctx, participant, input.enrolledOn);

    const position = await takePosition(tx, scheme.id, stratumKey);
    const armCode = armAt(scheme.seed, { arms: scheme.arms, blockSizes: scheme.block_sizes }, stratumKey, position);
    const randomizationNumber = `R${String(scheme.next_randomization_number).padStart(4, '0')}`;
    const now = ctx.now();
    await tx
      .updateTable('randomization_schemes')
      .set({ next_randomization_number: scheme.next_randomization_number + 1 })
      .where('id', '=', scheme.id)
      .execute();
    await tx
      .insertInto('allocations')
      .values({
        participant_id: participantId,
        scheme_id: scheme.id,
        stratum_key: stratumKey,
        position,
        arm_code: armCode,
        allocated_at: now,
      })
      .execute();
    const updated = await tx
      .updateTable('participants')
      .set({
        status: 'enrolled',
        enrolled_on: enrolledOn,
        randomization_number: randomizationNumber,
        strata: JSON.stringify(strata),
        version: participant.version + 1,
        updated_at: now,
      })
      .where('id', '=', participantId)
      .returningAll()
      .executeTakeFirstOrThrow();

    // The participant's history is read by blinded roles: it carries no arm.
    await writeAuditEvent(tx, ctx, {
      entityType: 'participant',
      entityId: participantId,
      action: 'status_change',
      changes: [
        { field: 'status', old: participant.status, new: 'enrolled' },
        { field: 'enrolledOn', old: participant.enrolled_on, new: enrolledOn },
        { field: 'randomizationNumber', old: participant.randomization_number, new: randomizationNumber },
        { field: 'strata', old: participant.strata, new: strata },
      ],
      reason: input.reason,
    });
    // The allocation's history is read only by those who may see the arm (participant-history.ts).
    await writeAuditEvent(tx, ctx, {
      entityType: 'allocation',
      entityId: participantId,
      action: 'create',
      changes: [
        { field: 'schemeId', old: null, new: scheme.id },
        { field: 'stratumKey', old: null, new: stratumKey },
        { field: 'position', old: null, new: position },
        { field: 'armCode', old: null, new: armCode },
        { field: 'randomizationNumber', old: null, new: randomizationNumber },
      ],
      reason: input.reason,
    });
    await generateSchedule(tx, ctx, participantId, 'randomization');
    const after = { participant: updated, studySite: visible.studySite };
    return toRandomizedParticipant(updated, await armShownTo(tx, ctx, after));
  });
}

function assertReady(participant: ParticipantRow): void {
  if (participant.status !== 'screening') {
    throw conflict(`Only a participant in screening can be randomized; this one is ${participant.status}.`, [
      { pointer: '/status', detail: `Is ${participant.status}, not screening.` },
    ]);
  }
  const missing = [
    ...(participant.consented_on === null ? [{ pointer: '/consentedOn', detail: 'No consent is recorded.' }] : []),
    ...(participant.eligibility_confirmed_at === null
      ? [{ pointer: '/eligibilityConfirmedAt', detail: 'Eligibility is not confirmed by an investigator.' }]
      : []),
  ];
  if (missing.length > 0) throw conflict(`Not ready for randomization: ${missing.map((m) => m.detail).join(' ')}`, missing);
}

/** Every factor needs one of its levels; nothing else may be sent. */
function checkedStrata(scheme: RandomizationSchemeRow, given: Record<string, string>): Record<string, string> {
  const errors = scheme.strata_factors.flatMap((factor) => {
    const level = given[factor.code];
    if (level === undefined) return [{ pointer: `/strata/${factor.code}`, detail: `Required: one of ${codes(factor.levels)}.` }];
    if (!factor.levels.some((l) => l.code === level)) {
      return [{ pointer: `/strata/${factor.code}`, detail: `Must be one of ${codes(factor.levels)}.` }];
    }
    return [];
  });
  for (const key of Object.keys(given)) {
    if (!scheme.strata_factors.some((f) => f.code === key))
      errors.push({ pointer: `/strata/${key}`, detail: 'Not a stratification factor of this study.' });
  }
  if (errors.length > 0) throw invalid(errors, 'The stratification factors do not fit the scheme.');
  return Object.fromEntries(scheme.strata_factors.map((f) => [f.code, given[f.code] as string]));
}

const codes = (levels: { code: string }[]) => levels.map((l) => l.code).join(', ');

/** The site's calendar day, or the day given: not in the future and not before consent. */
async function enrollmentDate(db: Kysely<DB>, ctx: RequestContext, participant: ParticipantRow, given: string | undefined) {
  const site = await db
    .selectFrom('study_sites')
    .innerJoin('sites', 'sites.id', 'study_sites.site_id')
    .select('sites.time_zone')
    .where('study_sites.id', '=', participant.study_site_id)
    .executeTakeFirstOrThrow();
  const today = localDate(ctx.now(), site.time_zone);
  if (given === undefined) return today;
  if (given > today) throw invalidField('/enrolledOn', `Cannot be after today at the site (${today}).`);
  if (participant.consented_on && given < participant.consented_on) {
    throw invalidField('/enrolledOn', `Cannot be before consent (${participant.consented_on}).`);
  }
  return given;
}

/** The stratum's next position, under a row lock held to commit. */
async function takePosition(db: Kysely<DB>, schemeId: string, stratumKey: string): Promise<number> {
  await db
    .insertInto('randomization_strata')
    .values({ scheme_id: schemeId, stratum_key: stratumKey })
    .onConflict((oc) => oc.columns(['scheme_id', 'stratum_key']).doNothing())
    .execute();
  const stratum = await db
    .selectFrom('randomization_strata')
    .select('assigned')
    .where('scheme_id', '=', schemeId)
    .where('stratum_key', '=', stratumKey)
    .forUpdate()
    .executeTakeFirstOrThrow();
  await db
    .updateTable('randomization_strata')
    .set({ assigned: sql`assigned + 1` })
    .where('scheme_id', '=', schemeId)
    .where('stratum_key', '=', stratumKey)
    .execute();
  return stratum.assigned;
}
