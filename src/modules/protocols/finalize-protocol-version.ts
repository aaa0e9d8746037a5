import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { conflict, invalid, notFound, preconditionFailed } from '../../platform/errors.js';
import { assertCanWriteProtocol } from './assert-can-write-protocol.js';
import { findVisibleProtocolVersion, loadProtocolVersion, reloadProtocolVersionRow, structureOf } from './protocol.repo.js';
import type { ProtocolVersion } from './protocol.schemas.js';
import { validateForFinalize } from './validate-protocol-structure.js';

/**
 * Freezes a draft: from now on sites may approve it and its schedule may drive participants'
 * visits, so what was approved can never change underneath them (a change is an amendment).
 */
export async function finalizeProtocolVersion(
  db: Kysely<DB>,
  ctx: RequestContext,
  id: string,
  expectedVersion: number,
  reason?: string | null,
): Promise<ProtocolVersion> {
  return db.transaction().execute(async (tx) => {
    const row = await findVisibleProtocolVersion(tx, ctx, id);
    if (!row) throw notFound('protocol version');
    assertCanWriteProtocol(ctx, { id: row.study_id, sponsor_org_id: row.sponsor_org_id, cro_org_id: row.cro_org_id });
    if (row.status === 'final') throw conflict('The protocol version is final already.');
    if (row.version !== expectedVersion) throw preconditionFailed();
    const errors = validateForFinalize(structureOf(await loadProtocolVersion(tx, row)));
    if (errors.length > 0) throw invalid(errors, 'The protocol version is not complete enough to be final.');
    const now = ctx.now();
    await updateVersioned(
      tx,
      'protocol_versions',
      id,
      expectedVersion,
      { status: 'final', finalized_at: now, finalized_by_user_id: actorUserId(ctx.actor) },
      now,
    );
    const updated = await reloadProtocolVersionRow(tx, id);
    await writeAuditEvent(tx, ctx, {
      entityType: 'protocol_version',
      entityId: id,
      action: 'status_change',
      changes: [{ field: 'status', old: 'draft', new: 'final' }],
      reason,
    });
    return loadProtocolVersion(tx, updated);
  });
}
