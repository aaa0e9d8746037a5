import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { CrfMetadataVersions } from '../../platform/db/tables.generated.js';
import type { ExtractedMetadata } from './extract-odm-metadata.js';
import type { EventMapping } from './map-study-events.js';

export type CrfMetadataVersionRow = Selectable<CrfMetadataVersions>;

const json = (value: unknown) => JSON.stringify(value);

/**
 * The protocol version's status, read with a share lock: finalizing it (an UPDATE of the row)
 * waits until this import or mapping change commits, and one that committed first is seen.
 */
export function lockProtocolVersionStatus(tx: Kysely<DB>, protocolVersionId: string) {
  return tx
    .selectFrom('protocol_versions')
    .select(['id', 'study_id', 'status'])
    .where('id', '=', protocolVersionId)
    .forShare()
    .executeTakeFirstOrThrow();
}

export function findCrfMetadataVersion(db: Kysely<DB>, protocolVersionId: string): Promise<CrfMetadataVersionRow | undefined> {
  return db.selectFrom('crf_metadata_versions').selectAll().where('protocol_version_id', '=', protocolVersionId).executeTakeFirst();
}

export async function protocolVersionOfCrfMetadata(db: Kysely<DB>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('crf_metadata_versions').select('protocol_version_id').where('id', '=', id).executeTakeFirst();
  return row?.protocol_version_id;
}

export function protocolVisitsOf(db: Kysely<DB>, protocolVersionId: string) {
  return db
    .selectFrom('protocol_visits')
    .select(['code', 'name', 'sequence'])
    .where('protocol_version_id', '=', protocolVersionId)
    .orderBy('sequence')
    .execute();
}

type Header = Pick<
  CrfMetadataVersionRow,
  'study_oid' | 'oid' | 'name' | 'description' | 'default_language' | 'file_name' | 'file_sha256' | 'imported_at' | 'imported_by_user_id'
> & { languages: string[] };

/** The version's row, new or with its earlier contents deleted (the children cascade). */
export async function replaceCrfMetadataHeader(
  tx: Kysely<DB>,
  protocolVersion: { id: string; study_id: string },
  existing: CrfMetadataVersionRow | undefined,
  header: Header,
  now: Date,
): Promise<CrfMetadataVersionRow> {
  const values = { ...header, languages: json(header.languages) };
  if (!existing) {
    return tx
      .insertInto('crf_metadata_versions')
      .values({ ...values, protocol_version_id: protocolVersion.id, study_id: protocolVersion.study_id, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  for (const table of [
    'crf_study_events',
    'crf_forms',
    'crf_item_groups',
    'crf_items',
    'crf_code_lists',
    'crf_measurement_units',
    'crf_conditions',
  ] as const) {
    await tx.deleteFrom(table).where('metadata_version_id', '=', existing.id).execute();
  }
  return tx
    .updateTable('crf_metadata_versions')
    .set({ ...values, version: existing.version + 1, updated_at: now })
    .where('id', '=', existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Inserts the metadata's definitions and the links between them; a handful of statements, not one per row. */
export async function insertCrfMetadataContents(
  tx: Kysely<DB>,
  versionId: string,
  m: ExtractedMetadata,
  mapping: Map<string, EventMapping>,
) {
  const ids = (oids: string[]) => new Map(oids.map((oid) => [oid, randomUUID()]));
  const units = ids(m.units.map((u) => u.oid));
  const codeLists = ids(m.codeLists.map((c) => c.oid));
  const events = ids(m.events.map((e) => e.oid));
  const forms = ids(m.forms.map((f) => f.oid));
  const groups = ids(m.itemGroups.map((g) => g.oid));
  const items = ids(m.items.map((i) => i.oid));
  const idOf = (map: Map<string, string>, oid: string) => {
    const id = map.get(oid);
    if (!id) throw new Error(`unresolved OID ${oid}`);
    return id;
  };
  const insert = async <T extends keyof DB & string>(table: T, rows: Record<string, unknown>[]) => {
    for (let start = 0; start < rows.length; start += 500) {
      // One helper for every table of the module: the rows below are checked by the columns at run time, not by the compiler.
      await tx
        .insertInto(table)
        .values(rows.slice(start, start + 500) as never)
        .execute();
    }
  };
  const base = { metadata_version_id: versionId };
  await insert(
    'crf_measurement_units',
    m.units.map((u) => ({ ...base, id: idOf(units, u.oid), oid: u.oid, name: u.name, symbol: json(u.symbol) })),
  );
  await insert(
    'crf_code_lists',
    m.codeLists.map((c) => ({ ...base, id: idOf(codeLists, c.oid), oid: c.oid, name: c.name, data_type: c.dataType })),
  );
  await insert(
    'crf_code_list_items',
    m.codeLists.flatMap((c) =>
      c.items.map((i) => ({
        code_list_id: idOf(codeLists, c.oid),
        coded_value: i.codedValue,
        decode: json(i.decode),
        sequence: i.sequence,
      })),
    ),
  );
  await insert(
    'crf_conditions',
    m.conditions.map((c) => ({
      ...base,
      kind: c.kind,
      oid: c.oid,
      name: c.name,
      description: json(c.description),
      expression_context: c.context,
      expression: c.expression,
    })),
  );
  await insert(
    'crf_study_events',
    m.events.map((e) => ({
      ...base,
      id: idOf(events, e.oid),
      oid: e.oid,
      name: e.name,
      repeating: e.repeating,
      type: e.type,
      category: e.category,
      sequence: e.sequence,
      mandatory: e.mandatory,
      visit_code: mapping.get(e.oid)?.visitCode ?? null,
      mapped_by: mapping.get(e.oid)?.mappedBy ?? null,
    })),
  );
  await insert(
    'crf_forms',
    m.forms.map((f) => ({
      ...base,
      id: idOf(forms, f.oid),
      oid: f.oid,
      name: f.name,
      repeating: f.repeating,
      description: json(f.description),
    })),
  );
  await insert(
    'crf_item_groups',
    m.itemGroups.map((g) => ({
      ...base,
      id: idOf(groups, g.oid),
      oid: g.oid,
      name: g.name,
      repeating: g.repeating,
      description: json(g.description),
    })),
  );
  await insert(
    'crf_items',
    m.items.map((i) => ({
      ...base,
      id: idOf(items, i.oid),
      oid: i.oid,
      name: i.name,
      data_type: i.dataType,
      length: i.length,
      significant_digits: i.significantDigits,
      question: json(i.question),
      description: json(i.description),
      code_list_id: i.codeListOid ? idOf(codeLists, i.codeListOid) : null,
      measurement_unit_oids: json(i.unitOids),
      range_checks: json(i.rangeChecks),
      identifying: i.identifying ?? false,
    })),
  );
  await insert(
    'crf_event_forms',
    m.events.flatMap((e) =>
      e.forms.map((r) => ({
        study_event_id: idOf(events, e.oid),
        form_id: idOf(forms, r.oid),
        sequence: r.sequence,
        mandatory: r.mandatory,
        collection_exception_condition_oid: r.conditionOid,
      })),
    ),
  );
  await insert(
    'crf_form_item_groups',
    m.forms.flatMap((f) =>
      f.groups.map((r) => ({
        form_id: idOf(forms, f.oid),
        item_group_id: idOf(groups, r.oid),
        sequence: r.sequence,
        mandatory: r.mandatory,
        collection_exception_condition_oid: r.conditionOid,
      })),
    ),
  );
  await insert(
    'crf_item_group_items',
    m.itemGroups.flatMap((g) =>
      g.items.map((r) => ({
        item_group_id: idOf(groups, g.oid),
        item_id: idOf(items, r.oid),
        sequence: r.sequence,
        mandatory: r.mandatory,
        collection_exception_condition_oid: r.conditionOid,
        method_oid: r.methodOid,
      })),
    ),
  );
}

/** Everything the read model needs: one query per table, whatever the size of the metadata. */
export async function loadCrfMetadataContents(db: Kysely<DB>, versionId: string) {
  const [events, eventForms, forms, formGroups, groups, groupItems, items, codeLists, codeListItems, units, conditions] = await Promise.all(
    [
      db.selectFrom('crf_study_events').selectAll().where('metadata_version_id', '=', versionId).orderBy('sequence').execute(),
      db
        .selectFrom('crf_event_forms')
        .innerJoin('crf_study_events', 'crf_study_events.id', 'crf_event_forms.study_event_id')
        .selectAll('crf_event_forms')
        .where('crf_study_events.metadata_version_id', '=', versionId)
        .orderBy('crf_event_forms.sequence')
        .execute(),
      db.selectFrom('crf_forms').selectAll().where('metadata_version_id', '=', versionId).orderBy('oid').execute(),
      db
        .selectFrom('crf_form_item_groups')
        .innerJoin('crf_forms', 'crf_forms.id', 'crf_form_item_groups.form_id')
        .selectAll('crf_form_item_groups')
        .where('crf_forms.metadata_version_id', '=', versionId)
        .orderBy('crf_form_item_groups.sequence')
        .execute(),
      db.selectFrom('crf_item_groups').selectAll().where('metadata_version_id', '=', versionId).execute(),
      db
        .selectFrom('crf_item_group_items')
        .innerJoin('crf_item_groups', 'crf_item_groups.id', 'crf_item_group_items.item_group_id')
        .selectAll('crf_item_group_items')
        .where('crf_item_groups.metadata_version_id', '=', versionId)
        .orderBy('crf_item_group_items.sequence')
        .execute(),
      db.selectFrom('crf_items').selectAll().where('metadata_version_id', '=', versionId).execute(),
      db.selectFrom('crf_code_lists').selectAll().where('metadata_version_id', '=', versionId).execute(),
      db
        .selectFrom('crf_code_list_items')
        .innerJoin('crf_code_lists', 'crf_code_lists.id', 'crf_code_list_items.code_list_id')
        .selectAll('crf_code_list_items')
        .where('crf_code_lists.metadata_version_id', '=', versionId)
        .orderBy('crf_code_list_items.sequence')
        .execute(),
      db.selectFrom('crf_measurement_units').selectAll().where('metadata_version_id', '=', versionId).execute(),
      db
        .selectFrom('crf_conditions')
        .select(['kind', 'oid', 'name', 'description', 'expression_context', 'expression'])
        .where('metadata_version_id', '=', versionId)
        .orderBy('kind')
        .orderBy('oid')
        .execute(),
    ],
  );
  return {
    events,
    eventForms,
    forms,
    formGroups,
    groups,
    groupItems,
    items,
    codeLists,
    codeListItems,
    units,
    conditions,
  };
}

export function listCrfStudyEvents(db: Kysely<DB>, versionId: string) {
  return db.selectFrom('crf_study_events').selectAll().where('metadata_version_id', '=', versionId).orderBy('sequence').execute();
}

export async function setStudyEventVisit(
  tx: Kysely<DB>,
  eventId: string,
  visitCode: string | null,
  mappedBy: 'oid' | 'name' | 'manual' | null,
): Promise<void> {
  await tx.updateTable('crf_study_events').set({ visit_code: visitCode, mapped_by: mappedBy }).where('id', '=', eventId).execute();
}

/** Every mapping change also writes the version's row, so the frozen-version trigger guards it too. */
export async function touchCrfMetadataVersion(tx: Kysely<DB>, row: CrfMetadataVersionRow, now: Date): Promise<void> {
  await tx
    .updateTable('crf_metadata_versions')
    .set({ version: row.version + 1, updated_at: now })
    .where('id', '=', row.id)
    .execute();
}

/** The items of a metadata version with their data type and range checks: what edit checks evaluate. */
export function listCrfItemDefinitions(db: Kysely<DB>, versionId: string) {
  return db
    .selectFrom('crf_items')
    .select(['oid', 'name', 'data_type', 'range_checks'])
    .where('metadata_version_id', '=', versionId)
    .orderBy('oid')
    .execute();
}

export function findCrfMetadataVersionById(db: Kysely<DB>, id: string): Promise<CrfMetadataVersionRow | undefined> {
  return db.selectFrom('crf_metadata_versions').selectAll().where('id', '=', id).executeTakeFirst();
}
