/**
 * Whether an item group or item with a CollectionExceptionConditionOID is collected (ODM 1.3.2:
 * the condition, when true, means the data are NOT to be collected). Conditions are evaluated by
 * edit checks (issue 12, item 3); until then every item is shown, with a note, and an item under
 * a condition is not required at save (a skipped item must not block a complete form).
 * This is the one place that decides it: the seam edit checks replace.
 */
export interface CollectionDecision {
  shown: boolean;
  /** Whether a Mandatory="Yes" item must hold a value at save. */
  enforceMandatory: boolean;
  note: string | null;
}

export function decideCollection(conditionOid: string | null, _values: ReadonlyMap<string, string>): CollectionDecision {
  if (!conditionOid) return { shown: true, enforceMandatory: true, note: null };
  return {
    shown: true,
    enforceMandatory: false,
    note: `Collected unless condition ${conditionOid} holds (not yet evaluated: enter it when it applies).`,
  };
}
