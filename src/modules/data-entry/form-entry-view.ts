import { iso } from '../../platform/db/timestamps.js';
import { checkItemValue } from './check-item-value.js';
import { decideCollection } from './collection-exception.js';
import type { FormEntryRow, ItemValueRow } from './data-entry.repo.js';
import type { FormEntry } from './data-entry.schemas.js';
import type { DefinedGroup } from './form-definition.js';
import type { VisitForm } from './visit-form.js';

/** The key of one value in a form: item group, row, item. */
export const valueKey = (groupOid: string, repeatKey: number, itemOid: string) => `${groupOid}[${repeatKey}].${itemOid}`;

/** The values by item OID, what conditions will read (collection-exception.ts). */
export function valuesByItem(values: readonly Pick<ItemValueRow, 'item_oid' | 'value'>[]): Map<string, string> {
  return new Map(values.map((v) => [v.item_oid, v.value]));
}

/** The soft range checks the values fail; hard ones cannot be stored, so are not looked for. */
export function softChecksOf(groups: DefinedGroup[], values: readonly ItemValueRow[]): FormEntry['softChecks'] {
  const items = new Map(groups.flatMap((g) => g.items.map((i) => [`${g.oid}.${i.oid}`, i] as const)));
  return values.flatMap((v) => {
    const item = items.get(`${v.item_group_oid}.${v.item_oid}`);
    if (!item) return [];
    const check = checkItemValue(item, v.value, v.measurement_unit_oid);
    if (!check.ok) return [];
    return check.softFailures.map((f) => ({
      itemGroupOid: v.item_group_oid,
      repeatKey: v.repeat_key,
      itemOid: v.item_oid,
      comparator: f.comparator,
      checkValues: f.checkValues,
      message: f.message,
    }));
  });
}

export function formEntryView(
  visitForm: VisitForm,
  groups: DefinedGroup[],
  entry: FormEntryRow | undefined,
  values: readonly ItemValueRow[],
  language: string,
): FormEntry {
  const { visit, visible, form } = visitForm;
  const current = valuesByItem(values);
  return {
    id: entry?.id ?? null,
    participantId: visible.participant.id,
    subjectNumber: visible.participant.subject_number,
    visitId: visit.id,
    visitCode: visit.code,
    visitName: visit.name,
    timeZone: visible.studySite.time_zone,
    formOid: form.oid,
    name: form.name,
    description: null,
    language,
    languages: visitForm.crf.languages,
    status: (entry?.status ?? 'not_started') as FormEntry['status'],
    version: entry?.version ?? 0,
    firstSavedAt: entry?.first_saved_at ? iso(entry.first_saved_at) : null,
    lastChangedAt: entry ? iso(entry.last_changed_at) : null,
    reasonRequired: Boolean(entry?.first_saved_at),
    itemGroups: groups.map((g) => {
      const groupDecision = decideCollection(g.collectionExceptionConditionOid, current);
      const keys = [...new Set(values.filter((v) => v.item_group_oid === g.oid).map((v) => v.repeat_key))].sort((a, b) => a - b);
      return {
        oid: g.oid,
        name: g.name,
        description: g.description,
        repeating: g.repeating,
        mandatory: g.mandatory,
        collectionExceptionConditionOid: g.collectionExceptionConditionOid,
        shown: groupDecision.shown,
        note: groupDecision.note,
        repeatKeys: g.repeating ? keys : [1],
        items: g.items.map((i) => {
          const decision = decideCollection(i.collectionExceptionConditionOid, current);
          return {
            oid: i.oid,
            name: i.name,
            question: i.question,
            dataType: i.dataType,
            length: i.length,
            significantDigits: i.significantDigits,
            mandatory: i.mandatory,
            collectionExceptionConditionOid: i.collectionExceptionConditionOid,
            shown: decision.shown,
            note: decision.note,
            units: i.units,
            codeList: i.codeList ? i.codeList.items : null,
            rangeChecks: i.rangeChecks.map((c) => ({
              comparator: c.comparator,
              softHard: c.softHard,
              checkValues: c.checkValues,
              unit: c.unit,
              errorMessage: c.errorMessage,
            })),
          };
        }),
      };
    }),
    values: values.map((v) => ({
      itemGroupOid: v.item_group_oid,
      repeatKey: v.repeat_key,
      itemOid: v.item_oid,
      value: v.value,
      measurementUnitOid: v.measurement_unit_oid,
      changedAt: iso(v.changed_at),
    })),
    softChecks: softChecksOf(groups, values),
  };
}
