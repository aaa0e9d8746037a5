import { describe, expect, it } from 'vitest';
import { contentHash, planFilings } from './document-plan.js';
import { assignSites, day, type SiteRow, type StudySiteRow } from './network-plan.js';
import { seededRandom } from './seeded-random.js';
import { expiryAround, expiryReference, type PersonRow, type SiteTeam } from './start-up-plan.js';

describe('assignSites', () => {
  it('puts every site in at least one study, each study at distinct sites, with the counts asked for', () => {
    const counts = [40, 3, 15, 25, 3, 10, 40, 6, 1, 7];
    const chosen = assignSites(seededRandom(5), counts, 120);
    expect(chosen.map((c) => c.length)).toEqual(counts);
    for (const sites of chosen) expect(new Set(sites).size).toBe(sites.length);
    expect(new Set(chosen.flat()).size).toBe(120);
  });

  it('is the same for the same seed', () => {
    expect(assignSites(seededRandom(8), [5, 9, 2], 12)).toEqual(assignSites(seededRandom(8), [5, 9, 2], 12));
  });
});

describe('expiryAround', () => {
  it('spreads dates around the reference: some expired, some expiring within 60 days, most later', () => {
    const rng = seededRandom(11);
    const offsets = Array.from({ length: 5000 }, () => (expiryAround(rng) - expiryReference) / day);
    const share = (test: (d: number) => boolean) => offsets.filter(test).length / offsets.length;
    expect(share((d) => d < 0)).toBeCloseTo(0.12, 1);
    expect(share((d) => d >= 0 && d <= 60)).toBeCloseTo(0.12, 1);
    expect(share((d) => d > 60)).toBeCloseTo(0.76, 1);
  });
});

describe('planFilings', () => {
  const rng = seededRandom(3);
  const person = (name: string): PersonRow => ({ id: rng.uuid(), organization_id: 'org', full_name: name });
  const team = {
    pi: person('Dr. Ana Chen'),
    piUser: { id: 'u', email: 'e', full_name: 'Dr. Ana Chen', organization_id: 'org', password_hash: 'x', created_at: '' },
    subInvestigators: [person('Dr. Ben Ito'), person('Dr. Uma Rossi')],
    coordinator: person('Olga Patel'),
  } satisfies SiteTeam;
  const site = { id: 'site', name: 'Boston Clinic', organization_id: 'org', created_at: '2025-01-01T00:00:00Z' } as SiteRow;
  const studySite = (id: string) => ({ id, study_id: `study-${id}`, site_id: 'site', created_at: '2025-02-01T00:00:00Z' }) as StudySiteRow;

  it('files exactly the number asked for, the expected documents first', () => {
    const filings = planFilings(rng, site, [studySite('a'), studySite('b')], team, new Set(), 40);
    expect(filings).toHaveLength(40);
    const expected = filings.filter((f) => ['04.01.02', '05.02.12', '05.02.08', '05.02.04', '05.02.05', '05.02.07'].includes(f.artifact));
    // 2 studies x (3 site + 1 PI + 2 x 2 sub-I) = 16 expected, less the few left missing on purpose.
    expect(expected.length).toBeGreaterThanOrEqual(12);
    expect(filings.find((f) => f.artifact === '05.02.04')?.person?.full_name).toBe('Dr. Ana Chen');
  });

  it('leaves out the 1572 where it is waived', () => {
    const filings = planFilings(rng, site, [studySite('a')], team, new Set(['a']), 40);
    expect(filings.filter((f) => f.artifact === '05.02.08')).toHaveLength(0);
  });
});

describe('contentHash', () => {
  it('is a hex SHA-256', () => {
    expect(contentHash('x')).toMatch(/^[0-9a-f]{64}$/);
  });
});
