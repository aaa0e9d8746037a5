import type { Kysely } from 'kysely';
import type { FieldChange } from '../../platform/audit/audit-events.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { assertCanWriteProtocol } from '../protocols/assert-can-write-protocol.js';
import {
  findCrfMetadataVersion,
  listCrfStudyEvents,
  lockProtocolVersionStatus,
  protocolVisitsOf,
  setStudyEventVisit,
  touchCrfMetadataVersion,
} from './crf-metadata.repo.js';
import type { CrfMetadata, UpdateEventMapping } from './crf-metadata.schemas.js';
import { findProtocolVersionForCrf } from './crf-metadata-access.js';
import { readModel } from './load-crf-metadata.js';

/**
 * A study manager sets which protocol visit each study event is collected at (or none). Each
 * event whose visit changes is one audited field change; an unknown event OID or visit code
 * answers 400 naming the entry. Frozen with the protocol version once it is final (409).
 */
export async function updateEventMapping(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  protocolVersionId: string,
  input: UpdateEventMapping,
): Promise<CrfMetadata> {
  const version = await findProtocolVersionForCrf(db, ctx, studyId, protocolVersionId);
  assertCanWriteProtocol(ctx, { id: version.study_id, sponsor_org_id: version.sponsor_org_id, cro_org_id: version.cro_org_id });
  return db.transaction().execute(async (tx) => {
    const locked = await lockProtocolVersionStatus(tx, protocolVersionId);
    const row = await findCrfMetadataVersion(tx, protocolVersionId);
    if (!row) throw notFound('CRF metadata for this protocol version');
    if (locked.status === 'final')
      throw conflict('The protocol version is final: its visit mapping cannot change. Amend the protocol to change it.');
    const events = new Map((await listCrfStudyEvents(tx, row.id)).map((e) => [e.oid, e]));
    const visitCodes = new Set((await protocolVisitsOf(tx, protocolVersionId)).map((v) => v.code));
    const errors = input.mappings.flatMap((m, index) => [
      ...(events.has(m.studyEventOid)
        ? []
        : [{ pointer: `/mappings/${index}/studyEventOid`, detail: `No study event "${m.studyEventOid}" in the CRF metadata.` }]),
      ...(m.visitCode === null || visitCodes.has(m.visitCode)
        ? []
        : [{ pointer: `/mappings/${index}/visitCode`, detail: `The protocol version has no visit "${m.visitCode}".` }]),
    ]);
    if (errors.length > 0) throw invalid(errors);
    const changes: FieldChange[] = [];
    for (const m of input.mappings) {
      const event = events.get(m.studyEventOid);
      if (!event || event.visit_code === m.visitCode) continue;
      await setStudyEventVisit(tx, event.id, m.visitCode, m.visitCode === null ? null : 'manual');
      changes.push({ field: `eventMapping.${m.studyEventOid}`, old: event.visit_code, new: m.visitCode });
      event.visit_code = m.visitCode;
    }
    if (changes.length > 0) {
      await touchCrfMetadataVersion(tx, row, ctx.now());
      await writeAuditEvent(tx, ctx, {
        entityType: 'crf_metadata_version',
        entityId: row.id,
        action: 'update',
        changes,
        reason: input.reason,
      });
    }
    const updated = await findCrfMetadataVersion(tx, protocolVersionId);
    return readModel(tx, updated ?? row);
  });
}
