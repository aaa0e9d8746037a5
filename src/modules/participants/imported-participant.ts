import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { insertConsent } from './consent.repo.js';
import { insertIdentity } from './identity.repo.js';
import { insertParticipant } from './participant.repo.js';

/**
 * A participant as another system recorded them, written by this module (the participants
 * table's one writer) for participant-import, in the import's transaction. The import checked
 * every row and the study-site (participant.write there) first.
 */
export interface ImportedParticipant {
  subject_number: string;
  status: string;
  consent_language: string;
  screened_on: string;
  full_name?: string;
  date_of_birth?: string;
  phone?: string;
  email?: string;
  consented_on?: string;
  screen_failed_on?: string;
  screen_fail_reason?: string;
  randomization_number?: string;
  enrolled_on?: string;
  completed_on?: string;
  withdrawn_on?: string;
  withdrawal_scope?: string;
  withdrawal_reason?: string;
  lost_on?: string;
}

const identityColumns = ['full_name', 'date_of_birth', 'phone', 'email'] as const;
const importReason = 'Imported from CSV';

/** Writes the participant (and their identity, when named), audited; returns the participant's id. */
export async function createImportedParticipant(
  tx: Kysely<DB>,
  ctx: RequestContext,
  studySite: { id: string; study_id: string },
  p: ImportedParticipant,
  coordinatorUserId: string | null,
): Promise<string> {
  let identityId: string | null = null;
  if (p.full_name) {
    const identity = await insertIdentity(tx, {
      study_site_id: studySite.id,
      full_name: p.full_name,
      date_of_birth: p.date_of_birth ?? null,
      phone: p.phone ?? null,
      email: p.email ?? null,
    });
    identityId = identity.id;
    // The identity's own history names only which fields were given, never their values elsewhere.
    await writeAuditEvent(tx, ctx, {
      entityType: 'identity',
      entityId: identity.id,
      action: 'create',
      changes: identityColumns.filter((c) => p[c]).map((c) => ({ field: c, old: null, new: p[c] })),
      reason: importReason,
    });
  }
  const values = {
    study_id: studySite.study_id,
    study_site_id: studySite.id,
    subject_number: p.subject_number,
    identity_id: identityId,
    coordinator_user_id: coordinatorUserId,
    status: p.status,
    consent_language: p.consent_language,
    screened_on: p.screened_on,
    consented_on: p.consented_on ?? null,
    screen_failed_on: p.screen_failed_on ?? null,
    screen_fail_reason: p.screen_fail_reason ?? null,
    randomization_number: p.randomization_number ?? null,
    enrolled_on: p.enrolled_on ?? null,
    completed_on: p.completed_on ?? null,
    withdrawn_on: p.withdrawn_on ?? null,
    withdrawal_scope: p.withdrawal_scope ?? null,
    withdrawal_reason: p.withdrawal_reason ?? null,
    lost_on: p.lost_on ?? null,
  };
  const { id } = await insertParticipant(tx, values);
  await writeAuditEvent(tx, ctx, {
    entityType: 'participant',
    entityId: id,
    action: 'create',
    changes: Object.entries(values)
      .filter(([field, value]) => value !== null && field !== 'identity_id')
      .map(([field, value]) => ({ field, old: null, new: value })),
    reason: importReason,
  });
  return id;
}

/** The first consent of an imported participant, on the form version in force that day (checked by the import). */
export async function recordImportedConsent(
  tx: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  consent: { consentedOn: string; icfVersionId: string; icfVersionLabel: string | undefined; obtainedByPersonId: string },
): Promise<void> {
  const { consentedOn } = consent;
  const { id } = await insertConsent(tx, {
    participant_id: participantId,
    icf_version_id: consent.icfVersionId,
    kind: 'initial',
    // The source system gives the day only: noon UTC keeps that day at sites within ±11 hours.
    consented_at: `${consentedOn}T12:00:00Z`,
    consented_on: consentedOn,
    obtained_by_person_id: consent.obtainedByPersonId,
    recorded_by_user_id: actorUserId(ctx.actor),
  });
  await writeAuditEvent(tx, ctx, {
    entityType: 'consent',
    entityId: id,
    action: 'create',
    changes: [
      { field: 'participantId', old: null, new: participantId },
      { field: 'icfVersion', old: null, new: consent.icfVersionLabel },
      { field: 'consentedOn', old: null, new: consentedOn },
      { field: 'obtainedByPersonId', old: null, new: consent.obtainedByPersonId },
    ],
    reason: importReason,
  });
}
