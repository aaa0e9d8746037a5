import { describe, expect, it } from 'vitest';
import { extractRedcapMetadata } from './extract-redcap-metadata.js';

const dictionary = (rows: string[]) =>
  Buffer.from(
    [
      'field_name,form_name,section_header,field_type,field_label,select_choices_or_calculations,text_validation_min,text_validation_max,matrix_group_name',
      ...rows,
    ].join('\n'),
  );

describe('a REDCap project as CRF metadata', () => {
  const m = extractRedcapMetadata(
    dictionary([
      'record_id,intake,,text,Record,,,,',
      'intro,intake,,descriptive,Read this to the patient.,,,,',
      'pain,intake,Symptoms,slider,Pain,None | Worst,,10,',
      'q1,intake,,radio,Nausea,"0, No | 1, Yes",,,grid',
      'q2,intake,,radio,Fatigue,"0, No | 1, Yes",,,grid',
      'meds,intake,,checkbox,Medications,"1, Aspirin | -9, Other",,,',
      'score,followup,,calc,Score,[q1] + [q2],,,',
    ]),
    'project.csv',
    {},
  );

  it('starts an item group at each section header and where a matrix group starts or ends; a descriptive field becomes its text', () => {
    expect(m.itemGroups.map((g) => [g.oid, g.name, g.items.map((i) => i.oid)])).toEqual([
      ['intake.record_id', 'Intake', ['record_id']],
      ['intake.pain', 'Symptoms', ['pain']],
      ['intake.q1', 'grid', ['q1', 'q2']],
      ['intake.meds', 'Intake', ['meds___1', 'meds____9']],
      ['followup.score', 'Followup', ['score']],
    ]);
    expect(m.itemGroups[0]?.description).toEqual({ '': 'Read this to the patient.' });
  });

  it('gives a slider hard ends (0 unless given), a calc field its method, and a classic project one event with every form', () => {
    const pain = m.items.find((i) => i.oid === 'pain');
    expect(pain?.rangeChecks.map((c) => [c.comparator, c.softHard, c.checkValues])).toEqual([
      ['GE', 'Hard', ['0']],
      ['LE', 'Hard', ['10']],
    ]);
    expect(m.conditions).toEqual([
      expect.objectContaining({ kind: 'method', oid: 'Method.score', context: 'REDCap', expression: '[q1] + [q2]' }),
    ]);
    expect(m.events).toEqual([
      expect.objectContaining({
        oid: 'event_1_arm_1',
        forms: [expect.objectContaining({ oid: 'Form.intake' }), expect.objectContaining({ oid: 'Form.followup' })],
      }),
    ]);
  });

  it('gives every event every form when no instrument designation is sent', () => {
    const events = Buffer.from('event_name,arm_num,unique_event_name\nBaseline,1,baseline_arm_1\nWeek 4,1,week_4_arm_1');
    const longitudinal = extractRedcapMetadata(dictionary(['record_id,intake,,text,Record,,,,', 'x,followup,,notes,X,,,,']), 'p.csv', {
      events,
    });
    expect(longitudinal.events.map((e) => [e.oid, e.name, e.category, e.forms.map((f) => f.oid)])).toEqual([
      ['baseline_arm_1', 'Baseline', 'Arm 1', ['Form.intake', 'Form.followup']],
      ['week_4_arm_1', 'Week 4', 'Arm 1', ['Form.intake', 'Form.followup']],
    ]);
  });
});
