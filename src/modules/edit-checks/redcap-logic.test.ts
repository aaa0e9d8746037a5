import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { RedcapTranslationError, translateRedcapLogic } from './redcap-logic.js';
import { evaluateExpression } from './rule-engine.js';

/** The REDCap projects beside the repository (shared/data/redcap), read as the ODM tests read theirs. */
const redcap = join(fileURLToPath(import.meta.url), '../../../../../shared/data/redcap');

type Row = Record<string, string>;
function dictionary(project: string): Row[] {
  return parse(readFileSync(join(redcap, project, 'dictionary.csv')), { columns: true, bom: true }) as Row[];
}

/** REDCap field types and validations as ODM data types: numbers are numbers, choices their coded text. */
function itemsOf(rows: Row[]) {
  return rows.map((row) => {
    const validation = row['Text Validation Type OR Show Slider Number'];
    const type = row['Field Type'];
    const dataType =
      validation === 'integer'
        ? 'integer'
        : validation === 'number' || type === 'calc'
          ? 'float'
          : validation?.startsWith('date')
            ? 'date'
            : 'text';
    return { oid: row['Variable / Field Name'] ?? '', dataType };
  });
}

describe('REDCap branching logic into CEL', () => {
  const rows = dictionary('longitudinal');
  const items = itemsOf(rows);
  const logicOf = (field: string) =>
    rows.find((r) => r['Variable / Field Name'] === field)?.['Branching Logic (Show field only if...)'] ?? '';
  const calcOf = (field: string) =>
    rows.find((r) => r['Variable / Field Name'] === field)?.['Choices, Calculations, OR Slider Labels'] ?? '';

  it("translates the project's branching logic and evaluates it as REDCap would", () => {
    expect(logicOf('given_birth')).toBe('[sex] = "0"');
    const givenBirth = translateRedcapLogic(logicOf('given_birth'), items);
    expect(givenBirth).toBe('(item.sex == "0")');
    expect(evaluateExpression(givenBirth, { sex: '0' }, items)).toEqual({ result: 'fires' });
    expect(evaluateExpression(givenBirth, { sex: '1' }, items)).toEqual({ result: 'passes' });

    const children = translateRedcapLogic(logicOf('num_children'), items);
    expect(children).toBe('((item.sex == "0") && (item.given_birth == "1"))');
    expect(evaluateExpression(children, { sex: '0', given_birth: '1' }, items)).toEqual({ result: 'fires' });
    expect(evaluateExpression(children, { sex: '0', given_birth: '0' }, items)).toEqual({ result: 'passes' });
  });

  it("translates the project's BMI calculation (^ and round) into a number a rule can compare", () => {
    const bmi = translateRedcapLogic(calcOf('bmi'), items);
    expect(bmi).toContain('pow(');
    expect(evaluateExpression(`${bmi} == 24.2`, { weight: '70', height: '170' }, items)).toEqual({ result: 'fires' });
  });

  it('types literals by the item, turns <> and or into CEL, and a blank test into has()', () => {
    const typed = [
      { oid: 'age', dataType: 'integer' },
      { oid: 'consent_date', dataType: 'date' },
      { oid: 'ae', dataType: 'text' },
    ];
    expect(translateRedcapLogic("[age] >= '18' or [ae] <> ''", typed)).toBe('((item.age >= 18) || has(item.ae))');
    expect(translateRedcapLogic("[ae] = '' AND [consent_date] < '2026-01-01'", typed)).toBe(
      '(!has(item.ae) && (item.consent_date < date("2026-01-01")))',
    );
    expect(translateRedcapLogic('[ae] <> 1', typed)).toBe('(item.ae != "1")');
  });

  it('refuses what it cannot translate, naming the place', () => {
    const typed = [
      { oid: 'age', dataType: 'integer' },
      { oid: 'dob', dataType: 'date' },
    ];
    const refusals: [string, RegExp][] = [
      ['datediff([dob], "today", "y") > 18', /datediff\(\) is not translated.*character 1/],
      ['[enrollment_arm_1][age] > 18', /another event/],
      ['[race(2)] = "1"', /Checkbox/],
      ['[weight] > 50', /Unknown field \[weight\]/],
      ["[age] = 'adult'", /cannot be compared.*character 9/],
      ['[age] > ', /ends too early/],
      ['[age] > 18 18', /Unexpected "18"/],
      ['[age] # 3', /Unexpected "#"/],
    ];
    for (const [logic, message] of refusals) {
      expect(() => translateRedcapLogic(logic, typed), logic).toThrow(RedcapTranslationError);
      expect(() => translateRedcapLogic(logic, typed), logic).toThrow(message);
    }
  });
});
