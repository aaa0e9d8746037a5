import type { FieldChange } from '../../platform/audit/audit-events.js';
import type { FieldError } from '../../platform/errors.js';
import { checkItemValue } from './check-item-value.js';
import { decideCollection } from './collection-exception.js';
import type { ItemValueRow } from './data-entry.repo.js';
import type { FormEntry, SaveFormEntry } from './data-entry.schemas.js';
import type { DefinedGroup, DefinedItem } from './form-definition.js';
import { valueKey } from './form-entry-view.js';

export interface PlannedValue {
  itemGroupOid: string;
  repeatKey: number;
  item: DefinedItem;
  value: string;
  unitOid: string | null;
}

/** What a save does to the values, checked, before anything is written. */
export interface FormChangePlan {
  errors: FieldError[];
  softChecks: FormEntry['softChecks'];
  inserts: PlannedValue[];
  updates: { row: ItemValueRow; to: PlannedValue }[];
  deletes: ItemValueRow[];
  /** One per changed value (and unit), named `GROUP[row].ITEM`: the audit entry's changes. */
  changes: FieldChange[];
  /** The values after the save, by key. */
  after: Map<string, { itemOid: string; value: string }>;
}

/**
 * Checks every value sent against its item (type, code list, unit, hard range checks: a failed
 * one names the value's pointer and the item's OID) and works out the inserts, updates and
 * deletes against the values stored. Values not sent stay as they are.
 */
export function planFormChanges(groups: DefinedGroup[], existing: readonly ItemValueRow[], input: SaveFormEntry): FormChangePlan {
  const errors: FieldError[] = [];
  const softChecks: FormEntry['softChecks'] = [];
  const groupByOid = new Map(groups.map((g) => [g.oid, g]));
  const sent = new Map<
    string,
    { at: string; itemGroupOid: string; repeatKey: number; item: DefinedItem; value: string | null; unitOid: string | null }
  >();

  input.values.forEach((v, index) => {
    const at = `/values/${index}`;
    const group = groupByOid.get(v.itemGroupOid);
    if (!group) {
      errors.push({ pointer: `${at}/itemGroupOid`, detail: `The form has no item group ${v.itemGroupOid}.`, oid: v.itemGroupOid });
      return;
    }
    const item = group.items.find((i) => i.oid === v.itemOid);
    if (!item) {
      errors.push({ pointer: `${at}/itemOid`, detail: `Item group ${group.oid} has no item ${v.itemOid}.`, oid: v.itemOid });
      return;
    }
    if (!group.repeating && v.repeatKey !== 1) {
      errors.push({ pointer: `${at}/repeatKey`, detail: `Item group ${group.oid} does not repeat: its row is 1.`, oid: item.oid });
      return;
    }
    const key = valueKey(group.oid, v.repeatKey, item.oid);
    if (sent.has(key)) {
      errors.push({ pointer: `${at}/itemOid`, detail: `${item.oid} in row ${v.repeatKey} of ${group.oid} is sent twice.`, oid: item.oid });
      return;
    }
    const value = v.value === null || v.value.trim() === '' ? null : v.value.trim();
    const onlyUnit = item.units.length === 1 ? (item.units[0]?.oid ?? null) : null;
    const unitOid = value === null ? null : (v.measurementUnitOid ?? onlyUnit);
    if (value !== null) {
      if (item.units.length > 1 && !unitOid) {
        errors.push({ pointer: `${at}/measurementUnitOid`, detail: `${item.oid}: choose the unit of the value.`, oid: item.oid });
        return;
      }
      if (item.units.length === 0 && v.measurementUnitOid) {
        errors.push({ pointer: `${at}/measurementUnitOid`, detail: `${item.oid} has no units.`, oid: item.oid });
        return;
      }
      const check = checkItemValue(item, value, unitOid);
      if (!check.ok) {
        errors.push({ pointer: `${at}/value`, detail: `${item.question ?? item.name} (${item.oid}): ${check.detail}`, oid: item.oid });
        return;
      }
      for (const failed of check.softFailures)
        softChecks.push({
          itemGroupOid: group.oid,
          repeatKey: v.repeatKey,
          itemOid: item.oid,
          comparator: failed.comparator,
          checkValues: failed.checkValues,
          message: failed.message,
        });
    }
    sent.set(key, { at, itemGroupOid: group.oid, repeatKey: v.repeatKey, item, value, unitOid });
  });

  const removedRows = new Set<string>();
  input.removeRows.forEach((r, index) => {
    const group = groupByOid.get(r.itemGroupOid);
    if (!group?.repeating) {
      errors.push({
        pointer: `/removeRows/${index}/itemGroupOid`,
        detail: group
          ? `Item group ${group.oid} does not repeat: its row cannot be removed.`
          : `The form has no item group ${r.itemGroupOid}.`,
        oid: r.itemGroupOid,
      });
      return;
    }
    removedRows.add(`${r.itemGroupOid}[${r.repeatKey}]`);
  });
  for (const planned of sent.values())
    if (removedRows.has(`${planned.itemGroupOid}[${planned.repeatKey}]`))
      errors.push({
        pointer: `${planned.at}/repeatKey`,
        detail: `Row ${planned.repeatKey} of ${planned.itemGroupOid} is both removed and written.`,
      });

  const plan: FormChangePlan = { errors, softChecks, inserts: [], updates: [], deletes: [], changes: [], after: new Map() };
  const stored = new Map(existing.map((row) => [valueKey(row.item_group_oid, row.repeat_key, row.item_oid), row]));
  for (const [key, row] of stored) {
    if (removedRows.has(`${row.item_group_oid}[${row.repeat_key}]`)) {
      plan.deletes.push(row);
      plan.changes.push({ field: key, old: row.value, new: null });
    } else if (!sent.has(key)) {
      plan.after.set(key, { itemOid: row.item_oid, value: row.value });
    }
  }
  for (const [key, to] of sent) {
    const row = stored.get(key);
    if (to.value === null) {
      if (row) {
        plan.deletes.push(row);
        plan.changes.push({ field: key, old: row.value, new: null });
      }
      continue;
    }
    const planned = { itemGroupOid: to.itemGroupOid, repeatKey: to.repeatKey, item: to.item, value: to.value, unitOid: to.unitOid };
    plan.after.set(key, { itemOid: to.item.oid, value: to.value });
    if (!row) {
      plan.inserts.push(planned);
      plan.changes.push({ field: key, old: null, new: to.value });
      if (to.unitOid) plan.changes.push({ field: `${key} unit`, old: null, new: to.unitOid });
    } else if (row.value !== to.value || row.measurement_unit_oid !== to.unitOid) {
      plan.updates.push({ row, to: planned });
      if (row.value !== to.value) plan.changes.push({ field: key, old: row.value, new: to.value });
      if (row.measurement_unit_oid !== to.unitOid)
        plan.changes.push({ field: `${key} unit`, old: row.measurement_unit_oid, new: to.unitOid });
    }
  }
  return plan;
}

/**
 * The required items a complete (saved) form lacks, each named by `/items/GROUP/ROW/ITEM`.
 * A group that is optional, or under a condition, and holds no value is skipped; a repeating
 * group's rows each need their required items.
 */
export function missingRequiredItems(groups: DefinedGroup[], after: FormChangePlan['after']): FieldError[] {
  const byItem = new Map([...after.values()].map((v) => [v.itemOid, v.value]));
  const errors: FieldError[] = [];
  for (const group of groups) {
    const groupKeys = [...after.keys()].filter((key) => key.startsWith(`${group.oid}[`));
    const decision = decideCollection(group.collectionExceptionConditionOid, byItem);
    if (groupKeys.length === 0 && (!group.mandatory || !decision.enforceMandatory || group.repeating)) continue;
    const rows = group.repeating ? [...new Set(groupKeys.map((key) => Number(/\[(\d+)\]/.exec(key)?.[1])))] : [1];
    for (const row of rows)
      for (const item of group.items) {
        if (!item.mandatory || !decideCollection(item.collectionExceptionConditionOid, byItem).enforceMandatory) continue;
        if (after.has(valueKey(group.oid, row, item.oid))) continue;
        errors.push({
          pointer: `/items/${group.oid}/${row}/${item.oid}`,
          detail: `${item.question ?? item.name} (${item.oid}) is required to save the form as complete.`,
          oid: item.oid,
        });
      }
  }
  return errors;
}
