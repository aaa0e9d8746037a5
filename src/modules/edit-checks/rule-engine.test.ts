import { describe, expect, it } from 'vitest';
import { checkLoadedValues, type LoadedEditChecks } from './check-form-values.js';
import { compileRule, ExpressionError, evaluateExpression, ruleEnvironment } from './rule-engine.js';
import { runRuleTests } from './run-rule-tests.js';

const items = [
  { oid: 'AGE', dataType: 'integer' },
  { oid: 'WEIGHT', dataType: 'float' },
  { oid: 'VISITDATE', dataType: 'date' },
  { oid: 'BIRTHDATE', dataType: 'date' },
  { oid: 'SEX', dataType: 'text' },
  { oid: 'SMOKER', dataType: 'boolean' },
  { oid: 'VS.SYSBP', dataType: 'integer' },
  { oid: 'VS.DIABP', dataType: 'integer' },
  { oid: 'PREGNANT', dataType: 'text' },
  { oid: 'WEEKS', dataType: 'integer' },
];
const run = (expression: string, values: Record<string, string | number | boolean | null>) => evaluateExpression(expression, values, items);

describe('the edit check engine (CEL)', () => {
  it('types each value from its ODM data type: integer, float, date, text, boolean', () => {
    expect(run('item.AGE >= 18', { AGE: '18' })).toEqual({ result: 'fires' });
    expect(run('item.AGE >= 18', { AGE: 17 })).toEqual({ result: 'passes' });
    expect(run('item.WEIGHT > 150.5', { WEIGHT: '150.6' })).toEqual({ result: 'fires' });
    expect(run('item.VISITDATE < item.BIRTHDATE', { VISITDATE: '2026-01-01', BIRTHDATE: '2026-01-02' })).toEqual({ result: 'fires' });
    expect(run('item.VISITDATE > date("2026-06-30")', { VISITDATE: '2026-07-01' })).toEqual({ result: 'fires' });
    expect(run('daysBetween(item.BIRTHDATE, item.VISITDATE) < 18 * 365', { BIRTHDATE: '2010-01-01', VISITDATE: '2026-01-01' })).toEqual({
      result: 'fires',
    });
    expect(run('item.SEX == "F"', { SEX: 'F' })).toEqual({ result: 'fires' });
    expect(run('item.SMOKER', { SMOKER: 'true' })).toEqual({ result: 'fires' });
    expect(run('item["VS.DIABP"] >= item["VS.SYSBP"]', { 'VS.SYSBP': '120', 'VS.DIABP': '130' })).toEqual({ result: 'fires' });
  });

  it('refuses at compile time a comparison of the wrong type, an unknown item, and a non-boolean rule', () => {
    const env = ruleEnvironment(items);
    expect(() => compileRule(env, 'item.AGE > "18"')).toThrow(/no such overload/);
    expect(() => compileRule(env, 'item.HEIGHT > 1')).toThrow('Unknown item OID "HEIGHT"');
    expect(() => compileRule(env, 'item.AGE + 1')).toThrow(/must be true or false/);
    try {
      compileRule(env, 'item.AGE > ');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionError);
      expect((error as ExpressionError).message).toBe('Unexpected token: EOF');
      expect((error as ExpressionError).column).toBe(12);
    }
  });

  it('compiles an expression once per environment and reuses it', () => {
    const env = ruleEnvironment(items);
    expect(ruleEnvironment([...items].reverse())).toBe(env);
    expect(compileRule(env, 'item.AGE > 1')).toBe(compileRule(env, 'item.AGE > 1'));
  });

  it('does not fire a rule that reads a missing value, unless the rule tests presence with has()', () => {
    expect(run('item.AGE < 18', {})).toEqual({ result: 'skipped', missingItemOids: ['AGE'] });
    expect(run('item.AGE < 18', { AGE: null })).toEqual({ result: 'skipped', missingItemOids: ['AGE'] });
    expect(run('item.AGE < 18', { AGE: '  ' })).toEqual({ result: 'skipped', missingItemOids: ['AGE'] });
    const weeksRequired = 'item.PREGNANT == "Y" && !has(item.WEEKS)';
    expect(run(weeksRequired, { PREGNANT: 'Y' })).toEqual({ result: 'fires' });
    expect(run(weeksRequired, { PREGNANT: 'Y', WEEKS: 12 })).toEqual({ result: 'passes' });
    expect(run(weeksRequired, { PREGNANT: 'N' })).toEqual({ result: 'passes' });
  });

  it('answers an error, not a throw, for a value of the wrong type or a failing operation', () => {
    expect(run('item.AGE > 1', { AGE: 'abc' })).toEqual({ result: 'error', detail: 'Item AGE: Must be a whole number (integer).' });
    expect(run('item.VISITDATE > date("2026-01-01")', { VISITDATE: '2026-02-30' })).toMatchObject({ result: 'error' });
    expect(run('item.AGE / 0 > 1', { AGE: 3 })).toEqual({ result: 'error', detail: 'division by zero' });
  });

  it('gives a malicious expression an error, never execution', () => {
    const env = ruleEnvironment(items);
    for (const attack of [
      'item.constructor.constructor("return process")() == 1',
      'item.__proto__ == null',
      'item["__proto__"]["polluted"] == 1',
      'item.AGE.constructor == 1',
      'process.exit(1)',
      'this.constructor',
      'eval("1") == 1',
      'require("fs") == 1',
      `${'('.repeat(200)}true${')'.repeat(200)}`,
    ]) {
      expect(() => compileRule(env, attack), attack).toThrow(ExpressionError);
    }
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
  });

  it("runs a rule's test cases: pass when the rule fires exactly as expected", () => {
    const results = runRuleTests(items, 'item.AGE < 18', [
      { name: 'a minor', values: { AGE: 17 }, expected: 'fires' },
      { name: 'an adult', values: { AGE: 40 }, expected: 'passes' },
      { name: 'no age yet', values: {}, expected: 'passes' },
      { name: 'wrong expectation', values: { AGE: 40 }, expected: 'fires' },
    ]);
    expect(results.map((r) => [r.name, r.actual, r.passed])).toEqual([
      ['a minor', 'fires', true],
      ['an adult', 'passes', true],
      ['no age yet', 'skipped', true],
      ['wrong expectation', 'passes', false],
    ]);
    expect(results[2]?.detail).toBe('Not evaluated: no value for AGE.');
  });
});

describe('range checks and rules at save (checkFormValues)', () => {
  const rangeItem = (oid: string, dataType: string, checks: [string, 'Soft' | 'Hard', string[]][]) => ({
    oid,
    dataType,
    rangeChecks: checks.map(([comparator, softHard, checkValues]) => ({
      comparator: comparator as 'LT',
      softHard,
      checkValues,
      measurementUnitOid: null,
      formalExpression: null,
      errorMessage: {},
    })),
  });
  const loaded = (rangeItems: ReturnType<typeof rangeItem>[], rules: LoadedEditChecks['rules'] = []): LoadedEditChecks => ({
    items: new Map(rangeItems.map((i) => [i.oid, i])),
    environment: ruleEnvironment(rangeItems),
    rules,
    defaultLanguage: 'en',
  });

  it.each([
    ['LT', ['180'], '179', '180'],
    ['LE', ['180'], '180', '181'],
    ['GT', ['40'], '41', '40'],
    ['GE', ['40'], '40', '39'],
    ['EQ', ['1'], '1', '2'],
    ['NE', ['0'], '1', '0'],
    ['IN', ['1', '2', '3'], '2', '4'],
    ['NOTIN', ['97', '98'], '5', '98'],
  ])('%s %j: %s passes, %s fails', (comparator, values, good, bad) => {
    const checks = loaded([rangeItem('X', 'integer', [[comparator, 'Hard', values]])]);
    expect(checkLoadedValues(checks, { X: good })).toEqual([]);
    expect(checkLoadedValues(checks, { X: bad })).toEqual([
      { source: 'range-check', ruleOid: null, itemOid: 'X', severity: 'hard', message: expect.stringContaining(values[0] ?? '') },
    ]);
  });

  it('compares numbers as numbers, dates as dates; SoftHard gives hard or soft; a missing value fails none', () => {
    const checks = loaded([
      rangeItem('W', 'float', [
        ['GE', 'Hard', ['30']],
        ['LT', 'Soft', ['150.5']],
      ]),
      rangeItem('D', 'date', [['GE', 'Soft', ['2026-01-01']]]),
    ]);
    expect(checkLoadedValues(checks, { W: '9.5' }).map((f) => f.severity)).toEqual(['hard']);
    expect(checkLoadedValues(checks, { W: '200' }).map((f) => f.severity)).toEqual(['soft']);
    expect(checkLoadedValues(checks, { D: '2025-12-31' })).toEqual([expect.objectContaining({ itemOid: 'D', severity: 'soft' })]);
    expect(checkLoadedValues(checks, { W: '', D: null })).toEqual([]);
  });

  it('reports a firing rule on each item it is about, with its severity and message; a broken rule as a soft rule-error', () => {
    const checks = loaded(
      [rangeItem('SYS', 'integer', []), rangeItem('DIA', 'integer', [])],
      [
        {
          oid: 'R.BP',
          expression: 'item.DIA >= item.SYS',
          severity: 'hard',
          message: 'Diastolic must be below systolic',
          itemOids: ['DIA', 'SYS'],
        },
        { oid: 'R.OLD', expression: 'item.GONE > 1', severity: 'hard', message: 'x', itemOids: ['SYS'] },
      ],
    );
    const failures = checkLoadedValues(checks, { SYS: '120', DIA: '130' });
    expect(failures).toEqual([
      { source: 'rule', ruleOid: 'R.BP', itemOid: 'DIA', severity: 'hard', message: 'Diastolic must be below systolic' },
      { source: 'rule', ruleOid: 'R.BP', itemOid: 'SYS', severity: 'hard', message: 'Diastolic must be below systolic' },
      expect.objectContaining({ source: 'rule-error', ruleOid: 'R.OLD', severity: 'soft', message: expect.stringContaining('GONE') }),
    ]);
    expect(checkLoadedValues(checks, { SYS: '120', DIA: '80' }).filter((f) => f.source === 'rule')).toEqual([]);
  });
});
