import { isRealDate } from '../../platform/http/fields.js';

/** A value as data entry or a test case holds it: text from a form field, or a JSON number or boolean. */
export type RawItemValue = string | number | boolean | null | undefined;
export type ItemValues = Readonly<Record<string, RawItemValue>>;

/** What the engine needs of an item: its OID and its ODM DataType. */
export interface ItemType {
  oid: string;
  dataType: string;
}

export type CelType = 'int' | 'double' | 'string' | 'bool' | 'google.protobuf.Timestamp';

/**
 * The CEL type of an ODM 1.3.2 DataType: integer → int, float/double → double, date and
 * datetime → timestamp (a date is midnight UTC), boolean → bool. Everything else (text,
 * string, coded values of text code lists, partial dates, times, URIs) is compared as text.
 */
export function celTypeOf(dataType: string): CelType {
  switch (dataType) {
    case 'integer':
      return 'int';
    case 'float':
    case 'double':
      return 'double';
    case 'date':
    case 'datetime':
      return 'google.protobuf.Timestamp';
    case 'boolean':
      return 'bool';
    default:
      return 'string';
  }
}

/** No value: absent, null or blank text. A rule never sees a blank as a value (see rule-engine.ts). */
export function isMissing(value: RawItemValue): value is null | undefined | '' {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

export type Typed = { ok: true; value: bigint | number | string | boolean | Date } | { ok: false; detail: string };

const integer = /^[+-]?\d{1,18}$/;
const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A present value as the CEL type of its item; a value of the wrong type says what was expected. */
export function toCelValue(dataType: string, value: string | number | boolean): Typed {
  const text = typeof value === 'string' ? value.trim() : String(value);
  switch (celTypeOf(dataType)) {
    case 'int':
      if (typeof value === 'boolean' || !integer.test(text)) return { ok: false, detail: `Must be a whole number (${dataType}).` };
      return { ok: true, value: BigInt(text) };
    case 'double': {
      if (typeof value === 'boolean' || !decimal.test(text)) return { ok: false, detail: `Must be a number (${dataType}).` };
      return { ok: true, value: Number(text) };
    }
    case 'google.protobuf.Timestamp':
      if (dataType === 'date') {
        if (!isRealDate(text)) return { ok: false, detail: 'Must be a real date as YYYY-MM-DD.' };
        return { ok: true, value: new Date(`${text}T00:00:00Z`) };
      }
      if (!dateTime.test(text) || Number.isNaN(Date.parse(text)))
        return { ok: false, detail: 'Must be a date and time with its offset, such as 2026-03-01T08:30:00Z.' };
      return { ok: true, value: new Date(text) };
    case 'bool':
      if (value === true || text === 'true' || text === '1') return { ok: true, value: true };
      if (value === false || text === 'false' || text === '0') return { ok: true, value: false };
      return { ok: false, detail: 'Must be true or false.' };
    case 'string':
      return { ok: true, value: text };
  }
}
