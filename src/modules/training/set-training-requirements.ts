import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { findVisibleStudy, studyScope } from '../studies/study.repo.js';
import { deleteTrainingRequirement, insertTrainingRequirement, toTrainingRequirement } from './training.repo.js';
import type { CreateTrainingRequirement, TrainingRequirement } from './training.schemas.js';

/**
 * What a study requires of a role is part of setting the study up, like its expected
 * documents: the study's managers (study.update on the study) keep it, not the sites.
 */
async function loadStudyForSetUp(tx: Kysely<DB>, ctx: RequestContext, studyId: string) {
  const study = await findVisibleStudy(tx, ctx, studyId);
  if (!study) throw notFound('study');
  assertCan(ctx, 'study.update', studyScope(study));
  return study;
}

export async function addTrainingRequirement(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  { reason, ...input }: CreateTrainingRequirement,
): Promise<TrainingRequirement> {
  try {
    return await db.transaction().execute(async (tx) => {
      await loadStudyForSetUp(tx, ctx, studyId);
      const row = await insertTrainingRequirement(tx, {
        study_id: studyId,
        role: input.role,
        kind: input.kind,
        protocol_version: input.protocolVersion ?? null,
        title: input.kind === 'other' ? (input.title ?? null) : null,
      });
      const requirement = toTrainingRequirement(row);
      await writeAuditEvent(tx, ctx, {
        entityType: 'training_requirement',
        entityId: row.id,
        action: 'create',
        changes: [
          { field: 'studyId', old: null, new: studyId },
          { field: 'role', old: null, new: requirement.role },
          { field: 'kind', old: null, new: requirement.kind },
          { field: 'protocolVersion', old: null, new: requirement.protocolVersion },
          { field: 'title', old: null, new: requirement.title },
        ],
        reason,
      });
      return requirement;
    });
  } catch (error) {
    rethrowUniqueViolation(error, {
      training_requirements_key: { pointer: '/kind', detail: 'The study requires this of the role already.' },
    });
  }
}

export async function removeTrainingRequirement(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  requirementId: string,
  reason?: string | null,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await loadStudyForSetUp(tx, ctx, studyId);
    const row = await deleteTrainingRequirement(tx, studyId, requirementId);
    if (!row) throw notFound('training requirement');
    await writeAuditEvent(tx, ctx, {
      entityType: 'training_requirement',
      entityId: requirementId,
      action: 'delete',
      changes: [
        { field: 'role', old: row.role, new: null },
        { field: 'kind', old: row.kind, new: null },
        { field: 'protocolVersion', old: row.protocol_version, new: null },
        { field: 'title', old: row.title, new: null },
      ],
      reason,
    });
  });
}
