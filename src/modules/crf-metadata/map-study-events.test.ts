import { describe, expect, it } from 'vitest';
import { mapStudyEvents } from './map-study-events.js';

const visits = [
  { code: 'SCR', name: 'Screening' },
  { code: 'BL', name: 'Baseline' },
  { code: 'W4', name: 'Week 4' },
  { code: 'W4B', name: 'week 4' },
];

describe('mapping study events to visits', () => {
  it('takes the visit whose code is the event OID, else whose code or name is the event name, ignoring case and separators', () => {
    const mapped = mapStudyEvents(
      [
        { oid: 'bl', name: 'Screening' },
        { oid: 'SE.SCREENING', name: 'screening' },
        { oid: 'SE.X', name: 'S_C_R' },
      ],
      visits,
    );
    expect(Object.fromEntries(mapped)).toEqual({
      bl: { visitCode: 'BL', mappedBy: 'oid' },
      'SE.SCREENING': { visitCode: 'SCR', mappedBy: 'name' },
      'SE.X': { visitCode: 'SCR', mappedBy: 'name' },
    });
  });

  it('leaves an event unmapped when nothing matches, or when two visits would', () => {
    const mapped = mapStudyEvents(
      [
        { oid: 'SE.1', name: 'Baseline (T0)' },
        { oid: 'SE.2', name: 'Week 4' },
      ],
      visits,
    );
    expect(mapped.get('SE.1')).toEqual({ visitCode: null, mappedBy: null });
    expect(mapped.get('SE.2')).toEqual({ visitCode: null, mappedBy: null });
  });
});
