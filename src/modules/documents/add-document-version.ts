import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound, preconditionFailed } from '../../platform/errors.js';
import type { Upload } from '../../platform/http/upload.js';
import type { ContentStore } from '../../platform/storage/content-store.js';
import { documentDetail, documentScope, findVisibleDocument } from './document.repo.js';
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
    const latest = await tx
      .selectFrom('document_versions')
      .select((eb) => eb.fn.max('version_number').as('n'))
      .where('document_id', '=', documentId)
      .executeTakeFirstOrThrow();
    const versionNumber = Number(latest.n ?? 0) + 1;
    const reviewStatus = fields.submit === 'true' ? 'submitted' : 'draft';
    const version = await tx
      .insertInto('document_versions')
      .values({
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
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const moved = await tx
      .updateTable('documents')
      .set({ current_version_id: version.id, version: expectedVersion + 1, updated_at: ctx.now() })
      .where('id', '=', documentId)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (moved.numUpdatedRows === 0n) throw preconditionFailed();
    await writeAuditEvent(tx, ctx, {
      entityType: 'document',
      entityId: documentId,
      action: 'update',
      changes: [{ field: 'currentVersionId', old: existing.current_version_id, new: version.id }],
    });
    await writeAuditEvent(tx, ctx, {
      entityType: 'document_version',
      entityId: version.id,
      action: 'create',
      changes: versionChanges(documentId, versionNumber, hash, upload, fields, reviewStatus),
    });
    const row = await findVisibleDocument(tx, ctx, documentId);
    if (!row) throw notFound('document');
    return documentDetail(tx, row);
  });
}
