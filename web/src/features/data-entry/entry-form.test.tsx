import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api-client';
import { renderWithApp } from '../../test/render';
import type { AuditEvent } from '../audit/audit-api';
import type { FormEntry, FormItem } from './data-entry-api';
import { EntryForm } from './entry-form';
import { addRow, changesOf, errorsByKey, initialState, removeRow, warningsByKey } from './entry-state';
import { itemChanges } from './item-history';

const item = (overrides: Partial<FormItem>): FormItem => ({
  oid: 'I_X',
  name: 'X',
  question: null,
  dataType: 'text',
  length: null,
  significantDigits: null,
  mandatory: false,
  collectionExceptionConditionOid: null,
  shown: true,
  note: null,
  units: [],
  codeList: null,
  rangeChecks: [],
  ...overrides,
});

const races = ['AI', 'AS', 'BL', 'PI', 'WH', 'MU', 'NR'].map((code) => ({ codedValue: code, decode: `Race ${code}` }));

const entry: FormEntry = {
  id: '0b6f3a52-4a8e-4d2a-9c3e-7f1a2b3c4d5e',
  participantId: 'c2a1d7e4-8b3f-4f0e-9d6a-1e2b3c4d5e6f',
  subjectNumber: '101-006',
  visitId: '6f1c1c8e-0a52-4c1e-9a57-3c1f4a0d2b11',
  visitCode: 'BL',
  visitName: 'Baseline',
  timeZone: 'America/Chicago',
  formOid: 'F_VS',
  name: 'Vital signs',
  description: null,
  language: 'en',
  languages: ['de', 'en'],
  status: 'saved',
  version: 2,
  firstSavedAt: '2026-11-02T15:00:00.000Z',
  lastChangedAt: '2026-11-02T15:00:00.000Z',
  reasonRequired: true,
  itemGroups: [
    {
      oid: 'IG_VS',
      name: 'Vital signs',
      description: null,
      repeating: false,
      mandatory: true,
      collectionExceptionConditionOid: null,
      shown: true,
      note: null,
      repeatKeys: [1],
      items: [
        item({
          oid: 'I_SYSBP',
          question: 'Systolic blood pressure',
          dataType: 'integer',
          length: 3,
          mandatory: true,
          units: [{ oid: 'MU_MMHG', symbol: 'mmHg' }],
          rangeChecks: [{ comparator: 'LE', softHard: 'Soft', checkValues: ['160'], unit: 'mmHg', errorMessage: 'above 160' }],
        }),
        item({ oid: 'I_TEMP', question: 'Body temperature', dataType: 'float', length: 3, significantDigits: 1 }),
        item({ oid: 'I_BRTHDT', question: 'Year and month of birth', dataType: 'partialDate' }),
        item({
          oid: 'I_SEX',
          question: 'Sex',
          codeList: [
            { codedValue: 'F', decode: 'Female' },
            { codedValue: 'M', decode: 'Male' },
          ],
        }),
        item({ oid: 'I_RACE', question: 'Race', codeList: races }),
        item({ oid: 'I_DIZZY', question: 'Dizzy?', dataType: 'boolean', note: 'Collected unless condition COND.DIZZY holds' }),
      ],
    },
    {
      oid: 'IG_AE',
      name: 'Adverse event log',
      description: null,
      repeating: true,
      mandatory: false,
      collectionExceptionConditionOid: null,
      shown: true,
      note: null,
      repeatKeys: [1, 3],
      items: [item({ oid: 'I_AETERM', question: 'Adverse event', mandatory: true })],
    },
  ],
  values: [
    {
      itemGroupOid: 'IG_VS',
      repeatKey: 1,
      itemOid: 'I_SYSBP',
      value: '172',
      measurementUnitOid: 'MU_MMHG',
      changedAt: '2026-11-02T15:00:00.000Z',
    },
    {
      itemGroupOid: 'IG_AE',
      repeatKey: 1,
      itemOid: 'I_AETERM',
      value: 'Headache',
      measurementUnitOid: null,
      changedAt: '2026-11-02T15:00:00.000Z',
    },
    {
      itemGroupOid: 'IG_AE',
      repeatKey: 3,
      itemOid: 'I_AETERM',
      value: 'Nausea',
      measurementUnitOid: null,
      changedAt: '2026-11-02T15:00:00.000Z',
    },
  ],
  softChecks: [{ itemGroupOid: 'IG_VS', repeatKey: 1, itemOid: 'I_SYSBP', comparator: 'LE', checkValues: ['160'], message: 'above 160' }],
};

describe('the data entry form', () => {
  it('renders each item by its type: a unit, digits, partial dates, radios for a few choices, a select for many, a log as a table', async () => {
    const onAddRow = vi.fn();
    const onRemoveRow = vi.fn();
    const state = initialState(entry);
    const { user } = renderWithApp(
      <EntryForm
        entry={entry}
        values={state.values}
        rows={state.rows}
        errors={{ 'IG_VS[1].I_TEMP': 'Body temperature (I_TEMP): At most 1 digits after the decimal point.' }}
        warnings={warningsByKey(entry.softChecks)}
        readOnly={false}
        onValue={() => {}}
        onAddRow={onAddRow}
        onRemoveRow={onRemoveRow}
      />,
    );
    const sysbp = screen.getByRole('textbox', { name: /Systolic blood pressure/ }) as HTMLInputElement;
    expect(sysbp.value).toBe('172');
    expect(sysbp.required).toBe(true);
    screen.getByText('mmHg');
    screen.getByText(/Whole number · expected ≤ 160 mmHg · I_SYSBP/);
    screen.getByText(/above 160 \(kept; a query will ask about it\)/);
    screen.getByText(/Number, up to 1 digit after the point/);
    screen.getByText('Body temperature (I_TEMP): At most 1 digits after the decimal point.');
    expect((screen.getByRole('textbox', { name: /Year and month of birth/ }) as HTMLInputElement).placeholder).toBe(
      'YYYY, YYYY-MM or YYYY-MM-DD',
    );
    expect(within(screen.getByRole('radiogroup', { name: 'Sex' })).getAllByRole('radio')).toHaveLength(2);
    screen.getByRole('combobox', { name: /Race/ });
    within(screen.getByRole('radiogroup', { name: 'Dizzy?' })).getByLabelText('Yes');
    screen.getByText('Collected unless condition COND.DIZZY holds');

    const log = screen.getByRole('table', { name: 'Adverse event log' });
    expect((within(log).getByRole('textbox', { name: 'Adverse event, row 2' }) as HTMLInputElement).value).toBe('Nausea');
    await user.click(screen.getByRole('button', { name: 'Add a row to Adverse event log' }));
    expect(onAddRow).toHaveBeenCalledWith('IG_AE');
    await user.click(screen.getByRole('button', { name: 'Remove row 2 of Adverse event log' }));
    expect(onRemoveRow).toHaveBeenCalledWith('IG_AE', 3);
  });
});

describe('what a save sends', () => {
  it('sends only the values changed (a cleared one as null) and the stored rows removed, and places errors at their items', () => {
    let state = initialState(entry);
    state = {
      ...state,
      values: { ...state.values, 'IG_VS[1].I_SYSBP': { value: '', unit: 'MU_MMHG' }, 'IG_VS[1].I_TEMP': { value: '36.8', unit: null } },
    };
    state = removeRow(state, entry, 'IG_AE', 1);
    state = addRow(state, 'IG_AE');
    expect(state.rows.IG_AE).toEqual([3, 4]);
    state = { ...state, values: { ...state.values, 'IG_AE[4].I_AETERM': { value: 'Rash', unit: null } } };
    const changes = changesOf(entry, state);
    expect(changes.removeRows).toEqual([{ itemGroupOid: 'IG_AE', repeatKey: 1 }]);
    expect(changes.values).toEqual(
      expect.arrayContaining([
        { itemGroupOid: 'IG_VS', repeatKey: 1, itemOid: 'I_SYSBP', value: null, measurementUnitOid: null },
        { itemGroupOid: 'IG_VS', repeatKey: 1, itemOid: 'I_TEMP', value: '36.8', measurementUnitOid: null },
        { itemGroupOid: 'IG_AE', repeatKey: 4, itemOid: 'I_AETERM', value: 'Rash', measurementUnitOid: null },
      ]),
    );
    expect(changes.values).toHaveLength(3);

    const refusal = new ApiError({
      title: 'Bad Request',
      status: 400,
      errors: [
        { pointer: '/values/1/value', detail: 'too many digits' },
        { pointer: '/items/IG_AE/4/I_AETERM', detail: 'required' },
      ],
    });
    expect(errorsByKey(refusal, changes.keys)).toEqual({ [changes.keys[1] as string]: 'too many digits', 'IG_AE[4].I_AETERM': 'required' });
  });
});

describe("an item's history", () => {
  it("is the changes of its field in the form's audit entries, newest first", () => {
    const event = (seq: string, changes: { field: string; oldText: string; newText: string }[]) =>
      ({ seq, action: 'update', readableChanges: changes.map((c) => ({ ...c, label: c.field })) }) as unknown as AuditEvent;
    const events = [
      event('9', [{ field: 'IG_VS[1].I_SYSBP', oldText: '172', newText: '152' }]),
      event('8', [
        { field: 'status', oldText: 'Draft', newText: 'Saved' },
        { field: 'IG_VS[1].I_DIABP', oldText: '—', newText: '85' },
        { field: 'IG_VS[1].I_SYSBP', oldText: '—', newText: '172' },
      ]),
    ];
    expect(itemChanges(events, 'IG_VS[1].I_SYSBP').map((c) => [c.event.seq, c.oldText, c.newText])).toEqual([
      ['9', '172', '152'],
      ['8', '—', '172'],
    ]);
    expect(itemChanges(events, 'IG_AE[1].I_AETERM')).toEqual([]);
  });
});
