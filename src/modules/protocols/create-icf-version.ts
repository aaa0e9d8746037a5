import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { findVisibleDocument } from '../documents/document.repo.js';
import { assertCanWriteProtocol } from './assert-can-write-protocol.js';
import { insertIcfVersion, toIcfVersion } from './icf.repo.js';
import type { CreateIcfVersion, IcfVersion } from './icf.schemas.js';
import { findProtocolVersionOfStudy, findStudyForProtocols } from './protocol.repo.js';

/** Registers a version of the study's informed consent form in one language. */
export async function createIcfVersion(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  { reason, ...input }: CreateIcfVersion,
): Promise<IcfVersion> {
  try {
    return await db.transaction().execute(async (tx) => {
      const study = await findStudyForProtocols(tx, ctx, studyId);
      if (!study) throw notFound('study');
      assertCanWriteProtocol(ctx, study);
      if (input.protocolVersionId) {
        const protocol = await findProtocolVersionOfStudy(tx, studyId, input.protocolVersionId);
        if (!protocol) throw invalidField('/protocolVersionId', 'No such protocol version in this study.');
      }
      if (input.documentId) {
        // The caller must see the document itself, not only the study (a site's file is the site's).
        const document = await findVisibleDocument(tx, ctx, input.documentId);
        if (!document || document.study_id !== studyId) throw invalidField('/documentId', "No such document in this study's file.");
      }
      const row = await insertIcfVersion(tx, {
        study_id: studyId,
        version_label: input.versionLabel,
        language: input.language,
        protocol_version_id: input.protocolVersionId ?? null,
        document_id: input.documentId ?? null,
      });
      const created = toIcfVersion(row);
      await writeAuditEvent(tx, ctx, {
        entityType: 'icf_version',
        entityId: row.id,
        action: 'create',
        changes: diffChanges(null, created, ['id', 'version', 'createdAt', 'updatedAt']),
        reason,
      });
      return created;
    });
  } catch (error) {
    rethrowUniqueViolation(error, {
      icf_versions_study_id_version_label_language_key: {
        pointer: '/versionLabel',
        detail: 'The study has a consent form version with this label in this language already.',
      },
    });
  }
}
