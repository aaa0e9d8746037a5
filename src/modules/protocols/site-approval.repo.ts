import { type Kysely, sql } from 'kysely';
import { can } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { localDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { findVisibleStudySite, studySiteScope } from '../study-sites/study-site.repo.js';
import type { IcfApproval, ProtocolApproval } from './icf.schemas.js';

/** The study-site of a study, when the caller sees it and may read its protocols (else 404). */
export async function findStudySiteForProtocols(db: Kysely<DB>, ctx: RequestContext, studyId: string, studySiteId: string) {
  const studySite = await findVisibleStudySite(db, ctx, studySiteId);
  if (!studySite || studySite.study_id !== studyId || !can(ctx.actor, 'protocol.read', studySiteScope(studySite))) return undefined;
  return studySite;
}

/**
 * Serializes approvals at one study-site, so two at once cannot both pass the date order check.
 * Returns the site's today: an approval is a recorded fact, never in the site's future.
 */
export async function lockStudySiteForApproval(tx: Kysely<DB>, studySiteId: string): Promise<string> {
  const row = await sql<{ time_zone: string }>`select sites.time_zone from study_sites
    join sites on sites.id = study_sites.site_id where study_sites.id = ${studySiteId} for update of study_sites`
    .execute(tx)
    .then((r) => r.rows[0]);
  if (!row) throw new Error(`study-site ${studySiteId} vanished`);
  return row.time_zone;
}

export function siteToday(now: Date, timeZone: string): string {
  return localDate(now, timeZone);
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

/** A study-site's protocol approvals, latest in force first. Callers check the study-site first. */
export async function listProtocolApprovals(db: Kysely<DB>, studySiteId: string): Promise<ProtocolApproval[]> {
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

/** A study-site's ICF approvals, by language, latest first. Callers check the study-site first. */
export async function listIcfApprovals(db: Kysely<DB>, studySiteId: string): Promise<IcfApproval[]> {
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
