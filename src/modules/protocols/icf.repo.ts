import type { Insertable, Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { IcfVersionRow, IcfVersionsTable } from '../../platform/db/schema-protocols.js';
import { iso } from '../../platform/db/timestamps.js';
import { notFound } from '../../platform/errors.js';
import type { IcfVersion } from './icf.schemas.js';
import { findStudyForProtocols } from './protocol.repo.js';

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

/** A study's consent form versions, newest first; 404 unless the caller reads the study's protocols. */
export async function listIcfVersions(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<IcfVersion[]> {
  if (!(await findStudyForProtocols(db, ctx, studyId))) throw notFound('study');
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

/** A consent form version of the study, or undefined: the caller reached the study through a visible record. */
export function findIcfVersionOfStudy(db: Kysely<DB>, studyId: string, icfVersionId: string): Promise<IcfVersionRow | undefined> {
  return db.selectFrom('icf_versions').selectAll().where('id', '=', icfVersionId).where('study_id', '=', studyId).executeTakeFirst();
}

export function insertIcfVersion(tx: Kysely<DB>, values: Insertable<IcfVersionsTable>): Promise<IcfVersionRow> {
  return tx.insertInto('icf_versions').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The study a consent form version belongs to. */
export async function studyOfIcfVersion(db: Kysely<DB>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('icf_versions').select('study_id').where('id', '=', id).executeTakeFirst();
  return row?.study_id;
}

/**
 * Per language, the consent form version with the latest approval at the study-site on or
 * before `on`, sorted by language; only `language` when given (in-force.ts).
 */
export function findIcfsApprovedAt(db: Kysely<DB>, studySiteId: string, on: string, language?: string) {
  let query = db
    .selectFrom('icf_site_approvals as a')
    .innerJoin('icf_versions as icf', 'icf.id', 'a.icf_version_id')
    .distinctOn('a.language')
    .selectAll('icf')
    .select(['a.id as approval_id', 'a.approved_on'])
    .where('a.study_site_id', '=', studySiteId)
    .where('a.approved_on', '<=', on);
  if (language) query = query.where('a.language', '=', language);
  return query.orderBy('a.language').orderBy('a.approved_on', 'desc').orderBy('a.created_at', 'desc').execute();
}

/**
 * Every approval of a consent form version at the study-site in `language`, the latest first (as
 * findIcfsApprovedAt orders them within a language): what was in force on any day (in-force.ts).
 */
export function listIcfApprovals(db: Kysely<DB>, studySiteId: string, language: string) {
  return db
    .selectFrom('icf_site_approvals as a')
    .innerJoin('icf_versions as icf', 'icf.id', 'a.icf_version_id')
    .selectAll('icf')
    .select(['a.id as approval_id', 'a.approved_on'])
    .where('a.study_site_id', '=', studySiteId)
    .where('a.language', '=', language)
    .orderBy('a.approved_on', 'desc')
    .orderBy('a.created_at', 'desc')
    .execute();
}
