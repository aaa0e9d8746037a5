import type { FieldChange } from './audit-events.js';

type Plain = Record<string, unknown>;

/** Every field that differs between two versions of a record, in the record's field order. */
export function diffChanges(
  before: Plain | null,
  after: Plain | null,
  ignore: string[] = ['version', 'createdAt', 'updatedAt'],
): FieldChange[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: FieldChange[] = [];
  for (const field of fields) {
    if (ignore.includes(field)) continue;
    const old = normalize(before?.[field]);
    const now = normalize(after?.[field]);
    if (JSON.stringify(old) !== JSON.stringify(now)) changes.push({ field, old, new: now });
  }
  return changes;
}

function normalize(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return value;
}
