import type { Kysely } from 'kysely';
import type { FieldChange } from '../../platform/audit/audit-events.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict } from '../../platform/errors.js';
import {
  findCrfMetadataVersion,
  insertCrfMetadataContents,
  lockProtocolVersionStatus,
  protocolVisitsOf,
  replaceCrfMetadataHeader,
} from './crf-metadata.repo.js';
import type { CrfMetadata } from './crf-metadata.schemas.js';
import { countsOf, type ExtractedMetadata } from './extract-odm-metadata.js';
import { readModel } from './load-crf-metadata.js';
import { mapStudyEvents } from './map-study-events.js';

export const finalRefusal = () =>
  conflict('The protocol version is final: its forms are what sites collect and cannot be replaced. Amend the protocol to change them.');

/** What the metadata was read from, for its row and its audit event. */
export interface MetadataSource {
  fileName: string;
  sha256: string;
  reason: string;
  /** More of what was read (a REDCap project's other files), recorded in the audit event. */
  changes?: FieldChange[];
}

/**
 * Stores checked metadata as the protocol version's CRF metadata in one transaction, whatever
 * it was read from (ODM, REDCap): a draft's earlier metadata is replaced, a final version's is
 * refused (409). Study events are mapped to the version's visits by OID or name; the ones that
 * match none are listed in the answer (`unmappedEvents`) for a person to map, never guessed.
 */
export function saveCrfMetadata(
  db: Kysely<DB>,
  ctx: RequestContext,
  version: { id: string; study_id: string },
  metadata: ExtractedMetadata,
  source: MetadataSource,
): Promise<{ created: boolean; metadata: CrfMetadata }> {
  const counts = countsOf(metadata);
  return db.transaction().execute(async (tx) => {
    const locked = await lockProtocolVersionStatus(tx, version.id);
    if (locked.status === 'final') throw finalRefusal();
    const existing = await findCrfMetadataVersion(tx, version.id);
    const visits = await protocolVisitsOf(tx, version.id);
    const mapping = mapStudyEvents(metadata.events, visits);
    const now = ctx.now();
    const row = await replaceCrfMetadataHeader(
      tx,
      version,
      existing,
      {
        study_oid: metadata.studyOid,
        oid: metadata.oid,
        name: metadata.name,
        description: metadata.description,
        default_language: metadata.defaultLanguage,
        languages: metadata.languages,
        file_name: source.fileName,
        file_sha256: source.sha256,
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
        { field: 'protocolVersionId', old: existing ? version.id : null, new: version.id },
        { field: 'metaDataVersionOid', old: existing?.oid ?? null, new: metadata.oid },
        { field: 'fileName', old: existing?.file_name ?? null, new: source.fileName },
        { field: 'fileSha256', old: existing?.file_sha256 ?? null, new: source.sha256 },
        { field: 'counts', old: null, new: counts },
        { field: 'unmappedEvents', old: null, new: unmapped },
        ...(source.changes ?? []),
      ],
      reason: source.reason,
    });
    return { created: !existing, metadata: await readModel(tx, row) };
  });
}
