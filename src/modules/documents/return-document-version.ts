import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { loadVersionForReview, setReviewStatus } from './load-version-for-review.js';

/** A reviewer sends a version back to whoever filed it, saying why. */
export async function returnDocumentVersion(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { documentId: string; versionId: string },
  expectedVersion: number,
  reason: string,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const { version } = await loadVersionForReview(tx, ctx, ids, 'document.approve', expectedVersion, ['submitted']);
    await setReviewStatus(tx, version, 'returned', reason, ctx.now());
    await writeAuditEvent(tx, ctx, {
      entityType: 'document_version',
      entityId: version.id,
      action: 'status_change',
      changes: [{ field: 'reviewStatus', old: 'submitted', new: 'returned' }],
      reason,
    });
  });
}
