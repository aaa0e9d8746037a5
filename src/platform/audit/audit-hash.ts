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
  const canonical = fieldChangesJson(value) ?? canonicalize(value);
  if (canonical === undefined) throw new Error('audit row cannot be canonicalized');
  return canonical;
}

/**
 * The canonical JSON of the usual changes, a list of { field, old, new } with plain values,
 * written directly (their members in key order: field, new, old) as canonicalize would write it:
 * an import serializes hundreds of thousands of them. Undefined for anything else.
 */
function fieldChangesJson(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const parts: string[] = [];
  for (const change of value) {
    if (typeof change !== 'object' || change === null || Object.getPrototypeOf(change) !== Object.prototype) return undefined;
    const { field, old, new: next, ...rest } = change as Record<string, unknown>;
    if (typeof field !== 'string' || Object.keys(rest).length > 0) return undefined;
    const oldJson = plainJson(old);
    const newJson = plainOrFlatJson(next);
    const fieldJson = plainJson(field);
    if (oldJson === false || newJson === false || fieldJson === false) return undefined;
    const members = [`"field":${fieldJson}`];
    if (newJson !== undefined) members.push(`"new":${newJson}`);
    if (oldJson !== undefined) members.push(`"old":${oldJson}`);
    parts.push(`{${members.join(',')}}`);
  }
  return `[${parts.join(',')}]`;
}

/**
 * plainJson, or an object whose members are all plain (a visit of a generated schedule, ADR
 * 0016) as canonicalize writes it: members sorted by their names' UTF-16 code units (what
 * Array.prototype.sort compares), those undefined left out.
 */
function plainOrFlatJson(value: unknown): string | undefined | false {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return plainJson(value);
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const json = plainJson((value as Record<string, unknown>)[key]);
    if (json === false) return false;
    if (json !== undefined) members.push(`${JSON.stringify(key)}:${json}`);
  }
  return `{${members.join(',')}}`;
}

/** A string, finite number, boolean or null as canonicalize writes it; undefined left out; false for anything else. */
function plainJson(value: unknown): string | undefined | false {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : false;
  // Text with a surrogate is left to canonicalize, which refuses a lone one.
  if (typeof value === 'string') return surrogate.test(value) ? false : JSON.stringify(value);
  return false;
}
const surrogate = /[\uD800-\uDFFF]/;

/** canonicalJson of a row's own fields (text, or null): the same text, without canonicalize's walk. */
function fieldJson(value: unknown): string | undefined {
  const plain = plainJson(value);
  return plain === false ? canonicalJson(value) : plain;
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
    const value = key === 'changes' ? canonicalChanges : fieldJson((fields as Record<string, unknown>)[key]);
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
