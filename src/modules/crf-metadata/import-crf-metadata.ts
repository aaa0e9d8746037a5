import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { assertCanWriteProtocol } from '../protocols/assert-can-write-protocol.js';
import type { CrfMetadata } from './crf-metadata.schemas.js';
import { findProtocolVersionForCrf } from './crf-metadata-access.js';
import { extractOdmMetadata } from './extract-odm-metadata.js';
import { readOdmFile } from './read-odm-file.js';
import { finalRefusal, saveCrfMetadata } from './save-crf-metadata.js';

export interface OdmUpload {
  bytes: Buffer;
  fileName: string;
  metaDataVersionOid?: string | undefined;
  reason?: string | null | undefined;
}

/**
 * Imports one MetaDataVersion of an ODM 1.3.2 file as the protocol version's CRF metadata, all
 * or nothing: the file is read and checked whole (XSD, then references) before the transaction
 * opens (saveCrfMetadata).
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
  return saveCrfMetadata(db, ctx, { id: protocolVersionId, study_id: version.study_id }, metadata, {
    fileName: upload.fileName,
    sha256: createHash('sha256').update(upload.bytes).digest('hex'),
    reason: upload.reason ?? 'Imported from ODM',
  });
}
