import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditEntry } from '../../platform/audit/audit-events.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { insertImportedParticipants } from './imported-participant.repo.js';

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

/** The first consent of an imported participant, on the form version in force that day (checked by the import). */
export interface ImportedConsent {
  consentedOn: string;
  icfVersionId: string;
  icfVersionLabel: string | undefined;
  obtainedByPersonId: string;
}

export interface ImportedIdentityValues {
  id: string;
  study_site_id: string;
  full_name: string;
  date_of_birth: string | null;
  phone: string | null;
  email: string | null;
}

export interface ImportedParticipantValues {
  id: string;
  study_id: string;
  study_site_id: string;
  subject_number: string;
  identity_id: string | null;
  coordinator_user_id: string | null;
  status: string;
  consent_language: string;
  screened_on: string;
  consented_on: string | null;
  screen_failed_on: string | null;
  screen_fail_reason: string | null;
  randomization_number: string | null;
  enrolled_on: string | null;
  completed_on: string | null;
  withdrawn_on: string | null;
  withdrawal_scope: string | null;
  withdrawal_reason: string | null;
  lost_on: string | null;
}

export interface ImportedConsentValues {
  id: string;
  participant_id: string;
  icf_version_id: string;
  kind: 'initial';
  consented_at: string;
  consented_on: string;
  obtained_by_person_id: string;
  recorded_by_user_id: string | null;
}

/** What one imported participant writes: their rows and the audit entries that record them. */
export interface ImportedParticipantRecords {
  identity?: ImportedIdentityValues;
  participant: ImportedParticipantValues;
  consent?: ImportedConsentValues;
  audit: AuditEntry[];
}

const identityColumns = ['full_name', 'date_of_birth', 'phone', 'email'] as const;
const importReason = 'Imported from CSV';

/**
 * The participant (and their identity, when named, and their first consent, when given) with
 * the audit entries of each, planned without the database; writeImportedParticipants writes
 * many of them at once.
 */
export function planImportedParticipant(
  ctx: RequestContext,
  studySite: { id: string; study_id: string },
  p: ImportedParticipant,
  coordinatorUserId: string | null,
  consent: ImportedConsent | undefined,
): ImportedParticipantRecords {
  const audit: AuditEntry[] = [];
  let identity: ImportedIdentityValues | undefined;
  if (p.full_name) {
    identity = {
      id: randomUUID(),
      study_site_id: studySite.id,
      full_name: p.full_name,
      date_of_birth: p.date_of_birth ?? null,
      phone: p.phone ?? null,
      email: p.email ?? null,
    };
    // The identity's own history names only which fields were given, never their values elsewhere.
    audit.push({
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
    identity_id: identity?.id ?? null,
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
  const participant = { id: randomUUID(), ...values };
  audit.push({
    entityType: 'participant',
    entityId: participant.id,
    action: 'create',
    changes: Object.entries(values)
      .filter(([field, value]) => value !== null && field !== 'identity_id')
      .map(([field, value]) => ({ field, old: null, new: value })),
    reason: importReason,
  });
  if (!consent) return { identity, participant, audit };
  const { consentedOn } = consent;
  const consentRow: ImportedConsentValues = {
    id: randomUUID(),
    participant_id: participant.id,
    icf_version_id: consent.icfVersionId,
    kind: 'initial',
    // The source system gives the day only: noon UTC keeps that day at sites within ±11 hours.
    consented_at: `${consentedOn}T12:00:00Z`,
    consented_on: consentedOn,
    obtained_by_person_id: consent.obtainedByPersonId,
    recorded_by_user_id: actorUserId(ctx.actor),
  };
  audit.push({
    entityType: 'consent',
    entityId: consentRow.id,
    action: 'create',
    changes: [
      { field: 'participantId', old: null, new: participant.id },
      { field: 'icfVersion', old: null, new: consent.icfVersionLabel },
      { field: 'consentedOn', old: null, new: consentedOn },
      { field: 'obtainedByPersonId', old: null, new: consent.obtainedByPersonId },
    ],
    reason: importReason,
  });
  return { identity, participant, consent: consentRow, audit };
}

/**
 * Writes planned participants, set-based, in the import's transaction. Their audit entries
 * (`audit` of each) are the import's to write in the same transaction: it writes all of them
 * at its end, so that the audit chain's lock is held only for that.
 */
export async function writeImportedParticipants(tx: Kysely<DB>, records: ImportedParticipantRecords[]): Promise<void> {
  await insertImportedParticipants(tx, {
    identities: records.flatMap((r) => (r.identity ? [r.identity] : [])),
    participants: records.map((r) => r.participant),
    consents: records.flatMap((r) => (r.consent ? [r.consent] : [])),
  });
}
