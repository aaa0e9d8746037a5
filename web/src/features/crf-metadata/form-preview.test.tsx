import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../../test/render';
import type { CrfForm, CrfItem } from './crf-api';
import { FormPreview } from './form-preview';

const item = (overrides: Partial<CrfItem>): CrfItem => ({
  oid: 'I_X',
  name: 'X',
  dataType: 'text',
  length: null,
  significantDigits: null,
  question: null,
  mandatory: false,
  identifying: false,
  collectionExceptionConditionOid: null,
  methodOid: null,
  units: [],
  codeList: null,
  rangeChecks: [],
  ...overrides,
});

const form: CrfForm = {
  oid: 'F_VS',
  name: 'Vital signs',
  repeating: false,
  description: null,
  itemGroups: [
    {
      oid: 'IG_VS',
      name: 'Blood pressure',
      repeating: false,
      mandatory: true,
      collectionExceptionConditionOid: null,
      items: [
        item({
          oid: 'I_SYSBP',
          name: 'Systolic BP',
          dataType: 'integer',
          length: 3,
          question: 'Systolischer Blutdruck',
          mandatory: true,
          units: [{ oid: 'MU_MMHG', symbol: 'mm Hg' }],
          rangeChecks: [
            {
              comparator: 'LT',
              softHard: 'Hard',
              checkValues: ['180'],
              unit: 'mm Hg',
              formalExpression: null,
              errorMessage: 'Der Wert sollte unter 180 sein',
            },
          ],
        }),
        item({
          oid: 'I_SEX',
          name: 'Sex',
          question: 'Geschlecht',
          codeList: {
            oid: 'CL_SEX',
            name: 'Sex',
            dataType: 'text',
            items: [
              { codedValue: 'M', decode: 'Männlich' },
              { codedValue: 'F', decode: 'Weiblich' },
            ],
          },
        }),
        item({ oid: 'I_PREG', name: 'Pregnant', question: null, collectionExceptionConditionOid: 'COND.SEX.MALE' }),
      ],
    },
    {
      oid: 'IG_AE',
      name: 'Adverse events',
      repeating: true,
      mandatory: false,
      collectionExceptionConditionOid: null,
      items: [item({ oid: 'I_AETERM', name: 'AE term', question: 'Adverse event', length: 200 })],
    },
  ],
};

describe('the form preview', () => {
  it("shows each item's question, type, unit, choices and range check, read-only", () => {
    renderWithApp(<FormPreview form={form} />);
    const preview = screen.getByRole('region', { name: 'Preview of Vital signs' });

    const sysbp = within(preview).getByRole('textbox', { name: /Systolischer Blutdruck/ });
    expect(sysbp.hasAttribute('readonly')).toBe(true);
    expect((sysbp as HTMLInputElement).required).toBe(true);
    within(preview).getByText(/integer, length 3 · mm Hg · I_SYSBP/);
    within(preview).getByText(/Range < 180 mm Hg \(hard: refused\)/);

    const sex = within(preview).getByRole('radiogroup', { name: 'Geschlecht' });
    const choices = within(sex).getAllByRole('radio');
    expect(choices.map((c) => c.getAttribute('value'))).toEqual(['M', 'F']);
    expect((within(sex).getByLabelText('Männlich') as HTMLInputElement).disabled).toBe(true);

    // No question in the file: the item's name stands in; its skip condition is named, not evaluated.
    within(preview).getByRole('textbox', { name: /Pregnant/ });
    within(preview).getByText('Skipped when COND.SEX.MALE');

    within(preview).getByText('Repeating: one row per entry');
    expect(
      within(preview)
        .getByRole('textbox', { name: /Adverse event/ })
        .hasAttribute('readonly'),
    ).toBe(true);
  });

  it('reads a REDCap form: branching logic says when an item is shown, a calculation its expression, an identifier is marked', () => {
    const redcap: CrfForm = {
      oid: 'Form.demographics',
      name: 'Demographics',
      repeating: false,
      description: null,
      itemGroups: [
        {
          oid: 'demographics.dob',
          name: 'Demographics',
          repeating: false,
          mandatory: false,
          collectionExceptionConditionOid: null,
          items: [
            item({ oid: 'dob', name: 'dob', question: 'Date of birth', dataType: 'date', identifying: true }),
            item({
              oid: 'given_birth',
              name: 'given_birth',
              question: 'Given birth?',
              collectionExceptionConditionOid: 'Condition.given_birth',
            }),
            item({ oid: 'bmi', name: 'bmi', question: 'BMI', dataType: 'float', methodOid: 'Method.bmi' }),
          ],
        },
      ],
    };
    const conditions = [
      {
        oid: 'Condition.given_birth',
        kind: 'condition' as const,
        name: 'b',
        description: null,
        context: 'REDCap',
        expression: '[sex] = "0"',
      },
      { oid: 'Method.bmi', kind: 'method' as const, name: 'c', description: null, context: 'REDCap', expression: '[weight]/([height]^2)' },
    ];
    renderWithApp(<FormPreview form={redcap} conditions={conditions} />);
    const preview = screen.getByRole('region', { name: 'Preview of Demographics' });
    within(preview).getByText('Shown only when [sex] = "0"');
    within(preview).getByText('Calculated: [weight]/([height]^2)');
    expect(within(preview).getAllByText('Identifying: hidden from sponsor and CRO')).toHaveLength(1);
  });
});
