import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { isTmfArtifact } from '../../platform/reference/tmf-reference-model.repo.js';
import { findVisibleStudy, studyScope } from '../studies/study.repo.js';
import type { DocumentRule, ruleTargets } from './document.schemas.js';
import { deleteDocumentRule, insertDocumentRule, listDocumentRules } from './document-rules.repo.js';

/** Expects an artifact of every site, every principal investigator or every sub-investigator. */
export async function addDocumentRule(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  input: { artifactNumber: string; appliesTo: (typeof ruleTargets)[number]; reason?: string | null },
): Promise<DocumentRule> {
  try {
    return await db.transaction().execute(async (tx) => {
      const study = await findVisibleStudy(tx, ctx, studyId);
      if (!study) throw notFound('study');
      assertCan(ctx, 'documentRule.write', studyScope(study));
      if (!(await isTmfArtifact(tx, input.artifactNumber)))
        throw invalidField('/artifactNumber', 'Not an artifact of the TMF Reference Model v3.3.1.');
      const id = await insertDocumentRule(tx, { study_id: studyId, artifact_number: input.artifactNumber, applies_to: input.appliesTo });
      await writeAuditEvent(tx, ctx, {
        entityType: 'document_rule',
        entityId: id,
        action: 'create',
        changes: [
          { field: 'studyId', old: null, new: studyId },
          { field: 'artifactNumber', old: null, new: input.artifactNumber },
          { field: 'appliesTo', old: null, new: input.appliesTo },
        ],
        reason: input.reason,
      });
      const rule = (await listDocumentRules(tx, ctx, studyId)).find((r) => r.id === id);
      if (!rule) throw notFound('rule');
      return rule;
    });
  } catch (error) {
    rethrowUniqueViolation(error, {
      document_rules_study_id_artifact_number_applies_to_key: { pointer: '/artifactNumber', detail: 'The study expects this already.' },
    });
  }
}

export async function removeDocumentRule(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  ruleId: string,
  reason?: string | null,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const study = await findVisibleStudy(tx, ctx, studyId);
    if (!study) throw notFound('study');
    assertCan(ctx, 'documentRule.write', studyScope(study));
    const rule = await deleteDocumentRule(tx, studyId, ruleId);
    if (!rule) throw notFound('rule');
    await writeAuditEvent(tx, ctx, {
      entityType: 'document_rule',
      entityId: ruleId,
      action: 'delete',
      changes: [
        { field: 'artifactNumber', old: rule.artifact_number, new: null },
        { field: 'appliesTo', old: rule.applies_to, new: null },
      ],
      reason,
    });
  });
}
