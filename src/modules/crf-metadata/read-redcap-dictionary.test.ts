import { describe, expect, it } from 'vitest';
import { redcapLogicProblem } from './check-redcap-logic.js';
import { parseChoices, readRedcapDictionary } from './read-redcap-dictionary.js';

const header =
  '"Variable / Field Name","Form Name","Section Header","Field Type","Field Label","Choices, Calculations, OR Slider Labels","Field Note","Text Validation Type OR Show Slider Number","Text Validation Min","Text Validation Max",Identifier?,"Branching Logic (Show field only if...)","Required Field?","Custom Alignment","Question Number (surveys only)","Matrix Group Name","Matrix Ranking?","Field Annotation"';
const csv = (...rows: string[]) => Buffer.from([header, ...rows].join('\n'));

describe('reading a REDCap data dictionary', () => {
  it('reads each column of a row: type, choices, validation with min and max, identifier, required, logic, matrix group', () => {
    const { fields, errors } = readRedcapDictionary(
      csv(
        'record_id,demo,,text,"Record ID",,,,,,,,,,,,,',
        'dob,demo,"Personal data",text,"Date of birth",,YYYY-MM-DD,date_ymd,1900-01-01,today,y,,y,,,,,',
        'sex,demo,,radio,Sex,"0, Female | 1, Male, or other",,,,,,,,,,,,',
        'weight,demo,,text,"Weight (kg)",,,number_1dp,30,250.5,,"[sex] = \'1\'",,,,,,',
        'gym,demo,,checkbox,Gym,"0, Mon | 1, Tue",,,,,,,,,,weekly,,',
      ),
    );
    expect(errors).toEqual([]);
    expect(fields.map((f) => [f.row, f.name, f.type])).toEqual([
      [2, 'record_id', 'text'],
      [3, 'dob', 'text'],
      [4, 'sex', 'radio'],
      [5, 'weight', 'text'],
      [6, 'gym', 'checkbox'],
    ]);
    expect(fields[1]).toMatchObject({
      sectionHeader: 'Personal data',
      note: 'YYYY-MM-DD',
      validation: { name: 'date_ymd', dataType: 'date' },
      min: '1900-01-01',
      max: 'today',
      identifier: true,
      required: true,
    });
    // A label may hold commas: only the first comma ends the code.
    expect(fields[2]?.choices).toEqual([
      { code: '0', label: 'Female' },
      { code: '1', label: 'Male, or other' },
    ]);
    expect(fields[3]).toMatchObject({ validation: { dataType: 'float', significantDigits: 1 }, branchingLogic: "[sex] = '1'" });
    expect(fields[4]).toMatchObject({ matrixGroup: 'weekly', identifier: false, required: false });
  });

  it('ignores empty columns a spreadsheet saved after the last one, unless a cell under one holds a value', () => {
    const trailing = 'field_name,form_name,field_type,field_label,,\nrecord_id,demo,text,ID,,\nok,demo,yesno,OK?,,';
    expect(readRedcapDictionary(Buffer.from(trailing)).errors).toEqual([]);
    expect(readRedcapDictionary(Buffer.from(`${trailing}\nx,demo,text,X,,oops`)).errors).toEqual([
      expect.objectContaining({ row: 4, column: '#6', detail: expect.stringContaining('column without a name') }),
    ]);
  });

  it('accepts the column names of the API export (field_name, form_name…)', () => {
    const api = 'field_name,form_name,field_type,field_label,select_choices_or_calculations\nrecord_id,demo,text,ID,\nok,demo,yesno,OK?,';
    const { fields, errors } = readRedcapDictionary(Buffer.from(api));
    expect(errors).toEqual([]);
    expect(fields.map((f) => f.type)).toEqual(['text', 'yesno']);
  });

  it('names the row and the column of each problem, as the file writes the column', () => {
    const { errors } = readRedcapDictionary(
      csv(
        'record_id,demo,,text,"Record ID",,,,,,,,,,,,,',
        'pain,demo,,likert,"Pain",,,,,,,,,,,,,',
        'mood,demo,,radio,"Mood",,,,,,,,,,,,,',
        'age,demo,,text,"Age",,,integer,zero,,,,,,,,,',
        'Bad-Name,demo,,text,"X",,,,,,maybe,,,,,,,',
        'query,demo,,sql,"From the database","select 1",,,,,,,,,,,,',
      ),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        pointer: '/dictionary',
        row: 3,
        column: 'Field Type',
        detail: expect.stringContaining('"likert" is not a REDCap field type'),
      }),
      expect.objectContaining({
        row: 4,
        column: 'Choices, Calculations, OR Slider Labels',
        detail: expect.stringContaining('needs its choices'),
      }),
      expect.objectContaining({
        row: 5,
        column: 'Text Validation Min',
        detail: expect.stringContaining('"zero" is not a valid min for integer'),
      }),
      expect.objectContaining({ row: 6, column: 'Variable / Field Name' }),
      expect.objectContaining({ row: 6, column: 'Identifier?', detail: expect.stringContaining('Write y or leave it empty') }),
      expect.objectContaining({ row: 7, column: 'Field Type', detail: expect.stringContaining('sql fields') }),
    ]);
  });

  it('refuses what is not a dictionary: empty, not CSV, NUL bytes, an unknown or missing column', () => {
    expect(readRedcapDictionary(Buffer.from('')).errors).toEqual([expect.objectContaining({ detail: expect.stringContaining('empty') })]);
    expect(readRedcapDictionary(Buffer.from('%PDF-1.7\n')).errors).toEqual([
      expect.objectContaining({ detail: 'This file is a PDF, not a CSV file.' }),
    ]);
    expect(readRedcapDictionary(csv('record_id,demo,,text,"Record\u0000 ID",,,,,,,,,,,,,')).errors).toEqual([
      expect.objectContaining({ row: 2, column: 'Field Label', detail: expect.stringContaining('NUL') }),
    ]);
    expect(readRedcapDictionary(Buffer.from('field_name,form_name,field_type,colour\nx,demo,text,red')).errors).toEqual([
      expect.objectContaining({ row: 1, column: 'colour', detail: expect.stringContaining('Unknown column') }),
      expect.objectContaining({ row: 1, column: 'Field Label', detail: 'Row 1, column Field Label: This required column is missing.' }),
    ]);
    expect(readRedcapDictionary(Buffer.from(header)).errors).toEqual([
      expect.objectContaining({ detail: 'The file has a header but no rows.' }),
    ]);
  });

  it('parses choices and refuses a choice without a code or a code used twice', () => {
    expect(parseChoices('1, Yes | 0, No').choices).toEqual([
      { code: '1', label: 'Yes' },
      { code: '0', label: 'No' },
    ]);
    expect(parseChoices('Yes | No').problem).toMatch(/has no code/);
    expect(parseChoices('1, Yes | 1, No').problem).toMatch(/used twice/);
  });
});

describe('checking REDCap logic', () => {
  const names = {
    fields: new Map([
      ['sex', { type: 'radio', choiceCodes: ['0', '1'] }],
      ['gym', { type: 'checkbox', choiceCodes: ['0', '1'] }],
      ['weight', { type: 'text', choiceCodes: [] }],
    ]),
    events: new Set(['enrollment_arm_1']),
  };

  it('accepts logic as REDCap writes it: quotes, functions, checkbox choices, events, smart variables, instances', () => {
    for (const logic of [
      '[sex] = "0" and [gym(1)] = \'1\'',
      'round(([weight]*10000)/(([weight])^(2)),1)',
      '[enrollment_arm_1][weight] > 50 or [event-name] = "enrollment_arm_1"',
      '[weight][2] <> ""',
      'datediff([weight], "today", "y") >= 18',
    ]) {
      expect(redcapLogicProblem(logic, names), logic).toBeUndefined();
    }
  });

  it('names what is broken and where', () => {
    expect(redcapLogicProblem('[sex] = "0', names)).toBe('The quote (") at character 9 is never closed.');
    expect(redcapLogicProblem('([sex] = "0"', names)).toBe('The ( at character 1 is never closed.');
    expect(redcapLogicProblem('[sex] = "0")', names)).toBe('The ) at character 12 closes no (.');
    expect(redcapLogicProblem('[sex = "0"', names)).toBe('The [ at character 1 is not closed by a ].');
    expect(redcapLogicProblem('[age] > 18', names)).toBe('[age] names a field the data dictionary does not have. (character 1)');
    expect(redcapLogicProblem('[gym(7)] = "1"', names)).toMatch(/has no choice 7/);
    expect(redcapLogicProblem('[sex(1)] = "1"', names)).toMatch(/not a checkbox field/);
    expect(redcapLogicProblem('[visit_9][sex] = "1"', names)).toMatch(/names an event the project does not have/);
    expect(redcapLogicProblem('[sex] = 1; drop', names)).toBe('The character ";" at 10 is not part of REDCap logic.');
    expect(redcapLogicProblem('[e][sex] = 1', { ...names, events: null })).toMatch(/the project has no events/);
  });
});
