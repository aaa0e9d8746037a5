import type { ParticipantRow } from '../../platform/db/schema-participants.js';
import { iso } from '../../platform/db/timestamps.js';
import type { ShownArm } from '../participants/blinding.repo.js';
import type { RandomizedParticipant } from './randomization.schemas.js';

/** The participant after randomization, pseudonymous; the arm only as armShownTo gave it. */
export function toRandomizedParticipant(row: ParticipantRow, arm: ShownArm | null): RandomizedParticipant {
  return {
    id: row.id,
    studyId: row.study_id,
    studySiteId: row.study_site_id,
    subjectNumber: row.subject_number,
    status: row.status,
    randomizationNumber: row.randomization_number,
    strata: row.strata,
    enrolledOn: row.enrolled_on,
    arm,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
