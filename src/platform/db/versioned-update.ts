import type { Kysely } from 'kysely';
import { preconditionFailed } from '../errors.js';
import type { DB } from './schema.js';

type VersionedTable =
  | 'organizations'
  | 'studies'
  | 'sites'
  | 'study_sites'
  | 'users'
  | 'people'
  | 'site_staff'
  | 'documents'
  | 'document_versions'
  | 'feasibility_questionnaires'
  | 'feasibility_invitations'
  | 'feasibility_responses'
  | 'milestone_templates'
  | 'study_site_milestones'
  | 'training_records'
  | 'delegation_tasks'
  | 'delegation_entries'
  | 'protocol_versions'
  | 'participants'
  | 'prescreen_candidates'
  | 'identities'
  | 'participant_settings'
  | 'randomization_schemes'
  | 'participant_visits'
  | 'protocol_deviations';

/**
 * Optimistic concurrency: the update applies only to the version the client read, and bumps
 * it. A stale version changes nothing and answers 412.
 */
export async function updateVersioned(
  tx: Kysely<DB>,
  table: VersionedTable,
  id: string,
  expectedVersion: number,
  columns: Record<string, unknown>,
  now: Date,
): Promise<void> {
  // Every versioned table has id, version and updated_at; the cast lets one function serve them all.
  const result = await tx
    .updateTable(table as 'studies')
    .set({ ...columns, version: expectedVersion + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw preconditionFailed();
}
