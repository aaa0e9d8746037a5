import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { FieldError } from '../../platform/errors.js';
import type { CheckFailure } from '../data-queries/edit-check-queries.js';
import { checkLoadedValues, loadEditChecks } from '../edit-checks/check-form-values.js';
import type { FormEntry } from './data-entry.schemas.js';
import type { DefinedGroup } from './form-definition.js';
import type { FormChangePlan } from './plan-form-changes.js';

/** Where a rule's failure lands: the item it is about, in its group and row. */
interface Placed {
  itemGroupOid: string;
  repeatKey: number;
}

/**
 * The study's cross-item rules (edit-checks module) over the form's values after the save: the
 * values of the groups that do not repeat, and for each row of a repeating group those plus the
 * row's own (an AE row is checked on its own). A hard rule that fires refuses the save at the
 * item it is about; a soft one becomes a check failure, a query on that item once saved. Range
 * checks are the item's own (check-item-value.ts), not repeated here.
 */
export async function ruleFailures(
  db: Kysely<DB>,
  metadataVersionId: string,
  groups: DefinedGroup[],
  after: FormChangePlan['after'],
): Promise<{ hard: FieldError[]; soft: CheckFailure[] }> {
  const loaded = await loadEditChecks(db, metadataVersionId);
  if (loaded.rules.length === 0) return { hard: [], soft: [] };
  const rulesOnly = { ...loaded, items: new Map() };
  const repeating = new Set(groups.filter((g) => g.repeating).map((g) => g.oid));
  const groupOfItem = new Map(groups.flatMap((g) => g.items.map((i) => [i.oid, g.oid] as const)));
  const flat: Record<string, string> = {};
  const rows = new Map<string, Record<string, string>>();
  for (const [key, { itemOid, value }] of after) {
    const match = /^(.*)\[(\d+)\]\./.exec(key);
    const groupOid = match?.[1] ?? '';
    if (!repeating.has(groupOid)) flat[itemOid] = value;
    else rows.set(`${groupOid}[${match?.[2]}]`, { ...(rows.get(`${groupOid}[${match?.[2]}]`) ?? {}), [itemOid]: value });
  }
  const contexts: { values: Record<string, string>; row: Placed | null }[] = [{ values: flat, row: null }];
  for (const [rowKey, values] of rows) {
    const [, groupOid = '', repeatKey = '1'] = /^(.*)\[(\d+)\]$/.exec(rowKey) ?? [];
    contexts.push({ values: { ...flat, ...values }, row: { itemGroupOid: groupOid, repeatKey: Number(repeatKey) } });
  }
  const hard: FieldError[] = [];
  const soft = new Map<string, CheckFailure>();
  for (const { values, row } of contexts) {
    for (const failure of checkLoadedValues(rulesOnly, values)) {
      const groupOid = groupOfItem.get(failure.itemOid);
      if (!groupOid) continue;
      // A rule about a repeating group's item is placed in the row it was checked on; others in row 1.
      if (repeating.has(groupOid) && row?.itemGroupOid !== groupOid) continue;
      const place = repeating.has(groupOid) && row ? row : { itemGroupOid: groupOid, repeatKey: 1 };
      const checkKey = `rule:${failure.ruleOid ?? failure.source}`;
      const key = `${place.itemGroupOid}|${place.repeatKey}|${failure.itemOid}|${checkKey}`;
      if (failure.severity === 'hard') {
        if (!hard.some((e) => e.pointer === `/items/${place.itemGroupOid}/${place.repeatKey}/${failure.itemOid}`))
          hard.push({
            pointer: `/items/${place.itemGroupOid}/${place.repeatKey}/${failure.itemOid}`,
            detail: failure.message,
            oid: failure.itemOid,
          });
      } else soft.set(key, { ...place, itemOid: failure.itemOid, checkKey, message: failure.message });
    }
  }
  return { hard, soft: [...soft.values()] };
}

/** The soft range checks the stored values fail, as check failures (one query each once saved). */
export function rangeFailures(softChecks: FormEntry['softChecks']): CheckFailure[] {
  return softChecks.map((c) => ({
    itemGroupOid: c.itemGroupOid,
    repeatKey: c.repeatKey,
    itemOid: c.itemOid,
    checkKey: `range:${c.comparator}:${c.checkValues.join('|')}`,
    message: c.message,
  }));
}
