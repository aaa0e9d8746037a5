import type { FieldError } from '../../platform/errors.js';
import { type ItemType, isMissing, toCelValue } from './item-values.js';
import { compileRule, ExpressionError, ruleEnvironment } from './rule-engine.js';
import type { RuleTestCase } from './run-rule-tests.js';

/**
 * A rule's expression compiles against the metadata's items (the library's message, with its
 * column, at /expression), the items it is about exist, and its test cases' values name items
 * that exist and have the item's type. Every problem is listed at once.
 */
export function validateEditCheck(
  items: readonly ItemType[],
  input: { expression?: string; itemOids?: string[]; testCases?: RuleTestCase[] },
): FieldError[] {
  const known = new Map(items.map((i) => [i.oid, i]));
  const errors: FieldError[] = [];
  if (input.expression !== undefined) {
    try {
      compileRule(ruleEnvironment(items), input.expression);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      errors.push({ pointer: '/expression', detail: error.column ? `${error.message} (column ${error.column})` : error.message });
    }
  }
  (input.itemOids ?? []).forEach((oid, index) => {
    if (!known.has(oid))
      errors.push({ pointer: `/itemOids/${index}`, detail: `Unknown item OID "${oid}": the CRF metadata has no such item.` });
  });
  (input.testCases ?? []).forEach((testCase, index) => {
    for (const [oid, value] of Object.entries(testCase.values)) {
      const pointer = `/testCases/${index}/values/${oid.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      const item = known.get(oid);
      if (!item) {
        errors.push({ pointer, detail: `Unknown item OID "${oid}": the CRF metadata has no such item.` });
        continue;
      }
      if (isMissing(value)) continue;
      const typed = toCelValue(item.dataType, value);
      if (!typed.ok) errors.push({ pointer, detail: typed.detail });
    }
  });
  return errors;
}
