import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { loadVersionForReview, setReviewStatus } from './load-version-for-review.js';

export async function submitDocumentVersion(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { documentId: string; versionId: string },
  expectedVersion: number,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const { version } = await loadVersionForReview(tx, ctx, ids, 'document.write', expectedVersion, ['draft', 'returned']);
    await setReviewStatus(tx, version, 'submitted', null, ctx.now());
    await writeAuditEvent(tx, ctx, {
      entityType: 'document_version',
      entityId: version.id,
      action: 'status_change',
      changes: [{ field: 'reviewStatus', old: version.review_status, new: 'submitted' }],
    });
  });
}
