import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { findCrfMetadataVersion, findCrfMetadataVersionById } from '../crf-metadata/crf-metadata.repo.js';
import { findProtocolVersionForCrf } from '../crf-metadata/crf-metadata-access.js';
import { findVisibleProtocolVersion } from '../protocols/protocol.repo.js';
import { metadataVersionOfEditCheckRule } from './edit-checks.repo.js';

/**
 * The protocol version in the path and its CRF metadata, as the caller may see them: 404
 * outside their studies, for a version of another study, and when no metadata was imported.
 */
export async function findEditCheckScope(db: Kysely<DB>, ctx: RequestContext, studyId: string, protocolVersionId: string) {
  const version = await findProtocolVersionForCrf(db, ctx, studyId, protocolVersionId);
  const metadata = await findCrfMetadataVersion(db, version.id);
  if (!metadata) throw notFound('CRF metadata for this protocol version');
  return { version, metadata };
}

/** History reader: whoever sees the protocol version sees its edit checks' history. */
export async function canReadEditCheckRuleHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const metadataVersionId = await metadataVersionOfEditCheckRule(db, id);
  const metadata = metadataVersionId ? await findCrfMetadataVersionById(db, metadataVersionId) : undefined;
  return Boolean(metadata && (await findVisibleProtocolVersion(db, ctx, metadata.protocol_version_id)));
}
