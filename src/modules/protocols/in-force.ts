import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { findIcfsApprovedAt, listIcfApprovals, toIcfVersion } from './icf.repo.js';
import type { IcfVersion } from './icf.schemas.js';
import { findProtocolApprovedAt, listProtocolApprovals, loadProtocolVersion } from './protocol.repo.js';
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

/**
 * What governed the study-site on many days (an import's consent and randomization days), as
 * unsafeProtocolInForceAt and unsafeIcfInForceAt answer day by day: the site's approvals are read
 * once and each version loaded once, where asking day by day reads a protocol's whole structure
 * for each day. Versions are shared between the days they govern: do not change them.
 */
export async function unsafeInForceOnDays(db: Kysely<DB>, studySiteId: string) {
  const approvals = await listProtocolApprovals(db, studySiteId);
  const versions = new Map<string, Promise<ProtocolInForce>>();
  const icfApprovals = new Map<string, ReturnType<typeof listIcfApprovals>>();
  return {
    protocolOn(on: string): Promise<ProtocolInForce | undefined> {
      const row = approvals.find((a) => a.approved_on <= on);
      if (!row) return Promise.resolve(undefined);
      let version = versions.get(row.approval_id);
      if (!version) {
        const { approval_id, approved_on, ...versionRow } = row;
        version = loadProtocolVersion(db, versionRow).then((v) => ({ ...v, approval: { id: approval_id, approvedOn: approved_on } }));
        versions.set(row.approval_id, version);
      }
      return version;
    },
    async icfOn(on: string, language: string): Promise<IcfInForce | undefined> {
      let rows = icfApprovals.get(language);
      if (!rows) {
        rows = listIcfApprovals(db, studySiteId, language);
        icfApprovals.set(language, rows);
      }
      const row = (await rows).find((a) => a.approved_on <= on);
      if (!row) return undefined;
      const { approval_id, approved_on, ...icf } = row;
      return { ...toIcfVersion(icf), approval: { id: approval_id, approvedOn: approved_on } };
    },
  };
}
