import type { Kysely, Selectable } from 'kysely';
import type { StoredRuleTestCase } from '../../platform/db/column-types.js';
import type { DB } from '../../platform/db/schema.js';
import type { EditCheckRules } from '../../platform/db/tables.generated.js';

export type EditCheckRuleRow = Selectable<EditCheckRules>;

const json = (value: unknown) => JSON.stringify(value);

export interface EditCheckRuleColumns {
  oid: string;
  name: string;
  expression: string;
  severity: 'hard' | 'soft';
  message: string;
  item_oids: string[];
  test_cases: StoredRuleTestCase[];
  active: boolean;
}

export function listEditCheckRules(db: Kysely<DB>, metadataVersionId: string, options: { activeOnly?: boolean } = {}) {
  let query = db.selectFrom('edit_check_rules').selectAll().where('metadata_version_id', '=', metadataVersionId);
  if (options.activeOnly) query = query.where('active', '=', true);
  return query.orderBy('oid').execute();
}

/** A rule of this metadata version only: a rule id from another study's path finds nothing (404). */
export function findEditCheckRule(db: Kysely<DB>, metadataVersionId: string, ruleId: string): Promise<EditCheckRuleRow | undefined> {
  return db
    .selectFrom('edit_check_rules')
    .selectAll()
    .where('metadata_version_id', '=', metadataVersionId)
    .where('id', '=', ruleId)
    .executeTakeFirst();
}

export async function metadataVersionOfEditCheckRule(db: Kysely<DB>, ruleId: string): Promise<string | undefined> {
  const row = await db.selectFrom('edit_check_rules').select('metadata_version_id').where('id', '=', ruleId).executeTakeFirst();
  return row?.metadata_version_id;
}

export function insertEditCheckRule(
  tx: Kysely<DB>,
  scope: { metadataVersionId: string; studyId: string },
  columns: EditCheckRuleColumns,
  now: Date,
): Promise<EditCheckRuleRow> {
  return tx
    .insertInto('edit_check_rules')
    .values({
      ...columns,
      item_oids: json(columns.item_oids),
      test_cases: json(columns.test_cases),
      metadata_version_id: scope.metadataVersionId,
      study_id: scope.studyId,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The columns of an update, jsonb columns serialized (for updateVersioned). */
export function editCheckRuleUpdate(columns: Partial<EditCheckRuleColumns>): Record<string, unknown> {
  const { item_oids, test_cases, ...rest } = columns;
  return {
    ...rest,
    ...(item_oids ? { item_oids: json(item_oids) } : {}),
    ...(test_cases ? { test_cases: json(test_cases) } : {}),
  };
}
