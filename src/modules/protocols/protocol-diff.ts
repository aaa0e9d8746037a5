import type { FieldChange } from '../../platform/audit/audit-events.js';
import type { ProtocolStructure } from './protocol.schemas.js';

type Item = Record<string, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * 21 CFR 11.10(e): the old and new value of what changed, readable per section. Items are
 * matched by code (criteria by kind and number): `visits.V3.windowAfterDays` 2 → 3,
 * `arms.B` added, `visits.V2.procedures.ECG` removed, `criteria.inclusion.4.text` reworded.
 */
function diffList(
  prefix: string,
  before: Item[],
  after: Item[],
  keyOf: (item: Item) => string,
  options: { ordered: boolean; nestedField?: string },
): FieldChange[] {
  const { ordered, nestedField } = options;
  // Arms, visits and procedures keep their order (sequence); criteria are ordered by their number.
  const withSequence = (items: Item[]) =>
    new Map(items.map((item, index) => [keyOf(item), ordered ? { ...item, sequence: index + 1 } : item]));
  const old = withSequence(before);
  const now = withSequence(after);
  const changes: FieldChange[] = [];
  for (const [key, item] of old) {
    if (!now.has(key)) changes.push({ field: `${prefix}.${key}`, old: item, new: null });
  }
  for (const [key, item] of now) {
    const previous = old.get(key);
    if (!previous) {
      changes.push({ field: `${prefix}.${key}`, old: null, new: item });
      continue;
    }
    for (const field of new Set([...Object.keys(previous), ...Object.keys(item)])) {
      if (field === nestedField) continue;
      if (!same(previous[field], item[field]))
        changes.push({ field: `${prefix}.${key}.${field}`, old: previous[field] ?? null, new: item[field] ?? null });
    }
    if (nestedField) {
      changes.push(
        ...diffList(
          `${prefix}.${key}.${nestedField}`,
          (previous[nestedField] ?? []) as Item[],
          (item[nestedField] ?? []) as Item[],
          keyOf,
          {
            ordered: true,
          },
        ),
      );
    }
  }
  return changes;
}

const byCode = (item: Item) => String(item.code);

/** The changes to each section present in `after`, against `before` (null: a new version). */
export function diffStructure(before: ProtocolStructure | null, after: Partial<ProtocolStructure>): FieldChange[] {
  const changes: FieldChange[] = [];
  if (after.arms) changes.push(...diffList('arms', before?.arms ?? [], after.arms, byCode, { ordered: true }));
  if (after.visits)
    changes.push(...diffList('visits', before?.visits ?? [], after.visits, byCode, { ordered: true, nestedField: 'procedures' }));
  if (after.criteria) {
    changes.push(
      ...diffList('criteria', before?.criteria ?? [], after.criteria, (c) => `${String(c.kind)}.${String(c.number)}`, { ordered: false }),
    );
  }
  return changes;
}
