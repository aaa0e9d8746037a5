import type { Kysely } from 'kysely';
import type { Translations } from '../../platform/db/column-types.js';
import type { DB } from '../../platform/db/schema.js';
import { pickText } from '../crf-metadata/load-crf-metadata.js';
import type { CheckedItem } from './check-item-value.js';
import { loadFormDefinitionRows } from './data-entry.repo.js';

export interface DefinedItem extends CheckedItem {
  id: string;
  name: string;
  question: string | null;
  mandatory: boolean;
  collectionExceptionConditionOid: string | null;
  units: { oid: string; symbol: string }[];
  codeList: { items: { codedValue: string; decode: string | null }[] } | null;
  rangeChecks: (CheckedItem['rangeChecks'][number] & { unit: string | null })[];
}

export interface DefinedGroup {
  oid: string;
  name: string;
  description: string | null;
  repeating: boolean;
  mandatory: boolean;
  collectionExceptionConditionOid: string | null;
  items: DefinedItem[];
}

/** One form's groups and items as data entry renders and checks them, texts in `language` (with fallback). */
export async function loadFormDefinition(
  db: Kysely<DB>,
  formId: string,
  language: string,
  defaultLanguage: string,
): Promise<DefinedGroup[]> {
  const rows = await loadFormDefinitionRows(db, formId);
  const t = (texts: Translations) => pickText(texts, language, defaultLanguage);
  const unitSymbol = new Map(rows.units.map((u) => [u.oid, t(u.symbol) ?? u.name]));
  const choices = new Map<string, { codedValue: string; decode: string | null }[]>();
  for (const c of rows.choices) {
    const list = choices.get(c.code_list_id) ?? [];
    list.push({ codedValue: c.coded_value, decode: t(c.decode) });
    choices.set(c.code_list_id, list);
  }
  return rows.groups.map((g) => ({
    oid: g.oid,
    name: g.name,
    description: t(g.description),
    repeating: g.repeating,
    mandatory: g.mandatory,
    collectionExceptionConditionOid: g.collection_exception_condition_oid,
    items: rows.items
      .filter((i) => i.item_group_id === g.id)
      .map((i) => ({
        id: i.id,
        oid: i.oid,
        name: i.name,
        question: t(i.question),
        dataType: i.data_type,
        length: i.length,
        significantDigits: i.significant_digits,
        mandatory: i.mandatory,
        collectionExceptionConditionOid: i.collection_exception_condition_oid,
        units: i.measurement_unit_oids.map((oid) => ({ oid, symbol: unitSymbol.get(oid) ?? oid })),
        codeList: i.code_list_id ? { items: choices.get(i.code_list_id) ?? [] } : null,
        rangeChecks: i.range_checks.map((c) => ({
          comparator: c.comparator,
          softHard: c.softHard,
          checkValues: c.checkValues,
          unitOid: c.measurementUnitOid,
          unit: c.measurementUnitOid ? (unitSymbol.get(c.measurementUnitOid) ?? c.measurementUnitOid) : null,
          errorMessage: t(c.errorMessage),
        })),
      })),
  }));
}
