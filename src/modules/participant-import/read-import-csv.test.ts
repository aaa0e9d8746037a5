import { describe, expect, it } from 'vitest';
import { readImportCsv } from './read-import-csv.js';

const header = 'subject_number,status,screened_on,consented_on,icf_version,consent_obtained_by,enrolled_on';

describe('reading the import files', () => {
  it('reads clean rows, an empty cell meaning "not given"', () => {
    const { participants, errors } = readImportCsv(`${header}\n101-001,screening,2026-01-05,,,,\n`, undefined);
    expect(errors).toEqual([]);
    expect(participants).toEqual([
      expect.objectContaining({ row: 2, subject_number: '101-001', status: 'screening', consent_language: 'en-US' }),
    ]);
    expect(participants[0]?.consented_on).toBeUndefined();
  });

  it('names unknown and missing columns on row 1', () => {
    const { errors } = readImportCsv('subject_number,state\n101-001,screening\n', undefined);
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [1, 'state'],
      [1, 'status'],
      [1, 'screened_on'],
    ]);
  });

  it('checks each cell and the rules between cells and rows', () => {
    const { errors } = readImportCsv(
      `${header}\n101-001,enrolled,2026-01-05,2026-01-06,1.0,a@b.example,2026-01-04\n101-001,screened,2026-02-30,,,,\n`,
      'subject_number,visit_code,status,actual_date\n101-001,BL,completed,\n101-009,BL,completed,2026-01-10\n',
    );
    const located = errors.map((e) => `${e.pointer} ${e.row} ${e.column}`);
    expect(located).toEqual(
      expect.arrayContaining([
        '/participantsCsv 2 enrolled_on', // before consent
        '/participantsCsv 3 status', // not a status
        '/participantsCsv 3 screened_on', // no 30 February
        '/visitsCsv 2 actual_date', // completed without a date
        '/visitsCsv 3 subject_number', // not in the participants file
      ]),
    );
  });

  it('reports a duplicate subject number on its second row', () => {
    const { errors } = readImportCsv(`${header}\n101-001,screening,2026-01-05,,,,\n101-001,screening,2026-01-06,,,,\n`, undefined);
    expect(errors).toEqual([
      expect.objectContaining({ row: 3, column: 'subject_number', detail: 'Row 3, column subject_number: 101-001 is on row 2 already.' }),
    ]);
  });
});
