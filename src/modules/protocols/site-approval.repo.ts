import type { Insertable, Kysely } from 'kysely';
import { can } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { IcfSiteApprovalsTable, ProtocolSiteApprovalsTable } from '../../platform/db/schema-protocols.js';
import { iso } from '../../platform/db/timestamps.js';
import { notFound } from '../../platform/errors.js';
import { findVisibleStudySite, studySiteScope } from '../study-sites/study-site.repo.js';
import type { IcfApproval, ProtocolApproval } from './icf.schemas.js';

/** The study-site of a study, when the caller sees it and may read its protocols (else 404). */
export async function findStudySiteForProtocols(db: Kysely<DB>, ctx: RequestContext, studyId: string, studySiteId: string) {
  const studySite = await findVisibleStudySite(db, ctx, studySiteId);
  if (!studySite || studySite.study_id !== studyId || !can(ctx.actor, 'protocol.read', studySiteScope(studySite))) return undefined;
  return studySite;
}

/** The study-site, when the caller sees it and may read its protocols, whatever its study (history readers). */
export async function findStudySiteForProtocolsById(db: Kysely<DB>, ctx: RequestContext, studySiteId: string) {
  const studySite = await findVisibleStudySite(db, ctx, studySiteId);
  return studySite && can(ctx.actor, 'protocol.read', studySiteScope(studySite)) ? studySite : undefined;
}

/** Serializes approvals at one study-site, so two at once cannot both pass the date order check. */
export async function lockStudySiteForApproval(tx: Kysely<DB>, studySiteId: string): Promise<void> {
  const row = await tx.selectFrom('study_sites').select('id').where('id', '=', studySiteId).forUpdate().executeTakeFirst();
  if (!row) throw new Error(`study-site ${studySiteId} vanished`);
}

/** The protocol versions approved at a study-site, newest version first, for the order checks. */
export function listApprovedProtocolVersions(tx: Kysely<DB>, studySiteId: string) {
  return tx
    .selectFrom('protocol_site_approvals as a')
    .innerJoin('protocol_versions as pv', 'pv.id', 'a.protocol_version_id')
    .select(['a.protocol_version_id', 'a.approved_on', 'pv.version_number', 'pv.version_label'])
    .where('a.study_site_id', '=', studySiteId)
    .orderBy('pv.version_number', 'desc')
    .execute();
}

export async function insertProtocolApproval(tx: Kysely<DB>, values: Insertable<ProtocolSiteApprovalsTable>): Promise<string> {
  const { id } = await tx.insertInto('protocol_site_approvals').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** The consent form versions approved at a study-site in one language, latest approval first. */
export function listApprovedIcfVersions(tx: Kysely<DB>, studySiteId: string, language: string) {
  return tx
    .selectFrom('icf_site_approvals as a')
    .innerJoin('icf_versions as icf', 'icf.id', 'a.icf_version_id')
    .select(['a.icf_version_id', 'a.approved_on', 'icf.version_label'])
    .where('a.study_site_id', '=', studySiteId)
    .where('a.language', '=', language)
    .orderBy('a.approved_on', 'desc')
    .execute();
}

export async function insertIcfApproval(tx: Kysely<DB>, values: Insertable<IcfSiteApprovalsTable>): Promise<string> {
  const { id } = await tx.insertInto('icf_site_approvals').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** The study-site a protocol approval was recorded at. */
export async function studySiteOfProtocolApproval(db: Kysely<DB>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('protocol_site_approvals').select('study_site_id').where('id', '=', id).executeTakeFirst();
  return row?.study_site_id;
}

/** The study-site a consent form approval was recorded at. */
export async function studySiteOfIcfApproval(db: Kysely<DB>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('icf_site_approvals').select('study_site_id').where('id', '=', id).executeTakeFirst();
  return row?.study_site_id;
}

function selectProtocolApprovals(db: Kysely<DB>) {
  return db
    .selectFrom('protocol_site_approvals as a')
    .innerJoin('protocol_versions as pv', 'pv.id', 'a.protocol_version_id')
    .selectAll('a')
    .select(['pv.version_number', 'pv.version_label']);
}

type ProtocolApprovalJoined = Awaited<ReturnType<ReturnType<typeof selectProtocolApprovals>['executeTakeFirstOrThrow']>>;

export function toProtocolApproval(row: ProtocolApprovalJoined): ProtocolApproval {
  return {
    id: row.id,
    studySiteId: row.study_site_id,
    protocolVersionId: row.protocol_version_id,
    versionNumber: row.version_number,
    versionLabel: row.version_label,
    approvedOn: row.approved_on,
    reason: row.reason,
    recordedByUserId: row.recorded_by_user_id,
    recordedAt: iso(row.created_at),
  };
}

/** A study-site's protocol approvals, latest in force first; 404 unless the caller reads its protocols. */
export async function listProtocolApprovals(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { studyId: string; studySiteId: string },
): Promise<ProtocolApproval[]> {
  const studySite = await findStudySiteForProtocols(db, ctx, ids.studyId, ids.studySiteId);
  if (!studySite) throw notFound('study-site');
  const studySiteId = studySite.id;
  const rows = await selectProtocolApprovals(db)
    .where('a.study_site_id', '=', studySiteId)
    .orderBy('a.approved_on', 'desc')
    .orderBy('pv.version_number', 'desc')
    .execute();
  return rows.map(toProtocolApproval);
}

export function findProtocolApproval(db: Kysely<DB>, id: string) {
  return selectProtocolApprovals(db).where('a.id', '=', id).executeTakeFirstOrThrow();
}

function selectIcfApprovals(db: Kysely<DB>) {
  return db
    .selectFrom('icf_site_approvals as a')
    .innerJoin('icf_versions as icf', 'icf.id', 'a.icf_version_id')
    .selectAll('a')
    .select(['icf.version_label']);
}

type IcfApprovalJoined = Awaited<ReturnType<ReturnType<typeof selectIcfApprovals>['executeTakeFirstOrThrow']>>;

export function toIcfApproval(row: IcfApprovalJoined): IcfApproval {
  return {
    id: row.id,
    studySiteId: row.study_site_id,
    icfVersionId: row.icf_version_id,
    versionLabel: row.version_label,
    language: row.language,
    approvedOn: row.approved_on,
    reason: row.reason,
    recordedByUserId: row.recorded_by_user_id,
    recordedAt: iso(row.created_at),
  };
}

/** A study-site's ICF approvals, by language, latest first; 404 unless the caller reads its protocols. */
export async function listIcfApprovals(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { studyId: string; studySiteId: string },
): Promise<IcfApproval[]> {
  const studySite = await findStudySiteForProtocols(db, ctx, ids.studyId, ids.studySiteId);
  if (!studySite) throw notFound('study-site');
  const studySiteId = studySite.id;
  const rows = await selectIcfApprovals(db)
    .where('a.study_site_id', '=', studySiteId)
    .orderBy('a.language')
    .orderBy('a.approved_on', 'desc')
    .orderBy('a.created_at', 'desc')
    .execute();
  return rows.map(toIcfApproval);
}

export function findIcfApproval(db: Kysely<DB>, id: string) {
  return selectIcfApprovals(db).where('a.id', '=', id).executeTakeFirstOrThrow();
}
