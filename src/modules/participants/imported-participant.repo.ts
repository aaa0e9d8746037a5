import type { Kysely } from 'kysely';
import { insertMany } from '../../platform/db/insert-many.js';
import type { DB } from '../../platform/db/schema.js';
import type { ImportedConsentValues, ImportedIdentityValues, ImportedParticipantValues } from './imported-participant.js';

/**
 * The rows of many imported participants, set-based, in the import's transaction (its caller
 * checked participant.write at the study-site first). Ids are made by the import, so that the
 * audit rows can name them without reading the rows back.
 */
export async function insertImportedParticipants(
  tx: Kysely<DB>,
  rows: { identities: ImportedIdentityValues[]; participants: ImportedParticipantValues[]; consents: ImportedConsentValues[] },
): Promise<void> {
  await insertMany(tx, 'identities', identityTypes, rows.identities);
  await insertMany(tx, 'participants', participantTypes, rows.participants);
  await insertMany(tx, 'consents', consentTypes, rows.consents);
}

const identityTypes = { id: 'uuid', study_site_id: 'uuid', full_name: 'text', date_of_birth: 'date', phone: 'text', email: 'text' };

const participantTypes = {
  id: 'uuid',
  study_id: 'uuid',
  study_site_id: 'uuid',
  subject_number: 'text',
  identity_id: 'uuid',
  coordinator_user_id: 'uuid',
  status: 'text',
  consent_language: 'text',
  screened_on: 'date',
  consented_on: 'date',
  screen_failed_on: 'date',
  screen_fail_reason: 'text',
  randomization_number: 'text',
  enrolled_on: 'date',
  completed_on: 'date',
  withdrawn_on: 'date',
  withdrawal_scope: 'text',
  withdrawal_reason: 'text',
  lost_on: 'date',
};

const consentTypes = {
  id: 'uuid',
  participant_id: 'uuid',
  icf_version_id: 'uuid',
  kind: 'text',
  consented_at: 'timestamptz',
  consented_on: 'date',
  obtained_by_person_id: 'uuid',
  recorded_by_user_id: 'uuid',
};
