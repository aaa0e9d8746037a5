import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ProtocolVersion } from './protocol.schemas.js';

/**
 * What a site approval does to the participants there: a protocol version re-plans their visits,
 * a consent form version opens re-consent tasks. Those modules sit above protocols (they read
 * the version in force from here), so they plug their effects in when they load (visits/schedule.ts);
 * an approval before then is a wiring error, so it fails rather than skip them silently. Each
 * effect runs in the approval's transaction.
 */
export interface SiteApprovalEffects {
  protocolApproved(
    tx: Kysely<DB>,
    ctx: RequestContext,
    approval: { studySiteId: string; protocol: ProtocolVersion; approvedOn: string },
  ): Promise<void>;
  icfApproved(
    tx: Kysely<DB>,
    ctx: RequestContext,
    approval: { studySiteId: string; icf: { id: string; language: string; versionLabel: string }; approvedOn: string },
  ): Promise<unknown>;
}

let plugged: SiteApprovalEffects | undefined;

export function plugSiteApprovalEffects(effects: SiteApprovalEffects): void {
  plugged = effects;
}

export function siteApprovalEffects(): SiteApprovalEffects {
  if (!plugged) throw new Error('the visits module is not loaded: nothing re-plans visits or opens re-consent tasks after a site approval');
  return plugged;
}
