import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { conflict, invalid, notFound, preconditionFailed } from '../../platform/errors.js';
import { assertCanWriteProtocol } from './assert-can-write-protocol.js';
import {
  findVisibleProtocolVersion,
  loadProtocolVersion,
  protocolUniqueFields,
  reloadProtocolVersionRow,
  replaceStructure,
  structureOf,
} from './protocol.repo.js';
import type { ProtocolStructure, ProtocolVersion, UpdateProtocolVersion } from './protocol.schemas.js';
import { protocolHeader } from './protocol-audit.js';
import { diffStructure } from './protocol-diff.js';
import { validateStructure } from './validate-protocol-structure.js';

export const finalIsFrozen = 'A final protocol version is frozen: amend it to make a new version.';

/**
 * Changes a draft: its label, summary, and any section given (arms, visits with their
 * procedures, criteria), each replaced whole, in one audited transaction.
 */
export async function updateProtocolVersion(
  db: Kysely<DB>,
  ctx: RequestContext,
  id: string,
  expectedVersion: number,
  { reason, versionLabel, summaryOfChanges, ...sections }: UpdateProtocolVersion,
): Promise<ProtocolVersion> {
  try {
    return await db.transaction().execute(async (tx) => {
      const row = await findVisibleProtocolVersion(tx, ctx, id);
      if (!row) throw notFound('protocol version');
      assertCanWriteProtocol(ctx, { id: row.study_id, sponsor_org_id: row.sponsor_org_id, cro_org_id: row.cro_org_id });
      if (row.status === 'final') throw conflict(finalIsFrozen);
      if (row.version !== expectedVersion) throw preconditionFailed();
      const before = await loadProtocolVersion(tx, row);
      const given = Object.fromEntries(Object.entries(sections).filter(([, v]) => v !== undefined)) as Partial<ProtocolStructure>;
      const errors = validateStructure({ ...structureOf(before), ...given });
      if (errors.length > 0) throw invalid(errors);
      const columns: Record<string, unknown> = {};
      if (versionLabel !== undefined) columns.version_label = versionLabel;
      if (summaryOfChanges !== undefined) columns.summary_of_changes = summaryOfChanges;
      await updateVersioned(tx, 'protocol_versions', id, expectedVersion, columns, ctx.now());
      await replaceStructure(tx, id, given);
      const updatedRow = await reloadProtocolVersionRow(tx, id);
      const after = await loadProtocolVersion(tx, updatedRow);
      await writeAuditEvent(tx, ctx, {
        entityType: 'protocol_version',
        entityId: id,
        action: 'update',
        changes: [...diffChanges(protocolHeader(before), protocolHeader(after), []), ...diffStructure(structureOf(before), given)],
        reason,
      });
      return after;
    });
  } catch (error) {
    rethrowUniqueViolation(error, protocolUniqueFields);
  }
}
