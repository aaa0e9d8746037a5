import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { insertWaiver } from './document.repo.js';
import type { CreateWaiver } from './document.schemas.js';
import { resolveFilingTarget } from './resolve-filing-target.js';

/** Accepts a missing document on purpose; the reason is kept and shown wherever the gap is. */
export async function waiveDocument(db: Kysely<DB>, ctx: RequestContext, studyId: string, input: CreateWaiver): Promise<{ id: string }> {
  try {
    return await db.transaction().execute(async (tx) => {
      const scope = await resolveFilingTarget(tx, ctx, {
        studyId,
        siteId: input.siteId,
        personId: input.personId ?? undefined,
        artifactNumber: input.artifactNumber,
      });
      assertCan(ctx, 'documentRule.write', scope);
      const id = await insertWaiver(tx, {
        study_id: studyId,
        site_id: input.siteId,
        person_id: input.personId ?? null,
        artifact_number: input.artifactNumber,
        reason: input.reason,
        created_by: actorUserId(ctx.actor),
      });
      await writeAuditEvent(tx, ctx, {
        entityType: 'document_waiver',
        entityId: id,
        action: 'create',
        changes: [
          { field: 'studyId', old: null, new: studyId },
          { field: 'siteId', old: null, new: input.siteId },
          { field: 'personId', old: null, new: input.personId ?? null },
          { field: 'artifactNumber', old: null, new: input.artifactNumber },
        ],
        reason: input.reason,
      });
      return { id };
    });
  } catch (error) {
    rethrowUniqueViolation(error, { document_waivers_key: { pointer: '/artifactNumber', detail: 'This gap is waived already.' } });
  }
}
