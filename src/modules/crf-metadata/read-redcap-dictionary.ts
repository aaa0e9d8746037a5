import type { FieldError } from '../../platform/errors.js';
import { type CsvColumn, cellError, readRedcapCsv } from './read-redcap-csv.js';
import { type RedcapValidation, redcapValidation } from './redcap-validation-types.js';

export const redcapFieldTypes = [
  'text',
  'notes',
  'dropdown',
  'radio',
  'checkbox',
  'yesno',
  'truefalse',
  'calc',
  'descriptive',
  'file',
  'slider',
] as const;
export type RedcapFieldType = (typeof redcapFieldTypes)[number];

export interface RedcapChoice {
  code: string;
  label: string;
}

/** One row of a REDCap data dictionary, read and checked on its own. */
export interface RedcapField {
  row: number;
  name: string;
  form: string;
  sectionHeader: string;
  type: RedcapFieldType;
  label: string;
  /** Choices of dropdown, radio and checkbox fields. */
  choices: RedcapChoice[];
  /** A calc field's expression, as written. */
  calculation: string | null;
  sliderLabels: string[];
  note: string;
  validation: RedcapValidation | null;
  min: string | null;
  max: string | null;
  identifier: boolean;
  branchingLogic: string | null;
  required: boolean;
  matrixGroup: string | null;
}

type Key =
  | 'name'
  | 'form'
  | 'sectionHeader'
  | 'type'
  | 'label'
  | 'choices'
  | 'note'
  | 'validation'
  | 'min'
  | 'max'
  | 'identifier'
  | 'branchingLogic'
  | 'required'
  | 'alignment'
  | 'questionNumber'
  | 'matrixGroup'
  | 'matrixRanking'
  | 'annotation';

/** The data dictionary's columns as REDCap's Data Dictionary page writes them, and as its API's metadata export names them. */
export const dictionaryColumns: CsvColumn<Key>[] = [
  { key: 'name', names: ['Variable / Field Name', 'field_name'], required: true },
  { key: 'form', names: ['Form Name', 'form_name'], required: true },
  { key: 'sectionHeader', names: ['Section Header', 'section_header'], required: false },
  { key: 'type', names: ['Field Type', 'field_type'], required: true },
  { key: 'label', names: ['Field Label', 'field_label'], required: true },
  { key: 'choices', names: ['Choices, Calculations, OR Slider Labels', 'select_choices_or_calculations'], required: false },
  { key: 'note', names: ['Field Note', 'field_note'], required: false },
  {
    key: 'validation',
    names: ['Text Validation Type OR Show Slider Number', 'text_validation_type_or_show_slider_number'],
    required: false,
  },
  { key: 'min', names: ['Text Validation Min', 'text_validation_min'], required: false },
  { key: 'max', names: ['Text Validation Max', 'text_validation_max'], required: false },
  { key: 'identifier', names: ['Identifier?', 'identifier'], required: false },
  { key: 'branchingLogic', names: ['Branching Logic (Show field only if...)', 'branching_logic'], required: false },
  { key: 'required', names: ['Required Field?', 'required_field'], required: false },
  { key: 'alignment', names: ['Custom Alignment', 'custom_alignment'], required: false },
  { key: 'questionNumber', names: ['Question Number (surveys only)', 'question_number'], required: false },
  { key: 'matrixGroup', names: ['Matrix Group Name', 'matrix_group_name'], required: false },
  { key: 'matrixRanking', names: ['Matrix Ranking?', 'matrix_ranking'], required: false },
  { key: 'annotation', names: ['Field Annotation', 'field_annotation'], required: false },
];

/** REDCap's own rule for variable and instrument names. */
const redcapName = /^[a-z][a-z0-9_]*$/;
const choiceCode = /^-?[A-Za-z0-9_.]+$/;
const yesOrBlank = (value: string | undefined) => value === undefined || value === '' || /^[yn]$/i.test(value);

/** REDCap writes its drop-down type "select" in its own exports. */
const typeAliases: Record<string, RedcapFieldType> = { select: 'dropdown' };

export const dictionaryPart = 'dictionary';

/** "1, Yes | 0, No": each choice is a code, a comma and a label; the label may hold commas. */
export function parseChoices(text: string): { choices: RedcapChoice[]; problem?: string } {
  const choices: RedcapChoice[] = [];
  for (const entry of text.split('|')) {
    const comma = entry.indexOf(',');
    if (comma === -1) return { choices, problem: `"${entry.trim()}" has no code: write each choice as "code, label", separated by |.` };
    const code = entry.slice(0, comma).trim();
    const label = entry.slice(comma + 1).trim();
    if (!choiceCode.test(code)) return { choices, problem: `"${code}" is not a choice code (letters, digits, _ and . only).` };
    if (choices.some((c) => c.code === code)) return { choices, problem: `The code ${code} is used twice.` };
    choices.push({ code, label });
  }
  return { choices };
}

/**
 * Reads a REDCap data dictionary (CSV) into its fields, checking each row on its own: names,
 * field type, choices, validation type and its min/max, the y/blank flags. Problems name the row
 * and the column as the file has it; the rules between rows (names once, logic naming real
 * fields) are extract-redcap-metadata's.
 */
export function readRedcapDictionary(bytes: Buffer): { fields: RedcapField[]; errors: FieldError[] } {
  const csv = readRedcapCsv(dictionaryPart, bytes, dictionaryColumns);
  if (csv.errors.length > 0) return { fields: [], errors: csv.errors };
  const errors: FieldError[] = [];
  const fields: RedcapField[] = [];
  for (const r of csv.rows) {
    const problem = (key: Key, detail: string) => errors.push(cellError(dictionaryPart, r.row, csv.headerOf[key] ?? key, detail));
    const before = errors.length;
    const name = r.name ?? '';
    const form = r.form ?? '';
    if (!redcapName.test(name))
      problem('name', `"${name}" is not a REDCap variable name (lower-case letters, digits and _, starting with a letter).`);
    if (!redcapName.test(form)) problem('form', `"${form}" is not a REDCap instrument name (lower-case letters, digits and _).`);
    const rawType = (r.type ?? '').toLowerCase();
    const type = typeAliases[rawType] ?? redcapFieldTypes.find((t) => t === rawType);
    if (!type) {
      problem(
        'type',
        rawType === 'sql'
          ? 'sql fields (a drop-down filled by a query of the REDCap database) cannot be imported: make it a dropdown with its choices.'
          : `"${r.type ?? ''}" is not a REDCap field type. The types are: ${redcapFieldTypes.join(', ')}.`,
      );
      continue;
    }
    let choices: RedcapChoice[] = [];
    if (type === 'dropdown' || type === 'radio' || type === 'checkbox') {
      if (!r.choices) problem('choices', `A ${type} field needs its choices ("code, label | code, label").`);
      else {
        const parsed = parseChoices(r.choices);
        if (parsed.problem) problem('choices', parsed.problem);
        choices = parsed.choices;
      }
    }
    if (type === 'calc' && !r.choices) problem('choices', 'A calc field needs its calculation.');
    const validation = type === 'text' && r.validation ? (redcapValidation(r.validation) ?? null) : null;
    if (type === 'text' && r.validation && !validation)
      problem('validation', `"${r.validation}" is not a text validation type (date_ymd, integer, number, email…).`);
    const range = (key: 'min' | 'max') => {
      const value = r[key];
      if (!value) return null;
      if (type === 'slider') {
        if (!/^-?\d+$/.test(value)) problem(key, `A slider's ${key} is a whole number, not "${value}".`);
        return value;
      }
      if (!validation?.range) {
        problem(key, 'Only text fields validated as dates, times or numbers have a min and a max.');
        return null;
      }
      if (!validation.range.test(value))
        problem(key, `"${value}" is not a valid ${key} for ${validation.name} (${validation.rangeFormat}).`);
      return value;
    };
    const min = range('min');
    const max = range('max');
    for (const key of ['identifier', 'required', 'matrixRanking'] as const) {
      if (!yesOrBlank(r[key])) problem(key, `Write y or leave it empty, not "${r[key]}".`);
    }
    if (errors.length > before) continue;
    fields.push({
      row: r.row,
      name,
      form,
      sectionHeader: r.sectionHeader ?? '',
      type,
      label: r.label ?? '',
      choices,
      calculation: type === 'calc' ? (r.choices ?? null) : null,
      sliderLabels: type === 'slider' && r.choices ? r.choices.split('|').map((s) => s.trim()) : [],
      note: r.note ?? '',
      validation,
      min,
      max,
      identifier: r.identifier?.toLowerCase() === 'y',
      branchingLogic: r.branchingLogic ? r.branchingLogic : null,
      required: r.required?.toLowerCase() === 'y',
      matrixGroup: r.matrixGroup ? r.matrixGroup : null,
    });
  }
  return { fields, errors };
}
