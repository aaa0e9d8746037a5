import type { PrescreenCandidateRow } from '../../platform/db/schema-participants.js';

/** A candidate's audited fields: pseudonymous (the identity is audited as entity 'identity'). */
export function candidateAuditFields(row: PrescreenCandidateRow) {
  return {
    studySiteId: row.study_site_id,
    identityId: row.identity_id,
    source: row.source,
    prescreenedOn: row.prescreened_on,
    outcome: row.outcome,
    outcomeReason: row.outcome_reason,
  };
}
