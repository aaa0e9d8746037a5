import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { findIcfsApprovedAt, toIcfVersion } from './icf.repo.js';
import type { IcfVersion } from './icf.schemas.js';
import { findProtocolApprovedAt, loadProtocolVersion } from './protocol.repo.js';
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
  const row = await findProtocolApprovedAt(db, studySiteId, on);
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
  const rows = await findIcfsApprovedAt(db, studySiteId, on, language);
  return rows.map(({ approval_id, approved_on, ...icf }) => ({
    ...toIcfVersion(icf),
    approval: { id: approval_id, approvedOn: approved_on },
  }));
}
