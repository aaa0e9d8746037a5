import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const genesisHash = '0'.repeat(64);

/** The fields of an audit row that the chain protects. */
export interface HashedAuditFields {
  seq: string;
  occurredAt: string;
  actorUserId: string | null;
  actorLabel: string;
  entityType: string;
  entityId: string;
  action: string;
  changes: unknown;
  reason: string | null;
  requestId: string | null;
}

/**
 * SHA-256 over the previous row's hash and the row in RFC 8785 canonical JSON, so that
 * altering, removing or reordering any row breaks every link after it.
 */
export function auditRowHash(prevHash: string, fields: HashedAuditFields): string {
  const canonical = canonicalize(fields);
  if (canonical === undefined) throw new Error('audit row cannot be canonicalized');
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}
