import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import type { DocumentRule } from './document.schemas.js';

export async function listDocumentRules(db: Kysely<DB>, studyId: string): Promise<DocumentRule[]> {
  const rows = await db
    .selectFrom('document_rules')
    .innerJoin('tmf_artifacts', 'tmf_artifacts.artifact_number', 'document_rules.artifact_number')
    .selectAll('document_rules')
    .select('tmf_artifacts.name as artifact_name')
    .where('study_id', '=', studyId)
    .orderBy('document_rules.artifact_number')
    .orderBy('applies_to')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    studyId: row.study_id,
    artifactNumber: row.artifact_number,
    artifactName: row.artifact_name,
    appliesTo: row.applies_to as DocumentRule['appliesTo'],
    createdAt: iso(row.created_at),
  }));
}
