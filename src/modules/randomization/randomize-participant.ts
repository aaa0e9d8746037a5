import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow, RandomizationSchemeRow } from '../../platform/db/schema-participants.js';
import { conflict, forbidden, invalid, invalidField, notFound } from '../../platform/errors.js';
import { armShownTo } from '../participants/blinding.repo.js';
import { canAtStudySite, lockParticipant } from '../participants/participant-access.repo.js';
import { enrollParticipant } from '../participants/participant-lifecycle.js';
import { assertReadyForRandomization } from '../participants/participant-status.js';
import { studySiteToday } from '../study-sites/study-site.repo.js';
import { generateSchedule } from '../visits/schedule.js';
import { armAt, stratumKeyOf } from './permuted-blocks.js';
import { insertAllocation, takeRandomizationNumber, takeStratumPosition, unsafeLockScheme } from './randomization.repo.js';
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
    const visible = await lockParticipant(tx, ctx, participantId);
    if (!visible) throw notFound('participant');
    if (!canAtStudySite(ctx, 'participant.randomize', visible.studySite)) throw forbidden();
    // Enrollment happens at an activated site only (the activation gate of the start-up module).
    if (visible.studySite.status !== 'active') {
      const detail = `Participants are randomized only at an active study-site; this one is ${visible.studySite.status}.`;
      throw conflict(detail, [{ pointer: '', detail }]);
    }
    const { participant } = visible;
    assertReadyForRandomization(participant);
    const scheme = await unsafeLockScheme(tx, participant.study_id);
    if (!scheme) throw conflict('The study has no randomization scheme yet.');
    const strata = checkedStrata(scheme, input.strata);
    const stratumKey = stratumKeyOf(scheme.strata_factors, strata, scheme.stratify_by_site ? visible.studySite.site_number : null);
    const enrolledOn = enrollmentDate(studySiteToday(visible.studySite, ctx.now()), participant, input.enrolledOn);

    const position = await takeStratumPosition(tx, scheme.id, stratumKey);
    const armCode = armAt(scheme.seed, { arms: scheme.arms, blockSizes: scheme.block_sizes }, stratumKey, position);
    const randomizationNumber = `R${String(scheme.next_randomization_number).padStart(4, '0')}`;
    const now = ctx.now();
    await takeRandomizationNumber(tx, scheme);
    await insertAllocation(tx, {
      participant_id: participantId,
      scheme_id: scheme.id,
      stratum_key: stratumKey,
      position,
      arm_code: armCode,
      allocated_at: now,
    });
    const after = await enrollParticipant(tx, ctx, visible, { enrolledOn, randomizationNumber, strata, reason: input.reason });
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
    return toRandomizedParticipant(after.participant, await armShownTo(tx, ctx, after));
  });
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
function enrollmentDate(today: string, participant: ParticipantRow, given: string | undefined): string {
  if (given === undefined) return today;
  if (given > today) throw invalidField('/enrolledOn', `Cannot be after today at the site (${today}).`);
  if (participant.consented_on && given < participant.consented_on) {
    throw invalidField('/enrolledOn', `Cannot be before consent (${participant.consented_on}).`);
  }
  return given;
}
