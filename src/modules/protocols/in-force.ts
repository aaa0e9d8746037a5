import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { toIcfVersion } from './icf.repo.js';
import type { IcfVersion } from './icf.schemas.js';
import { loadProtocolVersion } from './protocol.repo.js';
import type { ProtocolVersion } from './protocol.schemas.js';

/**
 * These read what governs a study-site on a day, for the participant, visit and consent modules.
 * They take no request context: the caller has already shown the study-site is visible to its
 * user (or is a job acting for the operator). Dates are the site's calendar dates, 'YYYY-MM-DD'.
 */
export type ProtocolInForce = ProtocolVersion & { approval: { id: string; approvedOn: string } };
export type IcfInForce = IcfVersion & { approval: { id: string; approvedOn: string } };

/**
 * The protocol version whose approval at the study-site is the latest on or before `on`, with
 * its arms, visits (with procedures) and criteria; undefined before the site approved any.
 */
export async function protocolInForceAt(db: Kysely<DB>, studySiteId: string, on: string): Promise<ProtocolInForce | undefined> {
  const row = await db
    .selectFrom('protocol_site_approvals as a')
    .innerJoin('protocol_versions as pv', 'pv.id', 'a.protocol_version_id')
    .selectAll('pv')
    .select(['a.id as approval_id', 'a.approved_on'])
    .where('a.study_site_id', '=', studySiteId)
    .where('a.approved_on', '<=', on)
    .orderBy('a.approved_on', 'desc')
    .orderBy('pv.version_number', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  const { approval_id, approved_on, ...version } = row;
  return { ...(await loadProtocolVersion(db, version)), approval: { id: approval_id, approvedOn: approved_on } };
}

/**
 * The consent form versions in force at the study-site on `on`: one per language (the latest
 * approval on or before that day), sorted by language; only `language` when it is given.
 * Empty before the site approved any.
 */
export async function icfInForceAt(db: Kysely<DB>, studySiteId: string, on: string, language?: string): Promise<IcfInForce[]> {
  let query = db
    .selectFrom('icf_site_approvals as a')
    .innerJoin('icf_versions as icf', 'icf.id', 'a.icf_version_id')
    .distinctOn('a.language')
    .selectAll('icf')
    .select(['a.id as approval_id', 'a.approved_on'])
    .where('a.study_site_id', '=', studySiteId)
    .where('a.approved_on', '<=', on);
  if (language) query = query.where('a.language', '=', language);
  const rows = await query.orderBy('a.language').orderBy('a.approved_on', 'desc').orderBy('a.created_at', 'desc').execute();
  return rows.map(({ approval_id, approved_on, ...icf }) => ({
    ...toIcfVersion(icf),
    approval: { id: approval_id, approvedOn: approved_on },
  }));
}
