import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { notFound } from '../../platform/errors.js';
import type { Upload } from '../../platform/http/upload.js';
import type { ContentStore } from '../../platform/storage/content-store.js';
import { documentDetail, documentScope, findVisibleDocument, insertDocumentVersion, nextVersionNumber } from './document.repo.js';
import type { DocumentDetail, NewVersionFields } from './document.schemas.js';
import { versionChanges } from './upload-document.js';

/** A new version never replaces the bytes of an old one; earlier signatures stay with their version. */
export async function addDocumentVersion(
  db: Kysely<DB>,
  store: ContentStore,
  ctx: RequestContext,
  documentId: string,
  expectedVersion: number,
  fields: NewVersionFields,
  upload: Upload,
): Promise<DocumentDetail> {
  const existing = await findVisibleDocument(db, ctx, documentId);
  if (!existing) throw notFound('document');
  assertCan(ctx, 'document.write', documentScope(existing));
  const { hash, size } = await store.put(upload.bytes);
  return db.transaction().execute(async (tx) => {
    const versionNumber = await nextVersionNumber(tx, documentId);
    const reviewStatus = fields.submit === 'true' ? 'submitted' : 'draft';
    const versionId = await insertDocumentVersion(tx, {
      document_id: documentId,
      version_number: versionNumber,
      content_hash: hash,
      file_name: upload.fileName,
      media_type: upload.mediaType,
      size_bytes: size,
      effective_date: fields.effectiveDate ?? null,
      expiry_date: fields.expiryDate ?? null,
      review_status: reviewStatus,
      uploaded_by: actorUserId(ctx.actor),
      uploaded_at: ctx.now(),
    });
    await updateVersioned(tx, 'documents', documentId, expectedVersion, { current_version_id: versionId }, ctx.now());
    await writeAuditEvent(tx, ctx, {
      entityType: 'document',
      entityId: documentId,
      action: 'update',
      changes: [{ field: 'currentVersionId', old: existing.current_version_id, new: versionId }],
    });
    await writeAuditEvent(tx, ctx, {
      entityType: 'document_version',
      entityId: versionId,
      action: 'create',
      changes: versionChanges(documentId, versionNumber, hash, upload, fields, reviewStatus),
    });
    const row = await findVisibleDocument(tx, ctx, documentId);
    if (!row) throw notFound('document');
    return documentDetail(tx, row);
  });
}
