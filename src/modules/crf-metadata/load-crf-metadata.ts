import type { Kysely } from 'kysely';
import type { Translations } from '../../platform/db/column-types.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { type CrfMetadataVersionRow, findCrfMetadataVersion, loadCrfMetadataContents, protocolVisitsOf } from './crf-metadata.repo.js';
import type { CrfMetadata } from './crf-metadata.schemas.js';

/** A text in the language asked for: exact tag, then its primary language (de for de-CH), then the default, then any. */
export function pickText(texts: Translations, language: string, defaultLanguage: string): string | null {
  const primary = language.split('-')[0] ?? language;
  return texts[language] ?? texts[primary] ?? texts[defaultLanguage] ?? texts[''] ?? Object.values(texts)[0] ?? null;
}

function byId<T extends { id: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((row) => [row.id, row]));
}

function grouped<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  }
  return map;
}

/** The protocol version's CRF metadata, texts in `language`; 404 when none was imported. */
export async function loadCrfMetadata(db: Kysely<DB>, protocolVersionId: string, language?: string): Promise<CrfMetadata> {
  const row = await findCrfMetadataVersion(db, protocolVersionId);
  if (!row) throw notFound('CRF metadata for this protocol version');
  return readModel(db, row, language);
}

export async function readModel(db: Kysely<DB>, row: CrfMetadataVersionRow, language?: string): Promise<CrfMetadata> {
  const lang = language ?? row.default_language;
  const t = (texts: Translations) => pickText(texts, lang, row.default_language);
  const [c, visits] = await Promise.all([loadCrfMetadataContents(db, row.id), protocolVisitsOf(db, row.protocol_version_id)]);
  const formsById = byId(c.forms);
  const groupsById = byId(c.groups);
  const itemsById = byId(c.items);
  const unitsByOid = new Map(c.units.map((u) => [u.oid, u]));
  const codeListsById = byId(c.codeLists);
  const codeListItems = grouped(c.codeListItems, (i) => i.code_list_id);
  const eventForms = grouped(c.eventForms, (f) => f.study_event_id);
  const formGroups = grouped(c.formGroups, (g) => g.form_id);
  const groupItems = grouped(c.groupItems, (i) => i.item_group_id);

  const unit = (oid: string) => ({ oid, symbol: t(unitsByOid.get(oid)?.symbol ?? {}) ?? unitsByOid.get(oid)?.name ?? oid });
  const item = (link: (typeof c.groupItems)[number]) => {
    const i = itemsById.get(link.item_id);
    if (!i) throw new Error('item link without item');
    const list = i.code_list_id ? codeListsById.get(i.code_list_id) : undefined;
    return {
      oid: i.oid,
      name: i.name,
      dataType: i.data_type,
      length: i.length,
      significantDigits: i.significant_digits,
      question: t(i.question),
      mandatory: link.mandatory,
      identifying: i.identifying,
      collectionExceptionConditionOid: link.collection_exception_condition_oid,
      methodOid: link.method_oid,
      units: i.measurement_unit_oids.map(unit),
      codeList: list
        ? {
            oid: list.oid,
            name: list.name,
            dataType: list.data_type,
            items: (codeListItems.get(list.id) ?? []).map((entry) => ({ codedValue: entry.coded_value, decode: t(entry.decode) })),
          }
        : null,
      rangeChecks: i.range_checks.map((check) => ({
        comparator: check.comparator,
        softHard: check.softHard,
        checkValues: check.checkValues,
        unit: check.measurementUnitOid ? unit(check.measurementUnitOid).symbol : null,
        formalExpression: check.formalExpression,
        errorMessage: t(check.errorMessage),
      })),
    };
  };
  const forms = c.forms.map((f) => ({
    oid: f.oid,
    name: f.name,
    repeating: f.repeating,
    description: t(f.description),
    itemGroups: (formGroups.get(f.id) ?? []).map((link) => {
      const g = groupsById.get(link.item_group_id);
      if (!g) throw new Error('group link without group');
      return {
        oid: g.oid,
        name: g.name,
        repeating: g.repeating,
        mandatory: link.mandatory,
        collectionExceptionConditionOid: link.collection_exception_condition_oid,
        items: (groupItems.get(g.id) ?? []).map(item),
      };
    }),
  }));
  const studyEvents = c.events.map((e) => ({
    oid: e.oid,
    name: e.name,
    type: e.type as CrfMetadata['studyEvents'][number]['type'],
    repeating: e.repeating,
    mandatory: e.mandatory,
    sequence: e.sequence,
    visitCode: e.visit_code,
    mappedBy: e.mapped_by as CrfMetadata['studyEvents'][number]['mappedBy'],
    forms: (eventForms.get(e.id) ?? []).map((link) => ({
      oid: formsById.get(link.form_id)?.oid ?? '',
      mandatory: link.mandatory,
      collectionExceptionConditionOid: link.collection_exception_condition_oid,
    })),
  }));
  const mappedVisits = new Set(studyEvents.map((e) => e.visitCode).filter((code) => code !== null));
  return {
    id: row.id,
    protocolVersionId: row.protocol_version_id,
    studyOid: row.study_oid,
    oid: row.oid,
    name: row.name,
    description: row.description,
    fileName: row.file_name,
    fileSha256: row.file_sha256,
    importedAt: row.imported_at.toISOString(),
    version: row.version,
    language: lang,
    defaultLanguage: row.default_language,
    languages: row.languages,
    counts: {
      studyEvents: c.events.length,
      forms: c.forms.length,
      itemGroups: c.groups.length,
      items: c.items.length,
      codeLists: c.codeLists.length,
      measurementUnits: c.units.length,
      conditions: c.conditions.length,
    },
    visits: visits.map((v) => ({ code: v.code, name: v.name })),
    studyEvents,
    unmappedEvents: studyEvents.filter((e) => e.visitCode === null).map((e) => e.oid),
    visitsWithoutForms: visits.filter((v) => !mappedVisits.has(v.code)).map((v) => v.code),
    forms,
    conditions: c.conditions.map((condition) => ({
      oid: condition.oid,
      kind: condition.kind as CrfMetadata['conditions'][number]['kind'],
      name: condition.name,
      description: t(condition.description),
      context: condition.expression_context,
      expression: condition.expression,
    })),
  };
}
