import type { Kysely } from 'kysely';
import { generate, PostgresDialect } from 'kysely-codegen';

/** Where `npm run db:types` writes the table types; table-types.int.test.ts fails while it is stale. */
export const tableTypesFile = new URL('./tables.generated.ts', import.meta.url);

/**
 * The jsonb columns' shapes (column-types.ts): the migrations say only "jsonb". A column with a
 * default keeps `Generated<…>` so inserts may leave it out.
 */
const jsonColumns: Record<string, string> = {
  'audit_events.changes': 'AuditChanges',
  'crf_code_list_items.decode': 'JsonColumn<Translations>',
  'crf_conditions.description': 'JsonColumn<Translations>',
  'crf_forms.description': 'JsonColumn<Translations>',
  'crf_item_groups.description': 'JsonColumn<Translations>',
  'crf_items.description': 'JsonColumn<Translations>',
  'crf_items.measurement_unit_oids': 'JsonColumn<string[]>',
  'crf_items.question': 'JsonColumn<Translations>',
  'crf_items.range_checks': 'JsonColumn<StoredRangeCheck[]>',
  'crf_measurement_units.symbol': 'JsonColumn<Translations>',
  'crf_metadata_versions.languages': 'JsonColumn<string[]>',
  'edit_check_rules.item_oids': 'JsonColumn<string[]>',
  'edit_check_rules.test_cases': 'JsonColumn<StoredRuleTestCase[]>',
  'delegation_entries.tasks': 'JsonColumn<string[]>',
  'delegation_tasks.required_training': 'Generated<JsonColumn<string[]>>',
  'feasibility_questionnaires.questions': 'JsonColumn<unknown>',
  'feasibility_responses.answers': 'Generated<JsonColumn<unknown>>',
  'idempotency_keys.response_headers': 'JsonColumn<StoredHeaders> | null',
  'participants.strata': 'JsonColumn<Record<string, string>> | null',
  'randomization_schemes.arms': 'JsonColumn<SchemeArm[]>',
  'randomization_schemes.block_sizes': 'JsonColumn<number[]>',
  'randomization_schemes.strata_factors': 'Generated<JsonColumn<StrataFactor[]>>',
};

const columnTypes = './column-types.js';

/**
 * The Kysely table types of a migrated database, as TypeScript source. `date` columns are
 * strings, as database.ts parses them (a JS Date would shift them across time zones).
 */
export function generateTableTypes<T>(db: Kysely<T>): Promise<string> {
  return generate({
    // kysely-codegen is CommonJS and types `db` with Kysely's CommonJS build; the class is the same.
    db: db as unknown as Parameters<typeof generate>[0]['db'],
    dialect: new PostgresDialect({ dateParser: 'string' }),
    outFile: null,
    // The app's own tables: not the job queue's (schema pgboss, created by pg-boss at start).
    includePattern: 'public.*',
    excludePattern: 'public.kysely_migration*',
    overrides: { columns: jsonColumns },
    customImports: {
      AuditChanges: columnTypes,
      JsonColumn: columnTypes,
      SchemeArm: columnTypes,
      StoredHeaders: columnTypes,
      StrataFactor: columnTypes,
      StoredRangeCheck: columnTypes,
      StoredRuleTestCase: columnTypes,
      Translations: columnTypes,
    },
    typeOnlyImports: true,
  });
}
