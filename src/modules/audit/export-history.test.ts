import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { actorName, describeChanges } from './describe-change.js';
import { historyToCsv, safeCell } from './export-history.js';

it('keeps spreadsheet formulas in exported cells as text', () => {
  const changes = [
    { field: 'title', old: 'Old title', new: '=cmd|calc' },
    { field: 'plannedLpiDate', old: null, new: '2027-05-01' },
  ];
  expect(safeCell('=HYPERLINK("http://example.org","x")')).toBe('\'=HYPERLINK("http://example.org","x")');
  expect(safeCell('+1')).toBe("'+1");
  expect(safeCell('-2')).toBe("'-2");
  expect(safeCell('@SUM(A1)')).toBe("'@SUM(A1)");
  expect(safeCell('Plain text, with a comma')).toBe('Plain text, with a comma');
  expect(safeCell(42)).toBe('42');
  expect(safeCell(null)).toBe('');

  const csv = historyToCsv([
    {
      seq: '7',
      occurredAt: '2026-11-22T00:00:00.000Z',
      actorUserId: null,
      actorLabel: 'system:demo-seed',
      actorName: actorName('system:demo-seed'),
      entityType: 'study',
      entityTypeLabel: 'Study',
      entityId: '00000000-0000-4000-8000-000000000001',
      entityLabel: 'Study: NWT-101 AURORA',
      action: 'update',
      actionLabel: 'Updated',
      changes,
      readableChanges: describeChanges(changes),
      reason: '-because',
      requestId: 'r1',
      hash: 'a'.repeat(64),
    },
  ]);
  const rows = parse(csv, { columns: true }) as Record<string, string>[];
  expect(rows[0]).toMatchObject({
    field: 'Title',
    old_value: 'Old title',
    new_value: "'=cmd|calc",
    reason: "'-because",
    action: 'Updated',
    actor: 'system:demo-seed',
    actor_name: 'System (demo data)',
  });
  // "Nothing" is an empty cell in a spreadsheet, not a dash.
  expect(rows[1]).toMatchObject({ field: 'Planned LPI date', old_value: '', new_value: '2027-05-01', record: 'Study: NWT-101 AURORA' });
});
