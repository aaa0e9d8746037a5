import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { findVisibleProtocolVersion, type ProtocolVersionJoined } from '../protocols/protocol.repo.js';
import { protocolVersionOfCrfMetadata } from './crf-metadata.repo.js';

/**
 * The protocol version of the study named in the path, as the caller may see it; 404 outside
 * their studies, and for a version of another study (the path must not reach across studies).
 */
export async function findProtocolVersionForCrf(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  versionId: string,
): Promise<ProtocolVersionJoined> {
  const version = await findVisibleProtocolVersion(db, ctx, versionId);
  if (!version || version.study_id !== studyId) throw notFound('protocol version');
  return version;
}

/** History reader: whoever sees the protocol version sees its CRF metadata's history. */
export async function canReadCrfMetadataHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const protocolVersionId = await protocolVersionOfCrfMetadata(db, id);
  return Boolean(protocolVersionId && (await findVisibleProtocolVersion(db, ctx, protocolVersionId)));
}
