import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { auditRowHash, auditRowHashOfCanonicalChanges, canonicalJson, type HashedAuditFields } from './audit-hash.js';

/** The chain's definition: SHA-256 over the previous hash, a newline and the whole row in RFC 8785 JSON. */
const defined = (prevHash: string, fields: HashedAuditFields) =>
  createHash('sha256')
    .update(`${prevHash}\n${canonicalize(fields) as string}`)
    .digest('hex');

const rows: HashedAuditFields[] = [
  {
    seq: '41',
    occurredAt: '2026-03-02T09:15:00.000Z',
    actorUserId: null,
    actorLabel: 'Zoë Ærøskøbing «import»',
    entityType: 'participant',
    entityId: '7f1d3c2a-0000-4000-8000-000000000001',
    action: 'create',
    changes: [
      { field: 'screened_on', old: null, new: '2026-03-01' },
      { field: 'icfVersion', old: null, new: undefined },
      { field: 'strata', old: { b: 2, a: [1.5, 'x', null] }, new: 1e21 },
    ],
    reason: null,
    requestId: 'req-1',
  },
  {
    seq: '9007199254740993',
    occurredAt: '2026-03-02T09:15:00.000Z',
    actorUserId: '7f1d3c2a-0000-4000-8000-000000000002',
    actorLabel: 'Pat',
    entityType: 'identity',
    entityId: '7f1d3c2a-0000-4000-8000-000000000003',
    action: 'update',
    changes: undefined,
    reason: 'Imported from CSV',
    requestId: undefined as unknown as null,
  },
];

describe('the audit row hash', () => {
  it('is the same whether the changes are serialized with the row or beforehand', () => {
    for (const row of rows) {
      const { changes, ...rest } = row;
      expect(auditRowHash('a'.repeat(64), row)).toBe(defined('a'.repeat(64), row));
      expect(auditRowHashOfCanonicalChanges('a'.repeat(64), rest, canonicalJson(changes))).toBe(defined('a'.repeat(64), row));
    }
  });
});

describe('canonical JSON of changes', () => {
  it('writes every kind of change exactly as canonicalize does', () => {
    const values: unknown[] = [
      [],
      [{ field: 'status', old: null, new: 'completed' }],
      [{ old: 'a', new: 'b', field: 'name' }],
      [{ field: 'x', old: undefined, new: 1e21 }],
      [{ field: 'x', old: -0, new: 0.1 + 0.2 }],
      [{ field: 'x', old: true, new: false }],
      [{ field: 'quote "and" \\ slash\n', old: '\u2028 é 😀', new: '\u0001' }],
      [{ field: 'nested', old: { b: 2, a: [1, undefined] }, new: [null] }],
      [{ field: 'extra', old: null, new: 1, why: 'more keys' }],
      [{ field: 'at', old: null, new: new Date('2026-03-02T09:15:00Z') }],
      [undefined, null],
      { field: 'not a list', old: null, new: 1 },
      'text',
      42,
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(canonicalize(value));
  });

  it('refuses what canonicalize refuses', () => {
    expect(() => canonicalJson([{ field: 'x', old: null, new: '\uD800' }])).toThrow();
    expect(() => canonicalJson([{ field: 'x', old: null, new: Number.NaN }])).toThrow();
  });
});

describe('canonical JSON of a generated schedule (ADR 0016)', () => {
  it('writes its visits, objects of plain values, exactly as canonicalize does', () => {
    const visit = {
      id: '7f1d3c2a-0000-4000-8000-000000000009',
      code: 'SCR',
      name: 'Screening «Zoë»',
      windowStart: '2026-03-01',
      status: 'completed',
      actualDate: '2026-03-02',
      notes: 'late, "as planned"\n',
      B: 'upper case sorts first',
      sequence: 3,
      blinded: false,
      skipped: undefined,
      nothing: null,
    };
    const values: unknown[] = [
      [{ field: 'visit', old: null, new: visit }],
      [
        { field: 'visit', old: null, new: visit },
        { field: 'visit', old: null, new: { ...visit, id: '7f1d3c2a-0000-4000-8000-00000000000a', code: 'BL' } },
      ],
      [{ field: 'visit', old: null, new: {} }],
      // Not flat: canonicalize writes it.
      [{ field: 'visit', old: null, new: { ...visit, procedures: [{ code: 'VS' }] } }],
      [{ field: 'visit', old: null, new: { ...visit, at: new Date('2026-03-02T09:15:00Z') } }],
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(canonicalize(value));
    expect(() => canonicalJson([{ field: 'visit', old: null, new: { code: '\uD800' } }])).toThrow();
  });
});
