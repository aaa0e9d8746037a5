import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { invalid, notFound } from '../../platform/errors.js';
import { assertCanWriteProtocol } from './assert-can-write-protocol.js';
import {
  findStudyForProtocols,
  insertProtocolVersion,
  loadProtocolVersion,
  nextVersionNumber,
  protocolUniqueFields,
  replaceStructure,
} from './protocol.repo.js';
import type { CreateProtocolVersion, ProtocolVersion } from './protocol.schemas.js';
import { protocolHeader } from './protocol-audit.js';
import { diffStructure } from './protocol-diff.js';
import { validateStructure } from './validate-protocol-structure.js';

/** Starts a protocol version (a draft) written from scratch; an amendment copies one instead. */
export async function createProtocolVersion(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  { reason, versionLabel, summaryOfChanges, ...structure }: CreateProtocolVersion,
): Promise<ProtocolVersion> {
  try {
    return await db.transaction().execute(async (tx) => {
      const study = await findStudyForProtocols(tx, ctx, studyId);
      if (!study) throw notFound('study');
      assertCanWriteProtocol(ctx, study);
      const errors = validateStructure(structure);
      if (errors.length > 0) throw invalid(errors);
      const row = await insertProtocolVersion(tx, {
        study_id: studyId,
        version_number: await nextVersionNumber(tx, studyId),
        version_label: versionLabel,
        summary_of_changes: summaryOfChanges ?? null,
        // The request's clock, as finalizing and every later update use (never the database's):
        // a version written on a recorded past day must not read as created after its last update.
        created_at: ctx.now(),
        updated_at: ctx.now(),
      });
      await replaceStructure(tx, row.id, structure);
      const created = await loadProtocolVersion(tx, row);
      await writeAuditEvent(tx, ctx, {
        entityType: 'protocol_version',
        entityId: row.id,
        action: 'create',
        changes: [...diffChanges(null, protocolHeader(created), []), ...diffStructure(null, structure)],
        reason,
      });
      return created;
    });
  } catch (error) {
    rethrowUniqueViolation(error, protocolUniqueFields);
  }
}
