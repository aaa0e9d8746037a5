import type { ItemType, ItemValues } from './item-values.js';
import { compileRule, ExpressionError, ruleEnvironment, runRule } from './rule-engine.js';

export interface RuleTestCase {
  name: string;
  values: ItemValues;
  expected: 'fires' | 'passes';
}

export interface RuleTestResult {
  name: string;
  expected: 'fires' | 'passes';
  actual: 'fires' | 'passes' | 'skipped' | 'error';
  passed: boolean;
  detail: string | null;
}

/**
 * Each test case against the rule: it passes when the rule fires exactly when the case expects
 * it to. A rule skipped for a missing item did not fire, so it passes a case expecting `passes`.
 */
export function runRuleTests(items: readonly ItemType[], expression: string, cases: readonly RuleTestCase[]): RuleTestResult[] {
  const environment = ruleEnvironment(items);
  let compiled: ReturnType<typeof compileRule>;
  try {
    compiled = compileRule(environment, expression);
  } catch (error) {
    // The metadata was re-imported without an item the rule reads: every case says why.
    const detail = error instanceof ExpressionError ? error.message : 'The expression cannot be compiled.';
    return cases.map((c) => ({ name: c.name, expected: c.expected, actual: 'error', passed: false, detail }));
  }
  return cases.map((c) => {
    const outcome = runRule(environment, compiled, c.values);
    const fired = outcome.result === 'fires';
    const detail =
      outcome.result === 'skipped'
        ? `Not evaluated: no value for ${outcome.missingItemOids.join(', ')}.`
        : outcome.result === 'error'
          ? outcome.detail
          : null;
    const passed = outcome.result !== 'error' && fired === (c.expected === 'fires');
    return { name: c.name, expected: c.expected, actual: outcome.result, passed, detail };
  });
}
