import { ApiError } from '../../app/api-client';
import { type FormEntry, type SaveFormEntry, valueKey } from './data-entry-api';
import type { EntryValues } from './entry-form';

export interface EntryState {
  values: EntryValues;
  rows: Record<string, number[]>;
  /** Rows that held values when read and were removed since: sent as removeRows. */
  removedRows: { itemGroupOid: string; repeatKey: number }[];
}

/** The form as read: its values by key and each repeating group's rows. */
export function initialState(entry: FormEntry): EntryState {
  const values: EntryValues = {};
  for (const v of entry.values) values[valueKey(v.itemGroupOid, v.repeatKey, v.itemOid)] = { value: v.value, unit: v.measurementUnitOid };
  const rows: Record<string, number[]> = {};
  for (const group of entry.itemGroups) if (group.repeating) rows[group.oid] = [...group.repeatKeys];
  return { values, rows, removedRows: [] };
}

export function addRow(state: EntryState, groupOid: string): EntryState {
  const current = state.rows[groupOid] ?? [];
  const taken = [...current, ...state.removedRows.filter((r) => r.itemGroupOid === groupOid).map((r) => r.repeatKey)];
  const next = taken.length === 0 ? 1 : Math.max(...taken) + 1;
  return { ...state, rows: { ...state.rows, [groupOid]: [...current, next] } };
}

export function removeRow(state: EntryState, entry: FormEntry, groupOid: string, repeatKey: number): EntryState {
  const stored = entry.itemGroups.find((g) => g.oid === groupOid)?.repeatKeys.includes(repeatKey) ?? false;
  const values = Object.fromEntries(Object.entries(state.values).filter(([key]) => !key.startsWith(`${groupOid}[${repeatKey}].`)));
  return {
    values,
    rows: { ...state.rows, [groupOid]: (state.rows[groupOid] ?? []).filter((key) => key !== repeatKey) },
    removedRows: stored ? [...state.removedRows, { itemGroupOid: groupOid, repeatKey }] : state.removedRows,
  };
}

/** The values that differ from what was read (cleared ones as null), and the rows removed: what a save sends. */
export function changesOf(
  entry: FormEntry,
  state: EntryState,
): { values: NonNullable<SaveFormEntry['values']>; removeRows: NonNullable<SaveFormEntry['removeRows']>; keys: string[] } {
  const before = initialState(entry).values;
  const removed = new Set(state.removedRows.map((r) => `${r.itemGroupOid}[${r.repeatKey}]`));
  const values: NonNullable<SaveFormEntry['values']> = [];
  const keys: string[] = [];
  const all = new Set([...Object.keys(before), ...Object.keys(state.values)]);
  for (const key of all) {
    const match = /^(.*)\[(\d+)\]\.(.*)$/.exec(key);
    if (!match) continue;
    const [, itemGroupOid = '', row = '1', itemOid = ''] = match;
    if (removed.has(`${itemGroupOid}[${row}]`)) continue;
    const now = state.values[key];
    const was = before[key];
    const text = now?.value.trim() ?? '';
    if (text === (was?.value ?? '') && (text === '' || (now?.unit ?? null) === (was?.unit ?? null))) continue;
    if (text === '' && !was) continue;
    values.push({
      itemGroupOid,
      repeatKey: Number(row),
      itemOid,
      value: text === '' ? null : text,
      measurementUnitOid: text === '' ? null : (now?.unit ?? null),
    });
    keys.push(key);
  }
  return { values, removeRows: state.removedRows, keys };
}

/** The problem's item errors by key: `/values/N/…` names the N-th value sent, `/items/G/R/I` a required item. */
export function errorsByKey(error: unknown, sentKeys: string[]): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const errors: Record<string, string> = {};
  for (const { pointer, detail } of error.problem.errors ?? []) {
    const sent = /^\/values\/(\d+)\//.exec(pointer);
    const required = /^\/items\/([^/]+)\/(\d+)\/([^/]+)$/.exec(pointer);
    const key = sent
      ? sentKeys[Number(sent[1])]
      : required
        ? valueKey(required[1] ?? '', Number(required[2]), required[3] ?? '')
        : undefined;
    if (key) errors[key] = detail;
  }
  return errors;
}

export function warningsByKey(softChecks: FormEntry['softChecks']): Record<string, string[]> {
  const warnings: Record<string, string[]> = {};
  for (const check of softChecks) {
    const key = valueKey(check.itemGroupOid, check.repeatKey, check.itemOid);
    warnings[key] = [...(warnings[key] ?? []), check.message];
  }
  return warnings;
}
