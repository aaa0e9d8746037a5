import { Readable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { type FieldError, invalid } from '../../platform/errors.js';
import { findUnsafeText, unsafeTextProblem } from '../../platform/http/safe-text.js';
import { columnName, participantColumns, participantStatuses, visitColumns } from './import.schemas.js';

/** A file's rows as typed records, with each problem located by row and column. */
export interface ReadFile<T> {
  rows: (T & { row: number })[];
  errors: FieldError[];
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Write the date as YYYY-MM-DD.' })
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    message: 'Not a calendar date.',
  });
const text = (max: number) => z.string().max(max, { message: `At most ${max} characters.` });

const participantRow = z
  .object({
    subject_number: text(40).regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, {
      message: 'Letters, digits, and . _ / - only, starting with a letter or digit.',
    }),
    status: z.enum(participantStatuses, { message: `One of: ${participantStatuses.join(', ')}.` }),
    screened_on: isoDate,
    consent_language: text(20)
      .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, { message: 'A language tag such as en-US.' })
      .default('en-US'),
    consented_on: isoDate.optional(),
    icf_version: text(100).optional(),
    consent_obtained_by: z.email({ message: 'The e-mail of the staff member who obtained consent.' }).optional(),
    screen_failed_on: isoDate.optional(),
    screen_fail_reason: text(1000).optional(),
    enrolled_on: isoDate.optional(),
    randomization_number: text(40).optional(),
    completed_on: isoDate.optional(),
    withdrawn_on: isoDate.optional(),
    withdrawal_scope: z.enum(['treatment', 'study'], { message: 'treatment or study.' }).optional(),
    withdrawal_reason: text(1000).optional(),
    lost_on: isoDate.optional(),
    coordinator_email: z.email({ message: 'An e-mail address of a Trialdesk user.' }).optional(),
    full_name: text(200).optional(),
    date_of_birth: isoDate.optional(),
    phone: text(50).optional(),
    email: z.email({ message: 'An e-mail address.' }).optional(),
  })
  .superRefine((row, issues) => {
    const need = (column: keyof typeof row, why: string) => {
      if (row[column] === undefined) issues.addIssue({ code: 'custom', path: [column], message: `Required ${why}.` });
    };
    const enrolledStatuses = ['enrolled', 'on_treatment', 'follow_up', 'completed'];
    if (row.status !== 'screening') need('consented_on', `when the status is ${row.status}`);
    if (row.consented_on) {
      need('icf_version', 'with a consent date');
      need('consent_obtained_by', 'with a consent date');
    }
    if (row.status === 'screen_failed') {
      need('screen_failed_on', 'for a screen failure');
      need('screen_fail_reason', 'for a screen failure');
    }
    if (enrolledStatuses.includes(row.status)) need('enrolled_on', `when the status is ${row.status}`);
    if (row.status === 'completed') need('completed_on', 'when the status is completed');
    if (row.status === 'lost_to_follow_up') need('lost_on', 'when the status is lost_to_follow_up');
    if (row.status === 'withdrawn') {
      need('withdrawn_on', 'when the status is withdrawn');
      need('withdrawal_scope', 'when the status is withdrawn');
      need('withdrawal_reason', 'when the status is withdrawn');
    } else if (row.withdrawn_on) {
      issues.addIssue({ code: 'custom', path: ['withdrawn_on'], message: 'Only for the status withdrawn.' });
    }
    const before = (earlier: keyof typeof row, later: keyof typeof row) => {
      const a = row[earlier];
      const b = row[later];
      if (typeof a === 'string' && typeof b === 'string' && b < a) {
        issues.addIssue({ code: 'custom', path: [later], message: `Cannot be before ${earlier} (${a}).` });
      }
    };
    before('consented_on', 'enrolled_on');
    before('screened_on', 'screen_failed_on');
    before('enrolled_on', 'completed_on');
    before('screened_on', 'withdrawn_on');
  });
export type ParticipantImportRow = z.infer<typeof participantRow>;

const visitRow = z
  .object({
    subject_number: text(40),
    visit_code: text(40),
    status: z.enum(['completed', 'missed'], { message: 'completed or missed.' }),
    actual_date: isoDate.optional(),
    notes: text(2000).optional(),
  })
  .superRefine((row, issues) => {
    if (row.status === 'completed' && !row.actual_date)
      issues.addIssue({ code: 'custom', path: ['actual_date'], message: 'Required for a completed visit.' });
    if (row.status === 'missed' && row.actual_date)
      issues.addIssue({ code: 'custom', path: ['actual_date'], message: 'A missed visit has no actual date.' });
  });
export type VisitImportRow = z.infer<typeof visitRow>;

export function cellError(file: 'participantsCsv' | 'visitsCsv', row: number, column: string, detail: string): FieldError {
  return { pointer: `/${file}`, row, column, detail: `Row ${row}, column ${column}: ${detail}` };
}

type ImportFile = 'participantsCsv' | 'visitsCsv';
const csvOptions = { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true } as const;

/**
 * Reads one file's records as they come (all at once, or streamed), keeping only the typed rows
 * and the errors: a file on disk is never held whole. Records are numbered as the parser gives
 * them (empty lines skipped), the header being row 1. A cell the database could not store
 * hides every other problem of the file, as does a bad header.
 */
function fileReader<T>(file: ImportFile, columns: readonly string[], schema: z.ZodType<T>) {
  const rows: (T & { row: number })[] = [];
  const errors: FieldError[] = [];
  const textErrors: FieldError[] = [];
  let header: string[] | undefined;
  let headerBad = false;
  let count = 0;
  const known = columns.map(columnName);

  function readHeader(names: string[]) {
    header = names;
    names.forEach((name, index) => {
      if (!known.includes(name))
        errors.push(cellError(file, 1, name || `#${index + 1}`, `Unknown column. The columns are: ${known.join(', ')}.`));
    });
    if (new Set(names).size !== names.length) errors.push({ pointer: `/${file}`, row: 1, detail: 'Row 1: a column appears twice.' });
    for (const column of columns.filter((c) => c.endsWith('*')).map(columnName)) {
      if (!names.includes(column)) errors.push(cellError(file, 1, column, 'This required column is missing.'));
    }
    headerBad = errors.length > 0;
  }

  return {
    push(cells: string[]) {
      count += 1;
      const row = count;
      textErrors.push(...cellTextErrors(file, header ?? cells, row, cells));
      if (!header) return readHeader(cells);
      // Only the cell problems are reported once there is one, and nothing of a file with a bad header.
      if (textErrors.length > 0 || headerBad) {
        rows.length = 0;
        return;
      }
      if (cells.length > header.length) {
        errors.push({ pointer: `/${file}`, row, detail: `Row ${row}: more cells than the header has columns.` });
        return;
      }
      // An empty cell means "not given".
      const record: Record<string, string | undefined> = {};
      header.forEach((name, i) => {
        record[name] = cells[i] ? cells[i] : undefined;
      });
      const parsed = schema.safeParse(record);
      if (parsed.success) rows.push(Object.assign(parsed.data as object, { row }) as T & { row: number });
      else for (const issue of parsed.error.issues) errors.push(cellError(file, row, String(issue.path[0] ?? ''), issue.message));
    },
    get count() {
      return count;
    },
    unreadable(error: unknown): ReadFile<T> {
      const line = (error as { lines?: number }).lines;
      return {
        rows: [],
        errors: [
          { pointer: `/${file}`, row: line, detail: `Not readable as CSV${line ? ` near row ${line}` : ''}: ${(error as Error).message}` },
        ],
      };
    },
    finish(): ReadFile<T> {
      if (!header)
        return { rows: [], errors: [{ pointer: `/${file}`, detail: 'The file is empty: it needs a header row and data rows.' }] };
      if (textErrors.length > 0) return { rows: [], errors: textErrors };
      if (headerBad) return { rows: [], errors };
      if (count === 1) return { rows: [], errors: [{ pointer: `/${file}`, detail: 'The file has a header but no rows.' }] };
      return { rows, errors };
    },
  };
}

function readFile<T>(file: ImportFile, csv: string, columns: readonly string[], schema: z.ZodType<T>): ReadFile<T> {
  const reader = fileReader(file, columns, schema);
  let records: string[][];
  try {
    records = parse(csv, csvOptions) as string[][];
  } catch (error) {
    return reader.unreadable(error);
  }
  for (const cells of records) reader.push(cells);
  return reader.finish();
}

/** How often a streamed read yields the event loop (and reports), in records. */
const recordsPerChunk = 1000;

async function readStream<T>(
  file: ImportFile,
  source: Readable,
  columns: readonly string[],
  schema: z.ZodType<T>,
  onChunk: (records: number) => Promise<void>,
): Promise<ReadFile<T>> {
  const reader = fileReader(file, columns, schema);
  try {
    for await (const cells of source.pipe(parseStream(csvOptions))) {
      reader.push(cells as string[]);
      if (reader.count % recordsPerChunk === 0) {
        await setImmediate();
        await onChunk(reader.count - 1);
      }
    }
  } catch (error) {
    source.destroy();
    if ((error as { code?: string }).code?.startsWith('CSV_')) return reader.unreadable(error);
    throw error;
  }
  return reader.finish();
}

/** Every cell of one record the database could not store, or that shows the file was not saved as UTF-8. */
function cellTextErrors(file: ImportFile, header: string[], row: number, cells: string[]): FieldError[] {
  const errors: FieldError[] = [];
  cells.forEach((cell, i) => {
    // A browser reads a Windows-1252 export as UTF-8 and puts U+FFFD where the accents were.
    const problem =
      unsafeTextProblem(cell) ??
      (cell.includes('\uFFFD') ? 'Holds a character that is not UTF-8 (shown as \uFFFD): save the file as CSV UTF-8.' : undefined);
    if (!problem) return;
    const name = header[i];
    const column = name && !unsafeTextProblem(name) ? name : `#${i + 1}`;
    errors.push(cellError(file, row, column, problem));
  });
  return errors;
}

/** The answer to files with problems: every one listed, nothing imported. */
export function importRefused(errors: FieldError[]) {
  errors.sort((a, b) => a.pointer.localeCompare(b.pointer) || (a.row ?? 0) - (b.row ?? 0));
  return invalid(errors.slice(0, 500), `${errors.length} problem${errors.length === 1 ? '' : 's'} in the files; nothing was imported.`);
}

/**
 * Registered as the import route's preValidation hook, so it runs before the gate every route
 * has (refuse-unsafe-input.ts), which could only name the whole file: a cell the database cannot
 * store is named by its row and column.
 */
export async function refuseUnsafeCells(request: { body: unknown }): Promise<void> {
  if (!findUnsafeText(request.body)) return;
  const { participantsCsv, visitsCsv } = (request.body ?? {}) as Record<string, unknown>;
  if (typeof participantsCsv !== 'string') return;
  const { errors } = await readImportFiles(participantsCsv, typeof visitsCsv === 'string' ? visitsCsv : undefined);
  if (errors.length > 0) throw importRefused(errors);
}

/**
 * Reads both files and checks everything that needs no database: the header, each cell, the
 * rules between a row's cells, and the rules between rows (a subject number once; visits of
 * participants in the file, each visit once).
 */
export function readImportCsv(participantsCsv: string, visitsCsv: string | undefined) {
  const participants = readFile('participantsCsv', participantsCsv, participantColumns, participantRow);
  const visits = visitsCsv?.trim()
    ? readFile('visitsCsv', visitsCsv, visitColumns, visitRow)
    : ({ rows: [], errors: [] } as ReadFile<VisitImportRow>);
  return checkBetweenRows(participants, visits);
}

/** A file's text, or a stream of its bytes (a file on disk). */
export type ImportSource = string | Readable;

/**
 * readImportCsv over streams: each file is parsed as it is read, `onChunk` is awaited every
 * thousand records (with the count read so far) after the event loop had its turn.
 */
export async function readImportFiles(
  participantsFile: ImportSource,
  visitsFile: ImportSource | undefined,
  onChunk: (recordsRead: number) => Promise<void> = async () => {},
) {
  const participants = await readStream('participantsCsv', toStream(participantsFile), participantColumns, participantRow, onChunk);
  const visits =
    visitsFile === undefined || (typeof visitsFile === 'string' && !visitsFile.trim())
      ? ({ rows: [], errors: [] } as ReadFile<VisitImportRow>)
      : await readStream('visitsCsv', toStream(visitsFile), visitColumns, visitRow, (n) => onChunk(participants.rows.length + n));
  return checkBetweenRows(participants, visits);
}

/** Text as a stream of UTF-8 bytes in slices, so that parsing it yields between slices too. */
function toStream(source: ImportSource): Readable {
  if (typeof source !== 'string') return source;
  const bytes = Buffer.from(source);
  const sliceBytes = 64 * 1024;
  return Readable.from(
    (function* slices() {
      for (let start = 0; start < bytes.length; start += sliceBytes) yield bytes.subarray(start, start + sliceBytes);
    })(),
  );
}

function checkBetweenRows(participants: ReadFile<ParticipantImportRow>, visits: ReadFile<VisitImportRow>) {
  const errors = [...participants.errors, ...visits.errors];

  const firstRowOf = new Map<string, number>();
  for (const p of participants.rows) {
    const first = firstRowOf.get(p.subject_number);
    if (first) errors.push(cellError('participantsCsv', p.row, 'subject_number', `${p.subject_number} is on row ${first} already.`));
    else firstRowOf.set(p.subject_number, p.row);
  }
  const randomizationNumbers = new Map<string, number>();
  for (const p of participants.rows) {
    if (!p.randomization_number) continue;
    const first = randomizationNumbers.get(p.randomization_number);
    if (first) errors.push(cellError('participantsCsv', p.row, 'randomization_number', `Used on row ${first} already.`));
    else randomizationNumbers.set(p.randomization_number, p.row);
  }
  const seenVisits = new Map<string, number>();
  for (const v of visits.rows) {
    if (!firstRowOf.has(v.subject_number)) {
      errors.push(cellError('visitsCsv', v.row, 'subject_number', `${v.subject_number} is not in the participants file.`));
    }
    const key = `${v.subject_number}\u0000${v.visit_code}`;
    const first = seenVisits.get(key);
    if (first) errors.push(cellError('visitsCsv', v.row, 'visit_code', `This participant's ${v.visit_code} is on row ${first} already.`));
    else seenVisits.set(key, v.row);
  }
  return { participants: participants.rows, visits: visits.rows, errors };
}
