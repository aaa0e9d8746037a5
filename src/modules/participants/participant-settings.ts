import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { invalidField, notFound, preconditionFailed } from '../../platform/errors.js';
import { findStudyForProtocols } from '../protocols/protocol.repo.js';
import { studyScope } from '../studies/study.repo.js';
import type { ParticipantSettings } from './participant.schemas.js';
import { lockParticipantSettings, saveParticipantSettings } from './participant-settings.repo.js';
import { subjectNumberFormatOf, subjectNumberFormatProblem } from './subject-number.js';

export async function getParticipantSettings(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<ParticipantSettings> {
  if (!(await findStudyForProtocols(db, ctx, studyId))) throw notFound('study');
  const { format, version } = await subjectNumberFormatOf(db, studyId);
  return { studyId, subjectNumberFormat: format, version };
}

/**
 * Sets how the study's subject numbers are written (If-Match: version 0 before the first save).
 * Numbers already given stay as they are; the per-site sequence carries on.
 */
export async function updateParticipantSettings(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  expectedVersion: number,
  input: { subjectNumberFormat: string; reason?: string | null },
): Promise<ParticipantSettings> {
  const problem = subjectNumberFormatProblem(input.subjectNumberFormat);
  if (problem) throw invalidField('/subjectNumberFormat', problem);
  return db.transaction().execute(async (tx) => {
    const study = await findStudyForProtocols(tx, ctx, studyId);
    if (!study) throw notFound('study');
    assertCan(ctx, 'randomization.configure', studyScope(study));
    const current = await lockParticipantSettings(tx, studyId);
    if ((current?.version ?? 0) !== expectedVersion) throw preconditionFailed();
    const before = current?.subject_number_format ?? null;
    await saveParticipantSettings(tx, studyId, current, input.subjectNumberFormat, ctx.now());
    if (before !== input.subjectNumberFormat) {
      await writeAuditEvent(tx, ctx, {
        entityType: 'participant_settings',
        entityId: studyId,
        action: current ? 'update' : 'create',
        changes: [{ field: 'subjectNumberFormat', old: before, new: input.subjectNumberFormat }],
        reason: input.reason,
      });
    }
    return { studyId, subjectNumberFormat: input.subjectNumberFormat, version: expectedVersion + 1 };
  });
}
