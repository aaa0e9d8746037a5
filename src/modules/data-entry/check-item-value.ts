import { isRealDate } from '../../platform/http/fields.js';

/** What checking a value needs to know of its item (the form definition's item). */
export interface CheckedItem {
  oid: string;
  dataType: string;
  length: number | null;
  significantDigits: number | null;
  units: { oid: string }[];
  codeList: { items: { codedValue: string }[] } | null;
  rangeChecks: {
    comparator: string | null;
    softHard: 'Soft' | 'Hard';
    checkValues: string[];
    unitOid: string | null;
    errorMessage: string | null;
  }[];
}

export interface FailedRangeCheck {
  softHard: 'Soft' | 'Hard';
  comparator: string;
  checkValues: string[];
  message: string;
}

export type ValueCheck = { ok: true; softFailures: FailedRangeCheck[] } | { ok: false; detail: string };

const NUMERIC = new Set(['integer', 'float', 'double']);

/**
 * The value's form by the ODM 1.3.2 data type (ODM 1.3.2 §3.1.3 "DataType", with the W3C XML
 * Schema types it refers to): null when it fits, else why not. Length counts characters of text
 * and digits of numbers; SignificantDigits is the number of digits after the decimal point.
 */
export function typeProblem(item: Pick<CheckedItem, 'dataType' | 'length' | 'significantDigits'>, value: string): string | null {
  const { dataType, length } = item;
  switch (dataType) {
    case 'integer': {
      if (!/^[+-]?\d+$/.test(value)) return 'Must be a whole number.';
      const digits = value.replace(/^[+-]/, '').length;
      return length !== null && digits > length ? `At most ${length} digits.` : null;
    }
    case 'float':
    case 'double': {
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value)) return 'Must be a number such as 12.5.';
      const [whole = '', fraction = ''] = value.replace(/^[+-]/, '').split('.');
      if (item.significantDigits !== null && fraction.length > item.significantDigits)
        return `At most ${item.significantDigits} digits after the decimal point.`;
      return length !== null && whole.length + fraction.length > length ? `At most ${length} digits.` : null;
    }
    case 'date':
      return isRealDate(value) ? null : 'Must be a real date as YYYY-MM-DD.';
    case 'partialDate':
      return isPartialDate(value) ? null : 'Must be a date as YYYY, YYYY-MM or YYYY-MM-DD.';
    case 'time':
      return isTime(value) ? null : 'Must be a time as HH:MM or HH:MM:SS.';
    case 'partialTime':
      return /^([01]\d|2[0-3])(:[0-5]\d(:[0-5]\d)?)?$/.test(value) ? null : 'Must be a time as HH, HH:MM or HH:MM:SS.';
    case 'datetime': {
      const [date = '', time = ''] = value.split('T');
      const zone = /(Z|[+-]\d{2}:\d{2})$/.exec(time)?.[0] ?? '';
      return isRealDate(date) && isTime(time.slice(0, time.length - zone.length))
        ? null
        : 'Must be a date and time as YYYY-MM-DDTHH:MM:SS, with an optional zone (Z or +01:00).';
    }
    case 'partialDatetime': {
      const [date = '', time] = value.split('T');
      const ok = time === undefined ? isPartialDate(date) : isRealDate(date) && /^([01]\d|2[0-3])(:[0-5]\d(:[0-5]\d)?)?$/.test(time);
      return ok ? null : 'Must be a date as YYYY, YYYY-MM or YYYY-MM-DD, optionally with a time (THH, THH:MM or THH:MM:SS).';
    }
    case 'boolean':
      return /^(true|false|1|0)$/.test(value) ? null : 'Must be true or false.';
    default:
      // text, string, URI, durations and the binary types: their form is the sender's; only the length is ours.
      return length !== null && [...value].length > length ? `At most ${length} characters.` : null;
  }
}

function isPartialDate(value: string): boolean {
  if (/^\d{4}$/.test(value)) return true;
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return true;
  return isRealDate(value);
}

function isTime(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$/.test(value);
}

/** Compares a value with a check value as numbers for numeric items, else as text (ISO dates sort as text). */
function compare(dataType: string, a: string, b: string): number {
  if (NUMERIC.has(dataType)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Does the value pass the RangeCheck (ODM 1.3.2 §3.1.3.4: the value must satisfy Comparator CheckValue)? */
function passes(dataType: string, comparator: string, checkValues: string[], value: string): boolean {
  const first = checkValues[0] ?? '';
  switch (comparator) {
    case 'LT':
      return compare(dataType, value, first) < 0;
    case 'LE':
      return compare(dataType, value, first) <= 0;
    case 'GT':
      return compare(dataType, value, first) > 0;
    case 'GE':
      return compare(dataType, value, first) >= 0;
    case 'EQ':
      return compare(dataType, value, first) === 0;
    case 'NE':
      return compare(dataType, value, first) !== 0;
    case 'IN':
      return checkValues.some((v) => compare(dataType, value, v) === 0);
    case 'NOTIN':
      return checkValues.every((v) => compare(dataType, value, v) !== 0);
    default:
      return true;
  }
}

/**
 * Checks one value against its item: data type, length, code list, measurement unit, and the
 * item's RangeChecks. A failed Hard check refuses the value; failed Soft checks are returned
 * (queries will be opened from them). Checks with a FormalExpression and no Comparator, and
 * checks stated in another unit than the value's, are left to edit checks.
 */
export function checkItemValue(item: CheckedItem, value: string, unitOid: string | null): ValueCheck {
  const problem = typeProblem(item, value);
  if (problem) return { ok: false, detail: problem };
  if (item.codeList && !item.codeList.items.some((choice) => choice.codedValue === value))
    return { ok: false, detail: `Must be one of the choices: ${item.codeList.items.map((c) => c.codedValue).join(', ')}.` };
  if (unitOid !== null && !item.units.some((u) => u.oid === unitOid))
    return { ok: false, detail: `The unit ${unitOid} is not one of this item's units.` };
  const softFailures: FailedRangeCheck[] = [];
  for (const check of item.rangeChecks) {
    if (!check.comparator) continue;
    const valueUnit = unitOid ?? (item.units.length === 1 ? (item.units[0]?.oid ?? null) : null);
    if (check.unitOid && valueUnit && check.unitOid !== valueUnit) continue;
    if (passes(item.dataType, check.comparator, check.checkValues, value)) continue;
    const failed = {
      softHard: check.softHard,
      comparator: check.comparator,
      checkValues: check.checkValues,
      message: check.errorMessage ?? `Must be ${check.comparator} ${check.checkValues.join(', ')}.`,
    };
    if (check.softHard === 'Hard') return { ok: false, detail: failed.message };
    softFailures.push(failed);
  }
  return { ok: true, softFailures };
}
