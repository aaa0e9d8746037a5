import { describe, expect, it } from 'vitest';
import { type CheckedItem, checkItemValue, typeProblem } from './check-item-value.js';

const item = (overrides: Partial<CheckedItem>): CheckedItem => ({
  oid: 'I',
  dataType: 'text',
  length: null,
  significantDigits: null,
  units: [],
  codeList: null,
  rangeChecks: [],
  ...overrides,
});

describe('the form of a value by its ODM data type', () => {
  it.each([
    ['integer', 3, null, '120', true],
    ['integer', 3, null, '-12', true],
    ['integer', 3, null, '1200', false],
    ['integer', null, null, '1.5', false],
    ['float', 8, 3, '5.125', true],
    ['float', 8, 3, '5.1254', false],
    ['float', 3, 1, '123.4', false],
    ['float', null, null, 'abc', false],
    ['date', null, null, '2026-02-28', true],
    ['date', null, null, '2026-02-30', false],
    ['date', null, null, '2026-02', false],
    ['partialDate', null, null, '2026', true],
    ['partialDate', null, null, '2026-02', true],
    ['partialDate', null, null, '2026-13', false],
    ['partialDate', null, null, '2026-02-29', false],
    ['time', null, null, '09:30', true],
    ['time', null, null, '23:59:59', true],
    ['time', null, null, '24:00', false],
    ['datetime', null, null, '2026-12-01T09:30:00Z', true],
    ['datetime', null, null, '2026-12-01T09:30+01:00', true],
    ['datetime', null, null, '2026-12-01', false],
    ['partialDatetime', null, null, '2026-12', true],
    ['boolean', null, null, 'true', true],
    ['boolean', null, null, '0', true],
    ['boolean', null, null, 'yes', false],
    ['text', 3, null, 'abc', true],
    ['text', 3, null, 'abcd', false],
  ] as const)('%s (length %s, digits %s): %s fits: %s', (dataType, length, significantDigits, value, fits) => {
    expect(typeProblem({ dataType, length, significantDigits }, value) === null).toBe(fits);
  });
});

describe('range checks and code lists', () => {
  const rbc = item({
    dataType: 'float',
    significantDigits: 3,
    rangeChecks: [
      { comparator: 'LE', softHard: 'Hard', checkValues: ['8.0'], unitOid: null, errorMessage: 'hard high' },
      { comparator: 'GE', softHard: 'Hard', checkValues: ['2.0'], unitOid: null, errorMessage: 'hard low' },
      { comparator: 'LE', softHard: 'Soft', checkValues: ['6.5'], unitOid: null, errorMessage: 'soft high' },
    ],
  });

  it('refuses a value over a hard check, keeps one over a soft check and reports it', () => {
    expect(checkItemValue(rbc, '9', null)).toEqual({ ok: false, detail: 'hard high' });
    expect(checkItemValue(rbc, '1.9', null)).toEqual({ ok: false, detail: 'hard low' });
    expect(checkItemValue(rbc, '7', null)).toEqual({
      ok: true,
      softFailures: [{ softHard: 'Soft', comparator: 'LE', checkValues: ['6.5'], message: 'soft high' }],
    });
    expect(checkItemValue(rbc, '5', null)).toEqual({ ok: true, softFailures: [] });
  });

  it('compares numbers as numbers (10 is over 9), and leaves a check in another unit to edit checks', () => {
    const height = item({
      dataType: 'integer',
      units: [{ oid: 'IN' }, { oid: 'CM' }],
      rangeChecks: [{ comparator: 'LT', softHard: 'Hard', checkValues: ['9'], unitOid: 'CM', errorMessage: null }],
    });
    expect(checkItemValue(height, '10', 'CM')).toMatchObject({ ok: false });
    expect(checkItemValue(height, '10', 'IN')).toEqual({ ok: true, softFailures: [] });
    expect(checkItemValue(height, '10', 'KG')).toMatchObject({ ok: false, detail: expect.stringContaining('KG') });
  });

  it('takes only a coded value of the code list', () => {
    const sex = item({ codeList: { items: [{ codedValue: 'M' }, { codedValue: 'F' }] } });
    expect(checkItemValue(sex, 'F', null)).toEqual({ ok: true, softFailures: [] });
    expect(checkItemValue(sex, 'f', null)).toMatchObject({ ok: false, detail: 'Must be one of the choices: M, F.' });
  });
});
