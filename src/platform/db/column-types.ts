import type { ColumnType } from 'kysely';

// What the generated table types (tables.generated.ts) cannot read from the migrations: the
// shape of each jsonb column. table-types.ts names, per column, which of these it holds.

/** jsonb: read back as parsed JSON, written as JSON text. */
export type JsonColumn<T> = ColumnType<T, string, string>;

/** The audit trail's field changes: written once, never updated (the rows are append-only). */
export type AuditChanges = ColumnType<unknown, string, never>;

/** The answer headers an Idempotency-Key replay repeats (lower-case names). */
export type StoredHeaders = Record<string, string>;

/** One treatment arm of a randomization scheme and its share of each block. */
export interface SchemeArm {
  code: string;
  ratio: number;
}

/** One stratification factor of a randomization scheme and its levels. */
export interface StrataFactor {
  code: string;
  label: string;
  levels: { code: string; label: string }[];
}

/** A text in several languages, keyed by language tag ('' for a text that names none). */
export type Translations = Record<string, string>;

/** One range check of a CRF item as imported (ODM RangeCheck), for edit checks to evaluate. */
export interface StoredRangeCheck {
  comparator: 'LT' | 'LE' | 'GT' | 'GE' | 'EQ' | 'NE' | 'IN' | 'NOTIN' | null;
  softHard: 'Soft' | 'Hard';
  checkValues: string[];
  measurementUnitOid: string | null;
  formalExpression: { context: string; expression: string } | null;
  errorMessage: Translations;
}

/** An edit check's own test: sample item values by item OID, and whether the rule should fire on them. */
export interface StoredRuleTestCase {
  name: string;
  values: Record<string, string | number | boolean | null>;
  expected: 'fires' | 'passes';
}
