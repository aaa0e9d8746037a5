import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict } from '../../platform/errors.js';
import { assertCanWriteProtocol } from '../protocols/assert-can-write-protocol.js';
import {
  findCrfMetadataVersion,
  insertCrfMetadataContents,
  lockProtocolVersionStatus,
  protocolVisitsOf,
  replaceCrfMetadataHeader,
} from './crf-metadata.repo.js';
import type { CrfMetadata } from './crf-metadata.schemas.js';
import { findProtocolVersionForCrf } from './crf-metadata-access.js';
import { countsOf, extractOdmMetadata } from './extract-odm-metadata.js';
import { readModel } from './load-crf-metadata.js';
import { mapStudyEvents } from './map-study-events.js';
import { readOdmFile } from './read-odm-file.js';

export interface OdmUpload {
  bytes: Buffer;
  fileName: string;
  metaDataVersionOid?: string | undefined;
  reason?: string | null | undefined;
}

const finalRefusal = () =>
  conflict('The protocol version is final: its forms are what sites collect and cannot be replaced. Amend the protocol to change them.');

/**
 * Imports one MetaDataVersion of an ODM 1.3.2 file as the protocol version's CRF metadata, all
 * or nothing: the file is read and checked whole (XSD, then references) before the transaction
 * opens. A draft's earlier metadata is replaced; a final version's is refused (409). Study
 * events are mapped to the version's visits by OID or name; the ones that match none are
 * listed in the answer (`unmappedEvents`) for a person to map, never guessed.
 */
export async function importCrfMetadata(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  protocolVersionId: string,
  upload: OdmUpload,
): Promise<{ created: boolean; metadata: CrfMetadata }> {
  const version = await findProtocolVersionForCrf(db, ctx, studyId, protocolVersionId);
  assertCanWriteProtocol(ctx, { id: version.study_id, sponsor_org_id: version.sponsor_org_id, cro_org_id: version.cro_org_id });
  if (version.status === 'final') throw finalRefusal();
  const metadata = extractOdmMetadata(readOdmFile(upload.bytes), upload.metaDataVersionOid);
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  const counts = countsOf(metadata);
  return db.transaction().execute(async (tx) => {
    const locked = await lockProtocolVersionStatus(tx, protocolVersionId);
    if (locked.status === 'final') throw finalRefusal();
    const existing = await findCrfMetadataVersion(tx, protocolVersionId);
    const visits = await protocolVisitsOf(tx, protocolVersionId);
    const mapping = mapStudyEvents(metadata.events, visits);
    const now = ctx.now();
    const row = await replaceCrfMetadataHeader(
      tx,
      { id: protocolVersionId, study_id: version.study_id },
      existing,
      {
        study_oid: metadata.studyOid,
        oid: metadata.oid,
        name: metadata.name,
        description: metadata.description,
        default_language: metadata.defaultLanguage,
        languages: metadata.languages,
        file_name: upload.fileName,
        file_sha256: sha256,
        imported_at: now,
        imported_by_user_id: actorUserId(ctx.actor),
      },
      now,
    );
    await insertCrfMetadataContents(tx, row.id, metadata, mapping);
    const unmapped = metadata.events.filter((e) => mapping.get(e.oid)?.visitCode == null).map((e) => e.oid);
    // One audit row per imported metadata version, as bulk imports are audited: what was read
    // (the file's SHA-256 and name), what it held (counts) and what is left to a person.
    await writeAuditEvent(tx, ctx, {
      entityType: 'crf_metadata_version',
      entityId: row.id,
      action: existing ? 'update' : 'create',
      changes: [
        { field: 'protocolVersionId', old: existing ? protocolVersionId : null, new: protocolVersionId },
        { field: 'metaDataVersionOid', old: existing?.oid ?? null, new: metadata.oid },
        { field: 'fileName', old: existing?.file_name ?? null, new: upload.fileName },
        { field: 'fileSha256', old: existing?.file_sha256 ?? null, new: sha256 },
        { field: 'counts', old: null, new: counts },
        { field: 'unmappedEvents', old: null, new: unmapped },
      ],
      reason: upload.reason ?? 'Imported from ODM',
    });
    return { created: !existing, metadata: await readModel(tx, row) };
  });
}
