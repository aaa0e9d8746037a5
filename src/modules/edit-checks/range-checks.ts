import type { StoredRangeCheck, Translations } from '../../platform/db/column-types.js';
import { pickText } from '../crf-metadata/load-crf-metadata.js';
import { isMissing, type RawItemValue, toCelValue } from './item-values.js';

export type Severity = 'hard' | 'soft';

export interface RangeCheckFailure {
  itemOid: string;
  comparator: NonNullable<StoredRangeCheck['comparator']>;
  severity: Severity;
  message: string;
}

export interface RangeCheckedItem {
  oid: string;
  dataType: string;
  rangeChecks: readonly StoredRangeCheck[];
}

const wording: Record<NonNullable<StoredRangeCheck['comparator']>, string> = {
  LT: 'less than',
  LE: 'at most',
  GT: 'greater than',
  GE: 'at least',
  EQ: 'equal to',
  NE: 'other than',
  IN: 'one of',
  NOTIN: 'none of',
};

/**
 * The item's ODM RangeChecks on one value. A RangeCheck states what a valid value satisfies
 * (ODM 1.3.2, RangeCheck: "value Comparator CheckValue"), so it fails when the comparison is
 * false; SoftHard gives the severity. A missing value fails none (Mandatory is data entry's
 * concern), nor does a value of the wrong type (data entry refuses it first), nor a check given
 * as a FormalExpression instead of CheckValues (not evaluated here; documented in ADR 0020).
 */
export function checkRanges(item: RangeCheckedItem, raw: RawItemValue, language?: string, defaultLanguage = 'en'): RangeCheckFailure[] {
  if (isMissing(raw)) return [];
  const value = toCelValue(item.dataType, raw);
  if (!value.ok) return [];
  const failures: RangeCheckFailure[] = [];
  for (const check of item.rangeChecks) {
    if (!check.comparator || check.checkValues.length === 0) continue;
    const bounds = check.checkValues.map((v) => toCelValue(item.dataType, v));
    if (bounds.some((b) => !b.ok)) continue;
    const typedBounds = bounds.map((b) => (b.ok ? comparable(b.value) : 0));
    if (satisfies(check.comparator, comparable(value.value), typedBounds)) continue;
    failures.push({
      itemOid: item.oid,
      comparator: check.comparator,
      severity: check.softHard === 'Hard' ? 'hard' : 'soft',
      message: messageOf(check, language ?? defaultLanguage, defaultLanguage),
    });
  }
  return failures;
}

function comparable(value: bigint | number | string | boolean | Date): number | string {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'bigint' || typeof value === 'boolean') return Number(value);
  return value;
}

function satisfies(comparator: RangeCheckFailure['comparator'], value: number | string, bounds: (number | string)[]): boolean {
  const [bound] = bounds;
  if (bound === undefined) return true;
  switch (comparator) {
    case 'LT':
      return value < bound;
    case 'LE':
      return value <= bound;
    case 'GT':
      return value > bound;
    case 'GE':
      return value >= bound;
    case 'EQ':
      return value === bound;
    case 'NE':
      return value !== bound;
    case 'IN':
      return bounds.includes(value);
    case 'NOTIN':
      return !bounds.includes(value);
  }
}

function messageOf(check: StoredRangeCheck, language: string, defaultLanguage: string): string {
  const text = pickText(check.errorMessage as Translations, language, defaultLanguage);
  if (text) return text;
  const values = check.checkValues.join(', ');
  return `The value must be ${check.comparator ? wording[check.comparator] : ''} ${values}.`;
}
