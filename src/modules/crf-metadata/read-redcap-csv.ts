import { parse } from 'csv-parse/sync';
import type { FieldError } from '../../platform/errors.js';
import { unsafeTextProblem } from '../../platform/http/safe-text.js';

/** A column of a REDCap CSV: the key the reader uses, and every header REDCap has written it as (the web export, the API). */
export interface CsvColumn<K extends string> {
  key: K;
  names: string[];
  required: boolean;
}

export type CsvRecord<K extends string> = Partial<Record<K, string>> & { row: number };

/** The rows of one file, each cell under its column's key, and where each column's header is (for messages). */
export interface ReadCsv<K extends string> {
  rows: CsvRecord<K>[];
  headerOf: Record<K, string>;
  errors: FieldError[];
}

/** Headers compared without case, spaces or punctuation: "Variable / Field Name" and "variable_field_name" are one. */
const normalized = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Bytes that no CSV starts with: a PDF, an image, a ZIP (a workbook), gzip. */
const binarySignatures: [string, number[]][] = [
  ['a PDF', [0x25, 0x50, 0x44, 0x46]],
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a ZIP archive or an Excel workbook (save it as CSV)', [0x50, 0x4b, 0x03, 0x04]],
  ['a gzip archive', [0x1f, 0x8b]],
  ['an old Excel workbook (save it as CSV)', [0xd0, 0xcf, 0x11, 0xe0]],
];

export const cellError = (part: string, row: number, column: string, detail: string): FieldError => ({
  pointer: `/${part}`,
  row,
  column,
  detail: `Row ${row}, column ${column}: ${detail}`,
});

/**
 * Reads one CSV file of a REDCap export, rows numbered as records (the header is row 1), with
 * every problem located: not a CSV at all, empty, not UTF-8, a cell the database could not
 * store (NUL), an unknown or missing column, more cells than columns. `errors` is empty when
 * the rows can be trusted.
 */
export function readRedcapCsv<K extends string>(part: string, bytes: Buffer, columns: CsvColumn<K>[]): ReadCsv<K> {
  const headerOf = {} as Record<K, string>;
  const refused = (detail: string, row?: number): ReadCsv<K> => ({
    rows: [],
    headerOf,
    errors: [{ pointer: `/${part}`, detail, ...(row === undefined ? {} : { row }) }],
  });
  const binary = binarySignatures.find(([, signature]) => signature.every((byte, i) => bytes[i] === byte));
  if (binary) return refused(`This file is ${binary[0]}, not a CSV file.`);
  const text = bytes.toString('utf8');
  if (text.trim() === '') return refused('The file is empty: it needs a header row and rows.');
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return refused(`Not readable as CSV${line ? ` near line ${line}` : ''}: ${(error as Error).message}`, line);
  }
  const [header = [], ...body] = records;
  const errors: FieldError[] = [];
  records.forEach((cells, index) => {
    cells.forEach((cell, i) => {
      const problem =
        unsafeTextProblem(cell) ??
        (cell.includes('\uFFFD') ? 'Holds a character that is not UTF-8: save the file as CSV UTF-8.' : undefined);
      const name = header[i];
      if (problem) errors.push(cellError(part, index + 1, name && !unsafeTextProblem(name) ? name : `#${i + 1}`, problem));
    });
  });
  if (errors.length > 0) return { rows: [], headerOf, errors };

  const keys: (K | undefined)[] = header.map((name, index) => {
    // Spreadsheets often save empty columns after the last one: a column without a name is ignored while its cells are empty.
    if (name.trim() === '') return undefined;
    const column = columns.find((c) => c.names.some((n) => normalized(n) === normalized(name)));
    if (!column) {
      errors.push(
        cellError(part, 1, name || `#${index + 1}`, `Unknown column. The columns are: ${columns.map((c) => c.names[0]).join(', ')}.`),
      );
      return undefined;
    }
    if (headerOf[column.key] !== undefined) errors.push(cellError(part, 1, name, 'This column appears twice.'));
    headerOf[column.key] = name;
    return column.key;
  });
  for (const column of columns) {
    if (column.required && headerOf[column.key] === undefined)
      errors.push(cellError(part, 1, column.names[0] ?? column.key, 'This required column is missing.'));
  }
  if (errors.length > 0) return { rows: [], headerOf, errors };
  if (body.length === 0) return refused('The file has a header but no rows.');

  const rows = body.flatMap((cells, index): CsvRecord<K>[] => {
    const row = index + 2;
    if (cells.length > header.length) {
      errors.push({ pointer: `/${part}`, row, detail: `Row ${row}: more cells than the header has columns.` });
      return [];
    }
    const record = { row } as CsvRecord<K>;
    cells.forEach((cell, i) => {
      const key = keys[i];
      if (key !== undefined) (record as Record<K, string>)[key] = cell.trim();
      else if (cell.trim() !== '')
        errors.push(cellError(part, row, `#${i + 1}`, 'A value under a column without a name: name the column or remove it.'));
    });
    return [record];
  });
  return { rows, headerOf, errors };
}
