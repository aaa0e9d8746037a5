import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { CrfFormEntries, CrfItemValues } from '../../platform/db/tables.generated.js';

export type FormEntryRow = Selectable<CrfFormEntries>;
export type ItemValueRow = Selectable<CrfItemValues>;

/**
 * SQL of data entry. The CRF definitions (crf_* tables of the crf-metadata module) are read
 * here, never written. Every function takes a visit, form or entry its caller reached through
 * the participant gateway (participant-access.repo.ts, via findVisibleVisit).
 */

export function findCrfVersionOfProtocol(db: Kysely<DB>, protocolVersionId: string) {
  return db
    .selectFrom('crf_metadata_versions')
    .select(['id', 'default_language', 'languages'])
    .where('protocol_version_id', '=', protocolVersionId)
    .executeTakeFirst();
}

/** The forms collected at the visits with these codes (the study events mapped to them), in event and form order. */
export function formsOfVisitCodes(db: Kysely<DB>, metadataVersionId: string, visitCodes: string[]) {
  if (visitCodes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('crf_study_events as e')
    .innerJoin('crf_event_forms as ef', 'ef.study_event_id', 'e.id')
    .innerJoin('crf_forms as f', 'f.id', 'ef.form_id')
    .select([
      'e.visit_code',
      'f.id',
      'f.oid',
      'f.name',
      'f.description',
      'ef.mandatory',
      'ef.collection_exception_condition_oid',
      'e.sequence as event_sequence',
      'ef.sequence',
    ])
    .where('e.metadata_version_id', '=', metadataVersionId)
    .where('e.visit_code', 'in', visitCodes)
    .orderBy('e.sequence')
    .orderBy('ef.sequence')
    .execute();
}

/** One form's definition: its item groups, their items, code lists and units; a few indexed queries. */
export async function loadFormDefinitionRows(db: Kysely<DB>, formId: string) {
  const groups = await db
    .selectFrom('crf_form_item_groups as fg')
    .innerJoin('crf_item_groups as g', 'g.id', 'fg.item_group_id')
    .select([
      'g.id',
      'g.oid',
      'g.name',
      'g.repeating',
      'g.description',
      'fg.mandatory',
      'fg.collection_exception_condition_oid',
      'fg.sequence',
    ])
    .where('fg.form_id', '=', formId)
    .orderBy('fg.sequence')
    .orderBy('g.oid')
    .execute();
  const groupIds = groups.map((g) => g.id);
  const items =
    groupIds.length === 0
      ? []
      : await db
          .selectFrom('crf_item_group_items as gi')
          .innerJoin('crf_items as i', 'i.id', 'gi.item_id')
          .select([
            'gi.item_group_id',
            'gi.mandatory',
            'gi.collection_exception_condition_oid',
            'gi.sequence',
            'i.id',
            'i.oid',
            'i.name',
            'i.data_type',
            'i.length',
            'i.significant_digits',
            'i.question',
            'i.code_list_id',
            'i.measurement_unit_oids',
            'i.range_checks',
            'i.metadata_version_id',
          ])
          .where('gi.item_group_id', 'in', groupIds)
          .orderBy('gi.sequence')
          .execute();
  const codeListIds = [...new Set(items.map((i) => i.code_list_id).filter((v): v is string => v !== null))];
  const choices =
    codeListIds.length === 0
      ? []
      : await db
          .selectFrom('crf_code_list_items')
          .select(['code_list_id', 'coded_value', 'decode'])
          .where('code_list_id', 'in', codeListIds)
          .orderBy('sequence')
          .execute();
  const unitOids = [
    ...new Set(items.flatMap((i) => [...i.measurement_unit_oids, ...i.range_checks.map((c) => c.measurementUnitOid)])),
  ].filter((oid): oid is string => oid !== null);
  const metadataVersionId = items[0]?.metadata_version_id;
  const units =
    unitOids.length === 0 || !metadataVersionId
      ? []
      : await db
          .selectFrom('crf_measurement_units')
          .select(['oid', 'name', 'symbol'])
          .where('metadata_version_id', '=', metadataVersionId)
          .where('oid', 'in', unitOids)
          .execute();
  return { groups, items, choices, units };
}

export function formEntriesOfVisits(db: Kysely<DB>, visitIds: string[]) {
  if (visitIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('crf_form_entries').selectAll().where('participant_visit_id', 'in', visitIds).execute();
}

export function findFormEntry(db: Kysely<DB>, visitId: string, formId: string) {
  return db
    .selectFrom('crf_form_entries')
    .selectAll()
    .where('participant_visit_id', '=', visitId)
    .where('crf_form_id', '=', formId)
    .executeTakeFirst();
}

/** The entry's row, locked for the rest of the save (the participant is locked first, so saves queue in one order). */
export function lockFormEntry(tx: Kysely<DB>, visitId: string, formId: string) {
  return tx
    .selectFrom('crf_form_entries')
    .selectAll()
    .where('participant_visit_id', '=', visitId)
    .where('crf_form_id', '=', formId)
    .forUpdate()
    .executeTakeFirst();
}

export function insertFormEntry(tx: Kysely<DB>, values: Insertable<CrfFormEntries>) {
  return tx.insertInto('crf_form_entries').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateFormEntry(
  tx: Kysely<DB>,
  entry: FormEntryRow,
  columns: Pick<FormEntryRow, 'status' | 'first_saved_at' | 'first_saved_by_user_id' | 'last_changed_at' | 'last_changed_by_user_id'>,
  now: Date,
): Promise<FormEntryRow> {
  return tx
    .updateTable('crf_form_entries')
    .set({ ...columns, version: entry.version + 1, updated_at: now })
    .where('id', '=', entry.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function itemValuesOf(db: Kysely<DB>, formEntryId: string) {
  return db
    .selectFrom('crf_item_values')
    .selectAll()
    .where('form_entry_id', '=', formEntryId)
    .orderBy('item_group_oid')
    .orderBy('repeat_key')
    .execute();
}

export async function insertItemValues(tx: Kysely<DB>, rows: Insertable<CrfItemValues>[]): Promise<void> {
  if (rows.length > 0) await tx.insertInto('crf_item_values').values(rows).execute();
}

export async function updateItemValue(
  tx: Kysely<DB>,
  row: ItemValueRow,
  columns: Pick<ItemValueRow, 'value' | 'measurement_unit_oid' | 'changed_at' | 'changed_by_user_id'>,
): Promise<void> {
  await tx
    .updateTable('crf_item_values')
    .set({ ...columns, version: row.version + 1 })
    .where('id', '=', row.id)
    .execute();
}

export async function deleteItemValues(tx: Kysely<DB>, ids: string[]): Promise<void> {
  if (ids.length > 0) await tx.deleteFrom('crf_item_values').where('id', 'in', ids).execute();
}

/** The participant a form entry belongs to (for the history reader). */
export async function participantOfFormEntry(db: Kysely<DB>, formEntryId: string): Promise<string | undefined> {
  const row = await db.selectFrom('crf_form_entries').select('participant_id').where('id', '=', formEntryId).executeTakeFirst();
  return row?.participant_id;
}

/** Forms per status at a study-site, as the trigger keeps them (no scan of entries or values). */
export function formStatusCounts(db: Kysely<DB>, studySiteId: string) {
  return db.selectFrom('crf_form_status_counts').select(['status', 'forms']).where('study_site_id', '=', studySiteId).execute();
}

/** A participant's visits in schedule order (as the visits list orders them), with what data entry needs. */
export function visitsOfParticipant(db: Kysely<DB>, participantId: string) {
  return db
    .selectFrom('participant_visits')
    .select(['id', 'code', 'name', 'protocol_version_id', 'status'])
    .where('participant_id', '=', participantId)
    .orderBy((eb) => eb.fn.coalesce('target_date', 'actual_date'))
    .orderBy('sequence')
    .orderBy('created_at')
    .execute();
}
