import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { forbidden } from '../../platform/errors.js';
import { confirmSigner, recordSignature, type SignatureMeaning, type SigningSeries } from '../../platform/signatures/signatures.repo.js';
import { unsafeVersionNumberOf } from './document.repo.js';
import { loadVersionForReview, setReviewStatus } from './load-version-for-review.js';

/**
 * Approval is an electronic signature (21 CFR 11.50, 11.70, 11.200): the approver enters the
 * password again and chooses the meaning; the signature is bound to the version's content
 * hash. The document's approved pointers move in the same transaction, so completeness
 * queries see the approval at once.
 */
export async function approveDocumentVersion(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { documentId: string; versionId: string },
  expectedVersion: number,
  signing: { password: string | SigningSeries; meaning: SignatureMeaning },
): Promise<void> {
  const { version } = await loadVersionForReview(db, ctx, ids, 'document.approve', expectedVersion, ['submitted']);
  // ICH E6(R3) quality control: a second person reviews what the first one filed.
  if (ctx.actor.kind === 'user' && version.uploaded_by === ctx.actor.userId) {
    throw forbidden('Someone other than who filed this version must approve it.');
  }
  const signer = await confirmSigner(db, ctx, signing.password);
  await db.transaction().execute(async (tx) => {
    const { document, version: current } = await loadVersionForReview(tx, ctx, ids, 'document.approve', expectedVersion, ['submitted']);
    await setReviewStatus(tx, current, 'approved', null, ctx.now());
    await recordSignature(tx, ctx, signer, {
      entityType: 'document_version',
      entityId: current.id,
      contentHash: current.content_hash,
      meaning: signing.meaning,
    });
    await writeAuditEvent(tx, ctx, {
      entityType: 'document_version',
      entityId: current.id,
      action: 'status_change',
      changes: [{ field: 'reviewStatus', old: 'submitted', new: 'approved' }],
    });
    const approvedNumber = document.approved_version_id ? await unsafeVersionNumberOf(tx, document.approved_version_id) : undefined;
    // An older version approved late does not displace a newer approved one.
    if (approvedNumber === undefined || current.version_number > approvedNumber) {
      await updateVersioned(
        tx,
        'documents',
        document.id,
        document.version,
        { approved_version_id: current.id, approved_effective_date: current.effective_date, approved_expiry_date: current.expiry_date },
        ctx.now(),
      );
      await writeAuditEvent(tx, ctx, {
        entityType: 'document',
        entityId: document.id,
        action: 'update',
        changes: [
          { field: 'approvedVersionId', old: document.approved_version_id, new: current.id },
          { field: 'approvedExpiryDate', old: document.approved_expiry_date, new: current.expiry_date },
        ],
      });
    }
  });
}
