import type { StoredRangeCheck, Translations } from '../../platform/db/column-types.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { type RedcapNames, redcapLogicProblem } from './check-redcap-logic.js';
import type { ExtractedMetadata } from './extract-odm-metadata.js';
import { cellError } from './read-redcap-csv.js';
import { dictionaryColumns, dictionaryPart, type RedcapField, readRedcapDictionary } from './read-redcap-dictionary.js';
import { type RedcapEvent, type RedcapEventFiles, readRedcapEvents } from './read-redcap-events.js';

/** A REDCap dictionary has no languages: its texts are stored under the empty tag, as an ODM file's without xml:lang. */
const text = (value: string): Translations => (value ? { '': value } : {});
const columnName = (key: string) => dictionaryColumns.find((c) => c.key === key)?.names[0] ?? key;

/** "contact_info" → "Contact Info": REDCap's dictionary keeps only the instrument's variable name. */
const formTitle = (form: string) =>
  form
    .split('_')
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');

/** REDCap's export names a checkbox choice's column field___code (a code's - and . become _). */
export const checkboxItemOid = (field: string, code: string) => `${field}___${code.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;

const refused = (errors: FieldError[]) =>
  new AppError(
    400,
    'Bad Request',
    `The REDCap files cannot be imported: ${errors.length} problem${errors.length === 1 ? '' : 's'}; nothing was imported.`,
    errors.slice(0, 100),
  );

function rangeChecks(field: RedcapField): StoredRangeCheck[] {
  const check = (comparator: 'GE' | 'LE', value: string, softHard: 'Soft' | 'Hard', message: string): StoredRangeCheck => ({
    comparator,
    softHard,
    checkValues: [value],
    measurementUnitOid: null,
    formalExpression: null,
    errorMessage: text(message),
  });
  if (field.type === 'slider') {
    // A slider cannot be moved past its ends: the range is hard.
    const min = field.min ?? '0';
    const max = field.max ?? '100';
    const message = `A value from ${min} to ${max}.`;
    return [check('GE', min, 'Hard', message), check('LE', max, 'Hard', message)];
  }
  // REDCap's min and max warn and let the user keep the value: soft checks, which open a query.
  const range = `${field.min ?? 'no minimum'} to ${field.max ?? 'no maximum'}`;
  const message = `Outside the expected range (${range}): check the value; it can be kept.`;
  return [...(field.min ? [check('GE', field.min, 'Soft', message)] : []), ...(field.max ? [check('LE', field.max, 'Soft', message)] : [])];
}

/** The rules between rows: names once, an instrument's fields together, logic and calculations naming what exists. */
function checkBetweenRows(fields: RedcapField[], events: RedcapEvent[] | null): FieldError[] {
  const errors: FieldError[] = [];
  const problem = (field: RedcapField, key: string, detail: string) =>
    errors.push(cellError(dictionaryPart, field.row, columnName(key), detail));
  const names: RedcapNames = {
    fields: new Map(fields.map((f) => [f.name, { type: f.type, choiceCodes: f.choices.map((c) => c.code) }])),
    events: events ? new Set(events.map((e) => e.uniqueName)) : null,
  };
  const firstRow = new Map<string, number>();
  const oids = new Map<string, number>();
  const formsSeen: string[] = [];
  for (const field of fields) {
    const first = firstRow.get(field.name);
    if (first !== undefined) problem(field, 'name', `The variable ${field.name} is on row ${first} already.`);
    else firstRow.set(field.name, field.row);
    if (formsSeen.at(-1) !== field.form) {
      if (formsSeen.includes(field.form))
        problem(field, 'form', `The instrument ${field.form} started earlier: an instrument's fields are one block of rows.`);
      formsSeen.push(field.form);
    }
    if (field.type === 'checkbox') {
      for (const choice of field.choices) {
        const oid = checkboxItemOid(field.name, choice.code);
        const clash = oids.get(oid) ?? firstRow.get(oid);
        if (clash !== undefined && clash !== field.row)
          problem(field, 'choices', `The choice ${choice.code} is stored as ${oid}, a name row ${clash} uses.`);
        oids.set(oid, field.row);
      }
    }
    if (field.branchingLogic) {
      const logic = redcapLogicProblem(field.branchingLogic, names);
      if (logic) problem(field, 'branchingLogic', logic);
    }
    if (field.calculation) {
      const calc = redcapLogicProblem(field.calculation, names);
      if (calc) problem(field, 'choices', calc);
    }
  }
  return errors;
}

/** One item group per section: a new one starts at each section header, and where a matrix group starts or ends. */
function sectionsOf(fields: RedcapField[]): { oid: string; name: string; description: string[]; fields: RedcapField[] }[] {
  const sections: ReturnType<typeof sectionsOf> = [];
  let current: (typeof sections)[number] | undefined;
  for (const field of fields) {
    const startsSection = !current || field.sectionHeader !== '' || field.matrixGroup !== (current.fields.at(-1)?.matrixGroup ?? null);
    if (startsSection) {
      current = {
        oid: `${field.form}.${field.name}`,
        name: field.sectionHeader || field.matrixGroup || formTitle(field.form),
        description: [],
        fields: [],
      };
      sections.push(current);
    }
    // A descriptive field holds no value: its text becomes part of its section's description.
    if (field.type === 'descriptive') current?.description.push(field.label);
    current?.fields.push(field);
  }
  return sections.filter((s) => s.fields.some((f) => f.type !== 'descriptive'));
}

/**
 * A REDCap project (data dictionary, and for a longitudinal one its arms, events and instrument
 * designation) as the CRF metadata an ODM import produces (ADR 0019 gives the mapping). Every
 * problem of every file is listed (row and column), and nothing is returned unless there is none.
 */
export function extractRedcapMetadata(dictionary: Buffer, fileName: string, eventFiles: RedcapEventFiles): ExtractedMetadata {
  const read = readRedcapDictionary(dictionary);
  const forms = [...new Set(read.fields.map((f) => f.form))];
  const eventsRead = readRedcapEvents(eventFiles, forms);
  const errors = [...read.errors, ...eventsRead.errors];
  if (read.errors.length === 0) errors.push(...checkBetweenRows(read.fields, eventsRead.events));
  if (errors.length > 0) throw refused(errors);

  const m: ExtractedMetadata = {
    studyOid: 'REDCap',
    oid: `REDCap.${fileName.replace(/\.csv$/i, '')}`,
    name: fileName.replace(/\.csv$/i, ''),
    description: 'REDCap data dictionary',
    languages: [],
    defaultLanguage: '',
    units: [],
    codeLists: [],
    conditions: [],
    events: [],
    forms: [],
    itemGroups: [],
    items: [],
  };
  const codeList = (oid: string, name: string, dataType: string, choices: { code: string; label: string }[]) => {
    m.codeLists.push({
      oid,
      name,
      dataType,
      items: choices.map((c, i) => ({ codedValue: c.code, decode: text(c.label), sequence: i + 1 })),
    });
    return oid;
  };
  for (const form of forms) {
    const sections = sectionsOf(read.fields.filter((f) => f.form === form));
    m.forms.push({
      oid: `Form.${form}`,
      name: formTitle(form),
      repeating: false,
      description: {},
      groups: sections.map((s, i) => ({ oid: s.oid, sequence: i + 1, mandatory: false, conditionOid: null })),
    });
    for (const section of sections) {
      const refs: ExtractedMetadata['itemGroups'][number]['items'] = [];
      for (const field of section.fields) {
        if (field.type === 'descriptive') continue;
        let conditionOid: string | null = null;
        if (field.branchingLogic) {
          conditionOid = `Condition.${field.name}`;
          m.conditions.push({
            kind: 'condition',
            oid: conditionOid,
            name: `Branching logic of ${field.name}`,
            // ODM's CollectionExceptionCondition skips an item when true; REDCap's branching logic shows it when true.
            description: text('REDCap branching logic, as written: the field is collected only when it is true.'),
            context: 'REDCap',
            expression: field.branchingLogic,
          });
        }
        let methodOid: string | null = null;
        if (field.calculation) {
          methodOid = `Method.${field.name}`;
          m.conditions.push({
            kind: 'method',
            oid: methodOid,
            name: `Calculation of ${field.name}`,
            description: {},
            context: 'REDCap',
            expression: field.calculation,
          });
        }
        const item = (oid: string, question: string, dataType: string, codeListOid: string | null) => {
          m.items.push({
            oid,
            name: oid,
            dataType,
            length: null,
            significantDigits: field.validation?.significantDigits ?? null,
            question: text(question),
            description: text(field.type === 'slider' ? field.sliderLabels.join(' | ') : field.note),
            codeListOid,
            unitOids: [],
            rangeChecks: field.type === 'text' || field.type === 'slider' ? rangeChecks(field) : [],
            identifying: field.identifier,
          });
          refs.push({ oid, sequence: refs.length + 1, mandatory: field.required, conditionOid, methodOid });
        };
        const choices = `${field.name}.choices`;
        switch (field.type) {
          case 'checkbox':
            // One boolean item per choice, as REDCap stores and exports them (field___code): checked
            // or not. No code list, so that a form shows a run of checkboxes, not yes/no questions.
            for (const c of field.choices) item(checkboxItemOid(field.name, c.code), `${field.label}: ${c.label}`, 'boolean', null);
            break;
          case 'dropdown':
          case 'radio':
            item(field.name, field.label, 'text', codeList(choices, field.name, 'text', field.choices));
            break;
          case 'yesno':
          case 'truefalse': {
            const [yes, no] = field.type === 'yesno' ? ['Yes', 'No'] : ['True', 'False'];
            const list = [
              { code: '1', label: yes },
              { code: '0', label: no },
            ];
            item(field.name, field.label, 'boolean', codeList(choices, field.name, 'boolean', list));
            break;
          }
          case 'calc':
            item(field.name, field.label, 'float', null);
            break;
          case 'slider':
            item(field.name, field.label, 'integer', null);
            break;
          case 'file':
            // The uploaded file itself: ODM's type for binary content.
            item(field.name, field.label, 'base64Binary', null);
            break;
          default:
            item(field.name, field.label, field.validation?.dataType ?? 'text', null);
        }
      }
      m.itemGroups.push({
        oid: section.oid,
        name: section.name,
        repeating: false,
        description: text(section.description.join('\n')),
        items: refs,
      });
    }
  }
  m.events = studyEventsOf(eventsRead.events, forms);
  return m;
}

/**
 * REDCap's events as study events, OID the unique event name. A classic project has one event
 * (REDCap's own name for it, event_1_arm_1) with every form. Without an instrument designation
 * file every event gets every form: REDCap keeps the designation apart from the events, and
 * an event without forms would collect nothing; importing the designation narrows it.
 */
function studyEventsOf(events: RedcapEvent[] | null, forms: string[]): ExtractedMetadata['events'] {
  const refs = (names: string[]) =>
    names.map((form, i) => ({ oid: `Form.${form}`, sequence: i + 1, mandatory: false, conditionOid: null }));
  if (!events) {
    return [
      {
        oid: 'event_1_arm_1',
        name: 'Event 1',
        repeating: false,
        type: 'Scheduled',
        category: null,
        sequence: 1,
        mandatory: false,
        forms: refs(forms),
      },
    ];
  }
  return events.map((e, i) => ({
    oid: e.uniqueName,
    name: e.name,
    repeating: false,
    type: 'Scheduled',
    category: e.armName ? `Arm ${e.armNum}: ${e.armName}` : `Arm ${e.armNum}`,
    sequence: i + 1,
    mandatory: false,
    forms: refs(e.forms ?? forms),
  }));
}
