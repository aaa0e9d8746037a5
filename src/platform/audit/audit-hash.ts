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
  const { changes, ...rest } = fields;
  return auditRowHashOfCanonicalChanges(prevHash, rest, canonicalJson(changes));
}

/** RFC 8785 canonical JSON of a value (undefined for undefined, which an object leaves out). */
export function canonicalJson(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const canonical = canonicalize(value);
  if (canonical === undefined) throw new Error('audit row cannot be canonicalized');
  return canonical;
}

/**
 * auditRowHash of a row whose changes are already canonical JSON (an import serializes them
 * once, when it plans the row, and keeps only the text): the row's canonical JSON is its
 * members in key order, each key with its value's canonical JSON, exactly as RFC 8785 joins them.
 */
export function auditRowHashOfCanonicalChanges(
  prevHash: string,
  fields: Omit<HashedAuditFields, 'changes'>,
  canonicalChanges: string | undefined,
): string {
  const members: string[] = [];
  for (const key of memberOrder) {
    const value = key === 'changes' ? canonicalChanges : canonicalJson((fields as Record<string, unknown>)[key]);
    if (value !== undefined) members.push(`${JSON.stringify(key)}:${value}`);
  }
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(`{${members.join(',')}}`)
    .digest('hex');
}

const memberOrder = (
  [
    'seq',
    'occurredAt',
    'actorUserId',
    'actorLabel',
    'entityType',
    'entityId',
    'action',
    'changes',
    'reason',
    'requestId',
  ] satisfies (keyof HashedAuditFields)[]
).sort() as (keyof HashedAuditFields)[];
