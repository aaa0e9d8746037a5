import type { Insertable, Kysely, Selectable } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { findVisibleStudy, inVisibleStudy } from '../studies/study.repo.js';
import type { DocumentRule } from './document.schemas.js';

/** What the study expects; empty when the caller does not see the study. */
export async function listDocumentRules(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<DocumentRule[]> {
  const rows = await db
    .selectFrom('document_rules')
    .innerJoin('tmf_artifacts', 'tmf_artifacts.artifact_number', 'document_rules.artifact_number')
    .selectAll('document_rules')
    .select('tmf_artifacts.name as artifact_name')
    .where('study_id', '=', studyId)
    .where(inVisibleStudy(ctx, 'document_rules.study_id'))
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

/** The study's rules; undefined when the caller does not see the study (404). */
export async function listVisibleDocumentRules(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<DocumentRule[] | undefined> {
  if (!(await findVisibleStudy(db, ctx, studyId))) return undefined;
  return listDocumentRules(db, ctx, studyId);
}

/** A new rule of a study whose set-up the use case has checked the caller may change. Returns its id. */
export async function insertDocumentRule(tx: Kysely<DB>, values: Insertable<DB['document_rules']>): Promise<string> {
  const { id } = await tx.insertInto('document_rules').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Removes a rule of the study; undefined when the study has no such rule. */
export function deleteDocumentRule(tx: Kysely<DB>, studyId: string, ruleId: string): Promise<Selectable<DB['document_rules']> | undefined> {
  return tx.deleteFrom('document_rules').where('id', '=', ruleId).where('study_id', '=', studyId).returningAll().executeTakeFirst();
}
