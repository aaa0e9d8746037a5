import type { StoredRangeCheck, Translations } from '../../platform/db/column-types.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import type { OdmElement } from './read-odm-file.js';

interface Ref {
  oid: string;
  sequence: number;
  mandatory: boolean;
  conditionOid: string | null;
}

/** One MetaDataVersion of an ODM file, as plain data checked for dangling references. */
export interface ExtractedMetadata {
  studyOid: string;
  oid: string;
  name: string;
  description: string | null;
  languages: string[];
  defaultLanguage: string;
  units: { oid: string; name: string; symbol: Translations }[];
  codeLists: { oid: string; name: string; dataType: string; items: { codedValue: string; decode: Translations; sequence: number }[] }[];
  conditions: {
    kind: 'condition' | 'method';
    oid: string;
    name: string;
    description: Translations;
    context: string | null;
    expression: string | null;
  }[];
  events: {
    oid: string;
    name: string;
    repeating: boolean;
    type: string;
    category: string | null;
    sequence: number;
    mandatory: boolean;
    forms: Ref[];
  }[];
  forms: { oid: string; name: string; repeating: boolean; description: Translations; groups: Ref[] }[];
  itemGroups: { oid: string; name: string; repeating: boolean; description: Translations; items: (Ref & { methodOid: string | null })[] }[];
  items: {
    oid: string;
    name: string;
    dataType: string;
    length: number | null;
    significantDigits: number | null;
    question: Translations;
    description: Translations;
    codeListOid: string | null;
    unitOids: string[];
    rangeChecks: StoredRangeCheck[];
    /** Identifies the participant (REDCap's Identifier?); ODM has no such flag. */
    identifying?: boolean;
  }[];
}

export type MetadataCounts = Record<
  'studyEvents' | 'forms' | 'itemGroups' | 'items' | 'codeLists' | 'measurementUnits' | 'conditions',
  number
>;

export function countsOf(m: ExtractedMetadata): MetadataCounts {
  return {
    studyEvents: m.events.length,
    forms: m.forms.length,
    itemGroups: m.itemGroups.length,
    items: m.items.length,
    codeLists: m.codeLists.length,
    measurementUnits: m.units.length,
    conditions: m.conditions.length,
  };
}

const childrenNamed = (e: OdmElement, name: string) => e.children.filter((c) => c.name === name);
const childNamed = (e: OdmElement, name: string) => e.children.find((c) => c.name === name);
const yes = (value: string | undefined) => value === 'Yes';
const intOrNull = (value: string | undefined) => (value === undefined ? null : Number.parseInt(value, 10));

/** TranslatedText children of a Question, Description, Decode…: empty texts left out, so the reader falls back. */
function translations(e: OdmElement | undefined, languages: Set<string>): Translations {
  const result: Translations = {};
  for (const t of e ? childrenNamed(e, 'TranslatedText') : []) {
    if (!t.text) continue;
    const lang = t.attrs['xml:lang'] ?? '';
    if (lang) languages.add(lang);
    result[lang] ??= t.text;
  }
  return result;
}

/** Refs in the order the file gives (OrderNumber, else their place). */
function refs(parent: OdmElement, name: string, oidAttr: string): (Ref & { element: OdmElement })[] {
  return childrenNamed(parent, name)
    .map((r, index) => ({
      oid: r.attrs[oidAttr] ?? '',
      sequence: intOrNull(r.attrs.OrderNumber) ?? index + 1,
      mandatory: yes(r.attrs.Mandatory),
      conditionOid: r.attrs.CollectionExceptionConditionOID ?? null,
      element: r,
      index,
    }))
    .sort((a, b) => a.sequence - b.sequence || a.index - b.index)
    .map(({ index: _index, ...ref }) => ref);
}

/**
 * The metadata version to import: the one named, else the file's only one. Then every
 * reference inside it (StudyEventRef, FormRef, ItemGroupRef, ItemRef, CodeListRef,
 * MeasurementUnitRef, condition and method OIDs) must name a definition of the file, or the
 * import is refused with each dangling reference's place.
 */
export function extractOdmMetadata(root: OdmElement, metaDataVersionOid?: string): ExtractedMetadata {
  const candidates = childrenNamed(root, 'Study').flatMap((study) =>
    childrenNamed(study, 'MetaDataVersion').map((mdv) => ({ study, mdv })),
  );
  if (candidates.length === 0)
    throw new AppError(400, 'Bad Request', 'The file holds no MetaDataVersion: there are no forms to import.', [
      { pointer: '/file', detail: 'No MetaDataVersion.' },
    ]);
  const chosen = metaDataVersionOid ? candidates.filter((c) => c.mdv.attrs.OID === metaDataVersionOid) : candidates;
  if (chosen.length !== 1 || !chosen[0]) {
    const oids = candidates.map((c) => c.mdv.attrs.OID).join(', ');
    const detail = metaDataVersionOid
      ? `The file has no MetaDataVersion "${metaDataVersionOid}" (it has ${oids}).`
      : `The file has ${candidates.length} MetaDataVersions (${oids}): name the one to import.`;
    throw new AppError(400, 'Bad Request', detail, [{ pointer: '/metaDataVersionOid', detail }]);
  }
  const { study, mdv } = chosen[0];
  const problems: FieldError[] = [];
  const problem = (e: OdmElement, detail: string, oid?: string) =>
    problems.push({ pointer: '/file', detail, line: e.line, col: e.column, oid: oid ?? e.attrs.OID });
  for (const include of childrenNamed(mdv, 'Include')) {
    problem(
      include,
      'Include (metadata taken from another MetaDataVersion) is not supported: export the full metadata version.',
      include.attrs.MetaDataVersionOID,
    );
  }
  const languages = new Set<string>();

  const definitions = (name: string) => {
    const found = new Map<string, OdmElement>();
    for (const def of childrenNamed(name === 'MeasurementUnit' ? (childNamed(study, 'BasicDefinitions') ?? study) : mdv, name)) {
      const oid = def.attrs.OID ?? '';
      if (found.has(oid)) problem(def, `${name} OID "${oid}" is defined twice.`);
      else found.set(oid, def);
    }
    return found;
  };
  const eventDefs = definitions('StudyEventDef');
  const formDefs = definitions('FormDef');
  const groupDefs = definitions('ItemGroupDef');
  const itemDefs = definitions('ItemDef');
  const codeListDefs = definitions('CodeList');
  const unitDefs = definitions('MeasurementUnit');
  const conditionDefs = definitions('ConditionDef');
  const methodDefs = definitions('MethodDef');
  const mustResolve = (ref: { oid: string; element: OdmElement }, defs: Map<string, OdmElement>, what: string) => {
    if (!defs.has(ref.oid))
      problem(ref.element, `${ref.element.name} names ${what} "${ref.oid}", which the MetaDataVersion does not define.`, ref.oid);
  };
  const conditionResolves = (ref: { conditionOid: string | null; element: OdmElement }) => {
    if (ref.conditionOid && !conditionDefs.has(ref.conditionOid))
      problem(ref.element, `CollectionExceptionConditionOID "${ref.conditionOid}" names no ConditionDef.`, ref.conditionOid);
  };

  const protocol = childNamed(mdv, 'Protocol');
  const eventRefs = protocol ? refs(protocol, 'StudyEventRef', 'StudyEventOID') : [];
  for (const ref of eventRefs) mustResolve(ref, eventDefs, 'the StudyEventDef');
  const eventOrder = new Map(eventRefs.map((ref, index) => [ref.oid, { index, mandatory: ref.mandatory }]));

  const events = [...eventDefs.values()]
    .map((def, position) => {
      const forms = refs(def, 'FormRef', 'FormOID');
      for (const ref of forms) {
        mustResolve(ref, formDefs, 'the FormDef');
        conditionResolves(ref);
      }
      const inProtocol = eventOrder.get(def.attrs.OID ?? '');
      return {
        oid: def.attrs.OID ?? '',
        name: def.attrs.Name ?? '',
        repeating: yes(def.attrs.Repeating),
        type: def.attrs.Type ?? 'Scheduled',
        category: def.attrs.Category ?? null,
        order: inProtocol ? inProtocol.index : eventRefs.length + position,
        mandatory: inProtocol?.mandatory ?? false,
        forms: forms.map(({ element: _e, ...ref }) => ref),
      };
    })
    .sort((a, b) => a.order - b.order)
    .map(({ order: _order, ...event }, index) => ({ ...event, sequence: index + 1 }));

  const forms = [...formDefs.values()].map((def) => {
    const groups = refs(def, 'ItemGroupRef', 'ItemGroupOID');
    for (const ref of groups) {
      mustResolve(ref, groupDefs, 'the ItemGroupDef');
      conditionResolves(ref);
    }
    return {
      oid: def.attrs.OID ?? '',
      name: def.attrs.Name ?? '',
      repeating: yes(def.attrs.Repeating),
      description: translations(childNamed(def, 'Description'), languages),
      groups: groups.map(({ element: _e, ...ref }) => ref),
    };
  });

  const itemGroups = [...groupDefs.values()].map((def) => {
    const items = refs(def, 'ItemRef', 'ItemOID').map((ref) => ({ ...ref, methodOid: ref.element.attrs.MethodOID ?? null }));
    for (const ref of items) {
      mustResolve(ref, itemDefs, 'the ItemDef');
      conditionResolves(ref);
      if (ref.methodOid && !methodDefs.has(ref.methodOid))
        problem(ref.element, `MethodOID "${ref.methodOid}" names no MethodDef.`, ref.methodOid);
    }
    return {
      oid: def.attrs.OID ?? '',
      name: def.attrs.Name ?? '',
      repeating: yes(def.attrs.Repeating),
      description: translations(childNamed(def, 'Description'), languages),
      items: items.map(({ element: _e, ...ref }) => ref),
    };
  });

  const unitRef = (e: OdmElement) => {
    const ref = childNamed(e, 'MeasurementUnitRef');
    if (!ref) return null;
    const oid = ref.attrs.MeasurementUnitOID ?? '';
    mustResolve({ oid, element: ref }, unitDefs, 'the MeasurementUnit');
    return oid;
  };
  const items = [...itemDefs.values()].map((def) => {
    const codeListRef = childNamed(def, 'CodeListRef');
    const codeListOid = codeListRef?.attrs.CodeListOID ?? null;
    if (codeListRef && codeListOid !== null) mustResolve({ oid: codeListOid, element: codeListRef }, codeListDefs, 'the CodeList');
    const unitOids = childrenNamed(def, 'MeasurementUnitRef').map((ref) => {
      const oid = ref.attrs.MeasurementUnitOID ?? '';
      mustResolve({ oid, element: ref }, unitDefs, 'the MeasurementUnit');
      return oid;
    });
    const rangeChecks = childrenNamed(def, 'RangeCheck').map((check): StoredRangeCheck => {
      const formal = childNamed(check, 'FormalExpression');
      return {
        comparator: (check.attrs.Comparator ?? null) as StoredRangeCheck['comparator'],
        softHard: check.attrs.SoftHard === 'Hard' ? 'Hard' : 'Soft',
        checkValues: childrenNamed(check, 'CheckValue').map((v) => v.text),
        measurementUnitOid: unitRef(check),
        formalExpression: formal ? { context: formal.attrs.Context ?? '', expression: formal.text } : null,
        errorMessage: translations(childNamed(check, 'ErrorMessage'), languages),
      };
    });
    return {
      oid: def.attrs.OID ?? '',
      name: def.attrs.Name ?? '',
      dataType: def.attrs.DataType ?? 'text',
      length: intOrNull(def.attrs.Length),
      significantDigits: intOrNull(def.attrs.SignificantDigits),
      question: translations(childNamed(def, 'Question'), languages),
      description: translations(childNamed(def, 'Description'), languages),
      codeListOid,
      unitOids,
      rangeChecks,
    };
  });

  const codeLists = [...codeListDefs.values()].map((def) => {
    const entries = [...childrenNamed(def, 'CodeListItem'), ...childrenNamed(def, 'EnumeratedItem')];
    const seen = new Set<string>();
    const listItems = entries
      .map((entry, index) => ({
        codedValue: entry.attrs.CodedValue ?? '',
        decode: translations(childNamed(entry, 'Decode'), languages),
        sequence: intOrNull(entry.attrs.OrderNumber) ?? index + 1,
        entry,
        index,
      }))
      .sort((a, b) => a.sequence - b.sequence || a.index - b.index)
      .map(({ entry, index: _i, ...item }, index) => {
        if (seen.has(item.codedValue))
          problem(entry, `CodedValue "${item.codedValue}" appears twice in CodeList "${def.attrs.OID}".`, def.attrs.OID);
        seen.add(item.codedValue);
        return { ...item, sequence: index + 1 };
      });
    return { oid: def.attrs.OID ?? '', name: def.attrs.Name ?? '', dataType: def.attrs.DataType ?? 'text', items: listItems };
  });

  const expressionOf = (def: OdmElement) => {
    const formal = childNamed(def, 'FormalExpression');
    return { context: formal?.attrs.Context ?? null, expression: formal?.text ?? null };
  };
  const conditions = [
    ...[...conditionDefs.values()].map((def) => ({ kind: 'condition' as const, def })),
    ...[...methodDefs.values()].map((def) => ({ kind: 'method' as const, def })),
  ].map(({ kind, def }) => ({
    kind,
    oid: def.attrs.OID ?? '',
    name: def.attrs.Name ?? '',
    description: translations(childNamed(def, 'Description'), languages),
    ...expressionOf(def),
  }));

  const units = [...unitDefs.values()].map((def) => ({
    oid: def.attrs.OID ?? '',
    name: def.attrs.Name ?? '',
    symbol: translations(childNamed(def, 'Symbol'), languages),
  }));

  if (problems.length > 0) {
    throw new AppError(
      400,
      'Bad Request',
      `The metadata version "${mdv.attrs.OID}" cannot be imported: ${problems.length} problem${problems.length === 1 ? '' : 's'} (references to nothing, OIDs defined twice).`,
      problems.slice(0, 50),
    );
  }
  const sortedLanguages = [...languages].sort();
  return {
    studyOid: study.attrs.OID ?? '',
    oid: mdv.attrs.OID ?? '',
    name: mdv.attrs.Name ?? '',
    description: mdv.attrs.Description ?? null,
    languages: sortedLanguages,
    defaultLanguage: languages.has('en') ? 'en' : (sortedLanguages[0] ?? ''),
    units,
    codeLists,
    conditions,
    events,
    forms,
    itemGroups,
    items,
  };
}
