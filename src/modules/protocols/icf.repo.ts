import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { IcfVersionRow } from '../../platform/db/schema-protocols.js';
import { iso } from '../../platform/db/timestamps.js';
import type { IcfVersion } from './icf.schemas.js';

export function toIcfVersion(row: IcfVersionRow): IcfVersion {
  return {
    id: row.id,
    studyId: row.study_id,
    versionLabel: row.version_label,
    language: row.language,
    protocolVersionId: row.protocol_version_id,
    documentId: row.document_id,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** A study's consent form versions, newest first. Callers check the study first. */
export async function listIcfVersions(db: Kysely<DB>, studyId: string): Promise<IcfVersion[]> {
  const rows = await db
    .selectFrom('icf_versions')
    .selectAll()
    .where('study_id', '=', studyId)
    .orderBy('language')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toIcfVersion);
}
