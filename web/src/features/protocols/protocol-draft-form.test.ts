import { describe, expect, it } from 'vitest';
import { ApiError } from '../../app/api-client';
import type { ProtocolVersion } from './protocol-api';
import { applyDraftProblem, type DraftValues, formPathOf, toDraftValues, toUpdateBody } from './protocol-draft-form';

const version = {
  id: '00000000-0000-4000-8000-000000000001',
  studyId: '00000000-0000-4000-8000-000000000002',
  versionNumber: 1,
  versionLabel: '1.0',
  status: 'draft',
  summaryOfChanges: null,
  amendsVersionId: null,
  finalizedAt: null,
  version: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  arms: [{ id: 'a1', code: 'ZEN', name: 'Zenitumab', allocationRatio: 2, blindedLabel: null, sequence: 1 }],
  visits: [
    {
      id: 'v1',
      code: 'SCR',
      name: 'Screening',
      kind: 'screening',
      anchor: 'baseline',
      targetDay: -14,
      windowBeforeDays: 0,
      windowAfterDays: 0,
      sequence: 1,
      procedures: [
        { id: 'p1', code: 'VS', name: 'Vital signs', required: true, sequence: 1 },
        { id: 'p2', code: 'LAB', name: 'Labs', required: false, sequence: 2 },
      ],
    },
    {
      id: 'v2',
      code: 'UNS',
      name: 'Unscheduled',
      kind: 'unscheduled',
      anchor: null,
      targetDay: null,
      windowBeforeDays: 0,
      windowAfterDays: 0,
      sequence: 2,
      procedures: [{ id: 'p3', code: 'LAB', name: 'Labs', required: true, sequence: 1 }],
    },
  ],
  criteria: [{ id: 'c1', kind: 'inclusion', number: 1, text: 'Adults' }],
} as unknown as ProtocolVersion;

describe('the draft editor form', () => {
  it('shows a procedure done at several visits as one row ticked under each, and sends it back nested per visit', () => {
    const values = toDraftValues(version);
    expect(values.procedures.map((p) => [p.code, p.visitKeys.length, p.required])).toEqual([
      ['VS', 1, true],
      // Required at one visit: the row reads required.
      ['LAB', 2, true],
    ]);
    const body = toUpdateBody(values);
    expect(body.visits?.map((v) => [v.code, v.procedures?.map((p) => p.code)])).toEqual([
      ['SCR', ['VS', 'LAB']],
      ['UNS', ['LAB']],
    ]);
    // An unscheduled visit has no anchor, day or window, whatever the inputs held.
    expect(body.visits?.[1]).toMatchObject({ anchor: null, targetDay: null, windowBeforeDays: 0, windowAfterDays: 0 });
  });

  it("puts the API's field errors under the grid cell they are about", () => {
    const values = toDraftValues(version);
    expect(formPathOf('/visits/0/targetDay', values)).toBe('visits.0.targetDay');
    // The first procedure of the unscheduled visit is the LAB row, the grid's second.
    expect(formPathOf('/visits/1/procedures/0/code', values)).toBe('procedures.1.code');
    expect(formPathOf('/arms', values)).toBe('arms');
    expect(formPathOf('/criteria/0/number', values)).toBe('criteria.0.number');
    expect(formPathOf('/versionLabel', values)).toBe('versionLabel');
    expect(formPathOf('', values)).toBeNull();
  });

  it('says every rule a cell breaks, and leaves the rest to the alert', () => {
    const values: DraftValues = toDraftValues(version);
    const errors: Record<string, string> = {};
    const placed = applyDraftProblem(
      new ApiError({
        title: 'Invalid',
        status: 422,
        errors: [
          { pointer: '/visits/0/targetDay', detail: 'First rule.' },
          { pointer: '/visits/0/targetDay', detail: 'Second rule.' },
          { pointer: '', detail: 'About the whole request.' },
        ],
      }),
      values,
      (path, message) => {
        errors[path] = message;
      },
    );
    expect(errors).toEqual({ 'visits.0.targetDay': 'First rule. Second rule.' });
    expect(placed).toEqual(['/visits/0/targetDay', '/visits/0/targetDay']);
  });
});
