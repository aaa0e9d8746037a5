import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import type { Upload } from '../../platform/http/upload.js';
import type { ContentStore } from '../../platform/storage/content-store.js';
import { documentDetail, findVisibleDocument, insertDocument } from './document.repo.js';
import type { DocumentDetail, NewDocumentFields } from './document.schemas.js';
import { resolveFilingTarget } from './resolve-filing-target.js';

/** Files a new document with its first version. */
export async function uploadDocument(
  db: Kysely<DB>,
  store: ContentStore,
  ctx: RequestContext,
  fields: NewDocumentFields,
  upload: Upload,
): Promise<DocumentDetail> {
  const scope = await resolveFilingTarget(db, ctx, fields);
  assertCan(ctx, 'document.write', scope);
  // Content-addressed: storing first is safe; bytes of a failed request are simply unused.
  const { hash, size } = await store.put(upload.bytes);
  return db.transaction().execute(async (tx) => {
    const reviewStatus = fields.submit === 'true' ? 'submitted' : 'draft';
    const { documentId, versionId } = await insertDocument(
      tx,
      {
        study_id: fields.studyId,
        site_id: fields.siteId ?? null,
        person_id: fields.personId ?? null,
        artifact_number: fields.artifactNumber,
        title: fields.title,
      },
      {
        content_hash: hash,
        file_name: upload.fileName,
        media_type: upload.mediaType,
        size_bytes: size,
        effective_date: fields.effectiveDate ?? null,
        expiry_date: fields.expiryDate ?? null,
        review_status: reviewStatus,
        uploaded_by: actorUserId(ctx.actor),
        uploaded_at: ctx.now(),
      },
    );
    await writeAuditEvent(tx, ctx, {
      entityType: 'document',
      entityId: documentId,
      action: 'create',
      changes: [
        { field: 'studyId', old: null, new: fields.studyId },
        { field: 'siteId', old: null, new: fields.siteId ?? null },
        { field: 'personId', old: null, new: fields.personId ?? null },
        { field: 'artifactNumber', old: null, new: fields.artifactNumber },
        { field: 'title', old: null, new: fields.title },
      ],
    });
    await writeAuditEvent(tx, ctx, {
      entityType: 'document_version',
      entityId: versionId,
      action: 'create',
      changes: versionChanges(documentId, 1, hash, upload, fields, reviewStatus),
    });
    const row = await findVisibleDocument(tx, ctx, documentId);
    if (!row) throw notFound('document');
    return documentDetail(tx, row);
  });
}

export function versionChanges(
  documentId: string,
  versionNumber: number,
  hash: string,
  upload: Upload,
  dates: { effectiveDate?: string; expiryDate?: string },
  reviewStatus: string,
) {
  return [
    { field: 'documentId', old: null, new: documentId },
    { field: 'versionNumber', old: null, new: versionNumber },
    { field: 'contentHash', old: null, new: hash },
    { field: 'fileName', old: null, new: upload.fileName },
    { field: 'mediaType', old: null, new: upload.mediaType },
    { field: 'sizeBytes', old: null, new: upload.bytes.length },
    { field: 'effectiveDate', old: null, new: dates.effectiveDate ?? null },
    { field: 'expiryDate', old: null, new: dates.expiryDate ?? null },
    { field: 'reviewStatus', old: null, new: reviewStatus },
  ];
}
