import type { Kysely } from 'kysely';
import type { AuditAnchorConfig } from '../config.js';
import type { DB } from '../db/schema.js';
import { type AuditAnchor, AuditAnchorRefusedError, anchorFilePath, readAnchorKey, readAuditAnchor } from './audit-anchor-file.js';
import { type AnchorBreach, findAnchorBreach } from './find-anchor-breach.js';

export type AnchorReport =
  | { status: 'none'; path: string }
  | { status: 'held'; path: string; anchor: AuditAnchor }
  | { status: 'refused'; path: string; problem: string }
  | { status: 'breached'; path: string; anchor: AuditAnchor; breach: AnchorBreach };

/** Checks the database against the last anchor written outside it, if there is one. */
export async function verifyAuditAnchor(db: Kysely<DB>, config: AuditAnchorConfig): Promise<AnchorReport> {
  const path = anchorFilePath(config);
  let anchor: AuditAnchor | undefined;
  try {
    anchor = await readAuditAnchor(config, await readAnchorKey(config));
  } catch (error) {
    if (error instanceof AuditAnchorRefusedError) return { status: 'refused', path, problem: error.message };
    throw error;
  }
  if (!anchor) return { status: 'none', path };
  const breach = await findAnchorBreach(db, anchor);
  return breach ? { status: 'breached', path, anchor, breach } : { status: 'held', path, anchor };
}
