import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, notFound } from '../../platform/errors.js';
import { assertCanWriteProtocol } from './assert-can-write-protocol.js';
import {
  findVisibleProtocolVersion,
  insertProtocolVersion,
  loadProtocolVersion,
  nextVersionNumber,
  protocolUniqueFields,
  replaceStructure,
  structureOf,
} from './protocol.repo.js';
import type { AmendProtocolVersion, ProtocolVersion } from './protocol.schemas.js';
import { protocolHeader } from './protocol-audit.js';
import { diffStructure } from './protocol-diff.js';

/** An amendment: a new draft that starts as a copy of a final version, to be changed and finalized. */
export async function amendProtocolVersion(
  db: Kysely<DB>,
  ctx: RequestContext,
  sourceId: string,
  { reason, versionLabel, summaryOfChanges }: AmendProtocolVersion,
): Promise<ProtocolVersion> {
  try {
    return await db.transaction().execute(async (tx) => {
      const source = await findVisibleProtocolVersion(tx, ctx, sourceId);
      if (!source) throw notFound('protocol version');
      assertCanWriteProtocol(ctx, { id: source.study_id, sponsor_org_id: source.sponsor_org_id, cro_org_id: source.cro_org_id });
      if (source.status !== 'final') throw conflict('Only a final protocol version can be amended; change the draft itself instead.');
      const structure = structureOf(await loadProtocolVersion(tx, source));
      const row = await insertProtocolVersion(tx, {
        study_id: source.study_id,
        version_number: await nextVersionNumber(tx, source.study_id),
        version_label: versionLabel,
        summary_of_changes: summaryOfChanges ?? null,
        amends_version_id: source.id,
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
