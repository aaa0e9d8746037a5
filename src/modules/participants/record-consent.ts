import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import { inTransaction } from '../../platform/db/in-transaction.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.js';
import { assertValidlyDelegated } from '../delegation/evaluate-delegation.js';
import { findIcfVersionOfStudy } from '../protocols/icf.repo.js';
import { unsafeIcfInForceAt } from '../protocols/in-force.js';
import { studySiteToday } from '../study-sites/study-site.repo.js';
import { closeReconsentTask, findOpenReconsentTask, insertConsent } from './consent.repo.js';
import { loadParticipantPageAfterWrite } from './participant.repo.js';
import type { ParticipantPage, RecordConsent } from './participant.schemas.js';
import { canAtStudySite, lockParticipant } from './participant-access.repo.js';
import { assertActive } from './participant-status.js';
import { visitSchedule } from './visit-schedule-port.js';

/**
 * Records informed consent as given (ICH E6(R3) 2.8): on the consent form version in force at
 * the site that day in the participant's language, obtained by a person validly delegated
 * 'obtain_consent' that day. The first consent starts the schedule of visits; a consent on the
 * version of an open re-consent task is a re-consent and closes the task.
 */
export async function recordConsent(
  db: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  input: RecordConsent,
): Promise<ParticipantPage> {
  return db.transaction().execute(async (tx) => {
    await recordConsentWrite(tx, ctx, participantId, input);
    return loadParticipantPageAfterWrite(tx, ctx, participantId);
  });
}

/**
 * The write of recordConsent without the page it answers with, for a caller with no use for it (the
 * demo seed replays hundreds): in the caller's transaction, or in its own.
 */
export async function recordConsentWrite(db: Kysely<DB>, ctx: RequestContext, participantId: string, input: RecordConsent): Promise<void> {
  return inTransaction(db, async (tx) => {
    const visible = await lockParticipant(tx, ctx, participantId);
    if (!visible) throw notFound('participant');
    const { participant, studySite } = visible;
    if (!canAtStudySite(ctx, 'participant.write', studySite)) throw forbidden();
    assertActive(participant.status, 'record a consent');

    const consentedAt = new Date(input.consentedAt);
    if (consentedAt.getTime() > ctx.now().getTime()) throw invalidField('/consentedAt', 'Cannot be in the future.');
    const consentedOn = studySiteToday(studySite, consentedAt);

    const icf = await findIcfVersionOfStudy(tx, participant.study_id, input.icfVersionId);
    if (!icf) throw invalidField('/icfVersionId', 'No such consent form version in this study.');
    const [inForce] = await unsafeIcfInForceAt(tx, studySite.id, consentedOn, participant.consent_language);
    if (inForce?.id !== icf.id) {
      const detail = inForce
        ? `Consent form ${icf.version_label} is not the one in force at this site on ${consentedOn} in ${participant.consent_language}: ${inForce.versionLabel} is (approved ${inForce.approval.approvedOn}).`
        : `No consent form in ${participant.consent_language} is approved at this site on ${consentedOn}.`;
      throw invalidField('/icfVersionId', detail);
    }

    await assertValidlyDelegated(tx, {
      studySiteId: studySite.id,
      task: 'obtain_consent',
      on: consentedOn,
      personId: input.obtainedByPersonId,
    });

    const openTask = await findOpenReconsentTask(tx, visible, icf.id);
    const kind = participant.consented_on === null ? 'initial' : openTask ? 're_consent' : null;
    if (!kind) {
      const detail = `The participant has consented already; a new consent on ${icf.version_label} needs an open re-consent task for that version.`;
      throw conflict(detail, [{ pointer: '/icfVersionId', detail }]);
    }

    const consent = await insertConsent(tx, {
      participant_id: participantId,
      icf_version_id: icf.id,
      kind,
      consented_at: consentedAt,
      consented_on: consentedOn,
      obtained_by_person_id: input.obtainedByPersonId,
      recorded_by_user_id: actorUserId(ctx.actor),
    });
    await writeAuditEvent(tx, ctx, {
      entityType: 'consent',
      entityId: consent.id,
      action: 'create',
      changes: [
        { field: 'participantId', old: null, new: participantId },
        { field: 'kind', old: null, new: kind },
        { field: 'icfVersionId', old: null, new: icf.id },
        { field: 'icfVersionLabel', old: null, new: icf.version_label },
        { field: 'consentedAt', old: null, new: consentedAt.toISOString() },
        { field: 'consentedOn', old: null, new: consentedOn },
        { field: 'obtainedByPersonId', old: null, new: input.obtainedByPersonId },
      ],
    });

    if (kind === 'initial') {
      await updateVersioned(tx, 'participants', participantId, participant.version, { consented_on: consentedOn }, ctx.now());
      await writeAuditEvent(tx, ctx, {
        entityType: 'participant',
        entityId: participantId,
        action: 'update',
        changes: [{ field: 'consentedOn', old: null, new: consentedOn }],
      });
      await visitSchedule().planVisits(tx, ctx, participantId, 'consent');
    } else if (openTask) {
      await closeReconsentTask(tx, openTask.id, consent.id, ctx.now());
      await writeAuditEvent(tx, ctx, {
        entityType: 'reconsent_task',
        entityId: openTask.id,
        action: 'status_change',
        changes: [
          { field: 'status', old: 'open', new: 'done' },
          { field: 'consentId', old: null, new: consent.id },
        ],
      });
    }
  });
}
