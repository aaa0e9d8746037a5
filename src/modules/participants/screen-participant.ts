import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { can } from '../../platform/auth/authorize.js';
import { loadActor } from '../../platform/auth/sessions.repo.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.js';
import { studySiteScope, studySiteToday } from '../study-sites/study-site.repo.js';
import { assertMayIdentify, createIdentity } from './identity.js';
import { insertParticipant, toParticipant } from './participant.repo.js';
import type { Participant, ScreenParticipant } from './participant.schemas.js';
import { canAtStudySite, findStudySiteForParticipants } from './participant-access.repo.js';
import { takeSubjectSequence } from './participant-settings.repo.js';
import { lockCandidateAtStudySite } from './prescreen.repo.js';
import { formatSubjectNumber, subjectNumberFormatOf } from './subject-number.js';

/**
 * Screening makes a participant: status 'screening', a subject number from the study's format
 * and the study-site's counter, and (held apart) the identity of a pre-screened candidate or
 * one given now. The candidate's pre-screening outcome becomes 'screened'.
 */
export async function screenParticipant(
  db: Kysely<DB>,
  ctx: RequestContext,
  studySiteId: string,
  input: ScreenParticipant,
  /** When the route names the study too: a study-site of another study answers 404. */
  studyId?: string,
): Promise<Participant> {
  try {
    return await db.transaction().execute(async (tx) => {
      const studySite = await findStudySiteForParticipants(tx, ctx, studySiteId, studyId);
      if (!studySite) throw notFound('study-site');
      if (!canAtStudySite(ctx, 'participant.write', studySite)) throw forbidden();
      if (input.identity) assertMayIdentify(ctx, studySite);
      if (input.identity && input.candidateId) {
        throw invalidField('/identity', "A pre-screened candidate's identity is taken from the candidate: send one or the other.");
      }
      const today = studySiteToday(studySite, ctx.now());
      const screenedOn = input.screenedOn ?? today;
      if (screenedOn > today) throw invalidField('/screenedOn', `Cannot be in the future (today at the site is ${today}).`);

      let identityId: string | null = null;
      if (input.candidateId) {
        const candidate = await lockCandidateAtStudySite(tx, studySite.id, input.candidateId);
        if (!candidate) throw invalidField('/candidateId', 'No such pre-screening candidate at this study-site.');
        if (candidate.outcome === 'screened') {
          const detail = 'This candidate was screened already.';
          throw conflict(detail, [{ pointer: '/candidateId', detail }]);
        }
        identityId = candidate.identity_id;
        await updateVersioned(
          tx,
          'prescreen_candidates',
          candidate.id,
          candidate.version,
          { outcome: 'screened', outcome_reason: null },
          ctx.now(),
        );
        await writeAuditEvent(tx, ctx, {
          entityType: 'prescreen_candidate',
          entityId: candidate.id,
          action: 'status_change',
          changes: [
            { field: 'outcome', old: candidate.outcome, new: 'screened' },
            ...(candidate.outcome_reason ? [{ field: 'outcomeReason', old: candidate.outcome_reason, new: null }] : []),
          ],
          reason: input.reason,
        });
      } else if (input.identity) {
        identityId = (await createIdentity(tx, ctx, studySite.id, input.identity, input.reason)).id;
      }

      const coordinatorUserId = input.coordinatorUserId ?? actorUserId(ctx.actor);
      if (input.coordinatorUserId) {
        const coordinator = await loadActor(tx, input.coordinatorUserId);
        if (!coordinator || !can(coordinator, 'participant.write', studySiteScope(studySite))) {
          throw invalidField('/coordinatorUserId', 'Must be an active user who works with participants at this study-site.');
        }
      }

      const { format } = await subjectNumberFormatOf(tx, studySite.study_id);
      const seq = await takeSubjectSequence(tx, studySite.id);
      const subjectNumber = formatSubjectNumber(format, { site: studySite.site_number, study: studySite.study_short_name, seq });
      const row = await insertParticipant(tx, {
        study_id: studySite.study_id,
        study_site_id: studySite.id,
        subject_number: subjectNumber,
        identity_id: identityId,
        candidate_id: input.candidateId ?? null,
        coordinator_user_id: coordinatorUserId,
        consent_language: input.consentLanguage ?? 'en-US',
        screened_on: screenedOn,
        // The request's clock, as every later update of the row uses: a participant screened on
        // a recorded past day must not read as created after it was last updated (#11).
        created_at: ctx.now(),
        updated_at: ctx.now(),
      });
      await writeAuditEvent(tx, ctx, {
        entityType: 'participant',
        entityId: row.id,
        action: 'create',
        changes: [
          { field: 'studySiteId', old: null, new: row.study_site_id },
          { field: 'subjectNumber', old: null, new: row.subject_number },
          { field: 'status', old: null, new: row.status },
          { field: 'screenedOn', old: null, new: row.screened_on },
          { field: 'candidateId', old: null, new: row.candidate_id },
          { field: 'identityId', old: null, new: row.identity_id },
          { field: 'coordinatorUserId', old: null, new: row.coordinator_user_id },
          { field: 'consentLanguage', old: null, new: row.consent_language },
        ],
        reason: input.reason,
      });
      return toParticipant(row, studySite.site_number);
    });
  } catch (error) {
    rethrowUniqueViolation(error, {
      participants_study_id_subject_number_key: {
        pointer: '',
        detail: "The study's subject number format gave a number already in use; change the format so numbers stay unique.",
      },
      participants_candidate_id_key: { pointer: '/candidateId', detail: 'This candidate was screened already.' },
    });
  }
}
