import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { findIcfsApprovedAt, toIcfVersion } from './icf.repo.js';
import type { IcfVersion } from './icf.schemas.js';
import { findProtocolApprovedAt, loadProtocolVersion } from './protocol.repo.js';
import type { ProtocolVersion } from './protocol.schemas.js';

/**
 * These read what governs a study-site on a day, for the participant, visit, consent and import
 * modules. Unsafe (no context): their callers have already reached the study-site or participant
 * through the gateway (participant-access.repo.ts), or are the system acting for the operator
 * (schedules, demo data), and the same reads serve both. Dates are the site's calendar dates, 'YYYY-MM-DD'.
 */
export type ProtocolInForce = ProtocolVersion & { approval: { id: string; approvedOn: string } };
export type IcfInForce = IcfVersion & { approval: { id: string; approvedOn: string } };

/**
 * The protocol version whose approval at the study-site is the latest on or before `on`, with
 * its arms, visits (with procedures) and criteria; undefined before the site approved any.
 */
export async function unsafeProtocolInForceAt(db: Kysely<DB>, studySiteId: string, on: string): Promise<ProtocolInForce | undefined> {
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
export async function unsafeIcfInForceAt(db: Kysely<DB>, studySiteId: string, on: string, language?: string): Promise<IcfInForce[]> {
  const rows = await findIcfsApprovedAt(db, studySiteId, on, language);
  return rows.map(({ approval_id, approved_on, ...icf }) => ({
    ...toIcfVersion(icf),
    approval: { id: approval_id, approvedOn: approved_on },
  }));
}
