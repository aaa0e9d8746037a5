import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { NamedFile } from '../../platform/http/upload.js';
import { assertCanWriteProtocol } from '../protocols/assert-can-write-protocol.js';
import type { CrfMetadata } from './crf-metadata.schemas.js';
import { findProtocolVersionForCrf } from './crf-metadata-access.js';
import { extractRedcapMetadata } from './extract-redcap-metadata.js';
import { finalRefusal, saveCrfMetadata } from './save-crf-metadata.js';

export interface RedcapUpload {
  dictionary: NamedFile;
  arms?: NamedFile | undefined;
  events?: NamedFile | undefined;
  mappings?: NamedFile | undefined;
  reason?: string | null | undefined;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Imports a REDCap project's data dictionary (and, for a longitudinal one, its arms, events and
 * instrument designation) as the protocol version's CRF metadata, all or nothing: every file is
 * read and checked whole before the transaction opens. The dictionary is the file of record
 * (its name and SHA-256 on the metadata version); the others are named in the audit event.
 */
export async function importRedcapMetadata(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  protocolVersionId: string,
  upload: RedcapUpload,
): Promise<{ created: boolean; metadata: CrfMetadata }> {
  const version = await findProtocolVersionForCrf(db, ctx, studyId, protocolVersionId);
  assertCanWriteProtocol(ctx, { id: version.study_id, sponsor_org_id: version.sponsor_org_id, cro_org_id: version.cro_org_id });
  if (version.status === 'final') throw finalRefusal();
  const metadata = extractRedcapMetadata(upload.dictionary.bytes, upload.dictionary.fileName, {
    arms: upload.arms?.bytes,
    events: upload.events?.bytes,
    mappings: upload.mappings?.bytes,
  });
  const others = (['arms', 'events', 'mappings'] as const).flatMap((part) => {
    const file = upload[part];
    return file ? [{ part, fileName: file.fileName, sha256: sha256(file.bytes) }] : [];
  });
  return saveCrfMetadata(db, ctx, { id: protocolVersionId, study_id: version.study_id }, metadata, {
    fileName: upload.dictionary.fileName,
    sha256: sha256(upload.dictionary.bytes),
    reason: upload.reason ?? 'Imported from a REDCap data dictionary',
    changes: [
      { field: 'source', old: null, new: 'REDCap' },
      { field: 'otherFiles', old: null, new: others },
      // Without the designation every event has every form (extract-redcap-metadata): said here, for the reviewer.
      {
        field: 'instrumentDesignation',
        old: null,
        new: upload.events ? (upload.mappings ? 'from file' : 'every form at every event') : 'one event',
      },
    ],
  });
}
