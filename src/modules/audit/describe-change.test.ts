import { describe, expect, it } from 'vitest';
import {
  actorName,
  describeChanges,
  describeEventChanges,
  entityTypeLabel,
  fieldLabel,
  formatValue,
  referencedIds,
  scheduledVisitChanges,
  scheduledVisitOf,
  type TrailNames,
} from './describe-change.js';

const candidate = 'bf17acc6-1111-4222-8333-444455556666';
const person = '0a1b2c3d-1111-4222-8333-444455556666';
const names: TrailNames = {
  records: new Map([
    [candidate, 'Candidate pre-screened 2026-11-02'],
    [person, 'Dr. Ethan Brooks'],
  ]),
  strata: new Map([
    [
      'age',
      {
        label: 'Age group',
        levels: new Map([
          ['lt65', 'Under 65'],
          ['ge65', '65 or older'],
        ]),
      },
    ],
    ['bio', { label: 'Prior biologic therapy', levels: new Map([['naive', 'Biologic-naive']]) }],
  ]),
};

describe('field labels', () => {
  it('reads ids as the record they point to and keeps acronyms', () => {
    expect(fieldLabel('candidateId')).toBe('Candidate');
    expect(fieldLabel('obtainedByPersonId')).toBe('Obtained by person');
    expect(fieldLabel('unblindedByUserId')).toBe('Unblinded by user');
    expect(fieldLabel('approvedExpiryDate')).toBe('Approved expiry date');
    expect(fieldLabel('icfVersionId')).toBe('Consent form version');
    expect(fieldLabel('irbApprovalDate')).toBe('IRB approval date');
    expect(fieldLabel('eligibility.inclusion_1')).toBe('Eligibility › Inclusion 1');
    expect(entityTypeLabel('participant_visit')).toBe('Visit');
    expect(entityTypeLabel('study_site')).toBe('Study-site');
  });

  it('keeps the OIDs of a case report form value: item group, row and item as the form shows them', () => {
    expect(fieldLabel('IG_VS[1].I_SYSBP')).toBe('IG_VS[1].I_SYSBP');
    expect(fieldLabel('IG.AE[3].I.AETERM unit')).toBe('IG.AE[3].I.AETERM unit');
    expect(entityTypeLabel('crf_form_entry')).toBe('Case report form');
  });
});

describe('values as words', () => {
  it('names record ids instead of showing them', () => {
    expect(formatValue('candidateId', candidate, names)).toBe('Candidate pre-screened 2026-11-02');
    expect(formatValue('personIds', [person], names)).toBe('Dr. Ethan Brooks');
    expect(formatValue('siteId', '99999999-1111-4222-8333-444455556666', names)).toBe('Record not found');
  });

  it('shows an identity as on file, never by id', () => {
    expect(formatValue('identityId', '99999999-1111-4222-8333-444455556666', names)).toBe('Identity on file');
  });

  it('turns codes into words', () => {
    expect(formatValue('status', 'site_selected')).toBe('Site selected');
    expect(formatValue('status', 'draft')).toBe('Draft');
    expect(formatValue('blinding', 'double')).toBe('Double');
    // As the web app labels them elsewhere, hyphen and all.
    expect(formatValue('status', 'start_up')).toBe('Start-up');
    expect(formatValue('status', 'lost_to_follow_up')).toBe('Lost to follow-up');
    // A one-word free text stays as typed.
    expect(formatValue('title', 'aurora')).toBe('aurora');
  });

  it('reads strata by the study scheme labels', () => {
    expect(formatValue('strata', { AGE: 'LT65', BIO: 'NAIVE' }, names)).toBe('Age group: Under 65; Prior biologic therapy: Biologic-naive');
  });

  it('shows other objects as label: value pairs and signatures by signer', () => {
    expect(formatValue('address', { city: 'Chicago', postalCode: '60611', line2: null })).toBe('City: Chicago; Postal code: 60611');
    expect(formatValue('signature', { printedName: 'Dr. Maya Okafor', meaning: 'approval', signedAt: '2026-11-22T15:00:00.000Z' })).toBe(
      'Signed by Dr. Maya Okafor (approval) on 2026-11-22 15:00 UTC',
    );
    expect(formatValue('questions', [{ text: 'How many patients?' }, { text: 'Any MRI?' }])).toBe('How many patients? · Any MRI?');
  });

  it('shows booleans, numbers and UTC instants plainly', () => {
    expect(formatValue('isActive', true)).toBe('Yes');
    expect(formatValue('targetEnrollment', 45)).toBe('45');
    expect(formatValue('finalizedAt', '2026-11-22T15:00:00.000Z')).toBe('2026-11-22 15:00 UTC');
    expect(formatValue('approvedExpiryDate', null)).toBe('—');
  });
});

describe('changes', () => {
  it('drops changes from nothing to nothing', () => {
    const described = describeChanges(
      [
        { field: 'approvedExpiryDate', old: null, new: null },
        { field: 'note', old: '', new: null },
        { field: 'tags', old: [], new: null },
        { field: 'status', old: 'draft', new: 'final' },
      ],
      names,
    );
    expect(described).toEqual([{ field: 'status', label: 'Status', oldText: 'Draft', newText: 'Final' }]);
  });

  it('collects the ids to name, nested ones too', () => {
    expect(
      referencedIds([
        { field: 'candidateId', old: null, new: candidate.toUpperCase() },
        { field: 'x', old: { p: [person] }, new: 1 },
      ]),
    ).toEqual([candidate, person]);
  });

  it('takes the name of who acted from the recorded label', () => {
    expect(actorName('Sam Manager <sam@example.org>')).toBe('Sam Manager');
    expect(actorName('system:demo-seed')).toBe('System (demo data)');
    expect(actorName('system:missed-visit-check')).toBe('System (missed-visit check)');
    // A system label the table does not know yet still reads as the system, not as a raw key.
    expect(actorName('system:nightly_report')).toBe('System (nightly report)');
  });
});

describe('a generated schedule (ADR 0016)', () => {
  const version = '5e6f7a8b-1111-4222-8333-444455556666';
  const coordinator = '6f7a8b9c-1111-4222-8333-444455556666';
  const scr = '7a8b9c0d-1111-4222-8333-444455556666';
  const bl = '8b9c0d1e-1111-4222-8333-444455556666';
  const scheduleNames: TrailNames = {
    records: new Map([
      [version, 'Protocol version 2.0'],
      [coordinator, 'Casey Coordinator'],
    ]),
    strata: new Map(),
  };
  const changes = [
    {
      field: 'visit',
      old: null,
      new: {
        id: scr,
        code: 'SCR',
        name: 'Screening',
        kind: 'screening',
        protocolVersionId: version,
        targetDate: '2026-03-01',
        windowStart: '2026-02-26',
        windowEnd: '2026-03-04',
        status: 'completed',
        actualDate: '2026-03-02',
        notes: 'late, as planned',
        completedAt: '2026-04-01T08:00:00.000Z',
        completedByUserId: coordinator,
        reason: 'Imported from CSV (seen on 2026-03-02)',
      },
    },
    {
      field: 'visit',
      old: null,
      new: {
        id: bl,
        code: 'BL',
        name: 'Baseline',
        kind: 'baseline',
        protocolVersionId: version,
        targetDate: '2026-03-29',
        windowStart: '2026-03-29',
        windowEnd: '2026-03-29',
        status: 'scheduled',
      },
    },
  ];

  it('reads as what it made, visit by visit, every value named and labelled', () => {
    expect(entityTypeLabel('participant_visit_schedule')).toBe('Visit schedule');
    expect(describeEventChanges('participant_visit_schedule', changes, scheduleNames)).toEqual([
      {
        field: 'visits',
        label: 'Schedule generated',
        oldText: '—',
        newText: '2 visits (1 completed, 1 scheduled), Protocol version 2.0',
      },
      {
        field: `visit.${scr}`,
        label: 'SCR · Screening',
        oldText: '—',
        newText:
          'Completed on 2026-03-02; target 2026-03-01, window 2026-02-26 to 2026-03-04; Kind: Screening; Notes: late, as planned; Completed at: 2026-04-01 08:00 UTC; Completed by user: Casey Coordinator; Reason: Imported from CSV (seen on 2026-03-02)',
      },
      {
        field: `visit.${bl}`,
        label: 'BL · Baseline',
        oldText: '—',
        newText: 'Scheduled; target 2026-03-29, window 2026-03-29 to 2026-03-29; Kind: Baseline',
      },
    ]);
    // Every id it holds is named before it is shown.
    expect(referencedIds(changes).sort()).toEqual([scr, version, coordinator, bl].sort());
  });

  it("gives one visit's part as the fields of that visit's creation", () => {
    const visit = scheduledVisitOf(changes[1] as (typeof changes)[number]);
    expect(visit?.id).toBe(bl);
    expect(
      describeChanges(scheduledVisitChanges(visit as NonNullable<typeof visit>), scheduleNames).map((c) => [c.label, c.newText]),
    ).toEqual([
      ['Code', 'BL'],
      ['Name', 'Baseline'],
      ['Kind', 'Baseline'],
      ['Protocol version', 'Protocol version 2.0'],
      ['Target date', '2026-03-29'],
      ['Window start', '2026-03-29'],
      ['Window end', '2026-03-29'],
      ['Status', 'Scheduled'],
    ]);
    expect(scheduledVisitOf({ field: 'status', old: null, new: 'scheduled' })).toBeUndefined();
  });
});
