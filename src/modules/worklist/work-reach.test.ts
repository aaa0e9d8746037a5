import { beforeAll, expect, it } from 'vitest';
import type { Grant } from '../../platform/auth/authorize.js';
import type { Actor } from '../../platform/context.js';
import { registerModules } from '../../platform/modules/registry.js';
import { domainModules } from '../index.js';
import { reachOf, type StudySiteOwners } from './work-reach.js';

beforeAll(() => registerModules(domainModules({ secureCookies: false })));

const studySite: StudySiteOwners = {
  id: 'ss-chicago',
  study_id: 'study-aurora',
  site_id: 'site-chicago',
  sponsor_org_id: 'org-sponsor',
  cro_org_id: 'org-cro',
  site_org_id: 'org-hospital',
  smo_org_id: 'org-smo',
};

function actor(...grants: Omit<Grant, 'id'>[]): Actor {
  return {
    kind: 'user',
    userId: 'u',
    email: 'u@example.org',
    fullName: 'U',
    organizationId: 'org',
    grants: grants.map((grant, i) => ({ id: `g${i}`, ...grant })),
  };
}

it("reaches a study-site as its site through a grant on the study-site, its site or the site's owner", () => {
  for (const [scopeType, scopeId] of [
    ['study_site', 'ss-chicago'],
    ['site', 'site-chicago'],
    ['organization', 'org-hospital'],
  ] as const) {
    expect(reachOf(actor({ role: 'study_coordinator', scopeType, scopeId }), 'participant.write', studySite)).toBe('site');
  }
});

it('reaches it as a network through its SMO, and as oversight through its study, sponsor, CRO or the platform', () => {
  expect(reachOf(actor({ role: 'smo_network_lead', scopeType: 'organization', scopeId: 'org-smo' }), 'participant.write', studySite)).toBe(
    'network',
  );
  expect(reachOf(actor({ role: 'study_manager', scopeType: 'organization', scopeId: 'org-sponsor' }), 'document.approve', studySite)).toBe(
    'study',
  );
  expect(reachOf(actor({ role: 'cra', scopeType: 'organization', scopeId: 'org-cro' }), 'deviation.assess', studySite)).toBe('study');
  expect(reachOf(actor({ role: 'study_manager', scopeType: 'study', scopeId: 'study-aurora' }), 'milestone.write', studySite)).toBe(
    'study',
  );
  expect(reachOf(actor({ role: 'platform_admin', scopeType: 'platform', scopeId: null }), 'document.approve', studySite)).toBe('study');
});

it('takes only grants whose role carries the permission, the closest reach first, and nothing outside them', () => {
  // A coordinator does not sign the delegation log; an investigator does.
  expect(
    reachOf(actor({ role: 'study_coordinator', scopeType: 'site', scopeId: 'site-chicago' }), 'delegation.sign', studySite),
  ).toBeNull();
  expect(reachOf(actor({ role: 'investigator', scopeType: 'site', scopeId: 'site-chicago' }), 'delegation.sign', studySite)).toBe('site');
  const both = actor(
    { role: 'smo_network_lead', scopeType: 'organization', scopeId: 'org-smo' },
    { role: 'study_coordinator', scopeType: 'site', scopeId: 'site-chicago' },
  );
  expect(reachOf(both, 'participant.write', studySite)).toBe('site');
  expect(
    reachOf(actor({ role: 'study_coordinator', scopeType: 'site', scopeId: 'site-munich' }), 'participant.write', studySite),
  ).toBeNull();
  expect(
    reachOf(actor({ role: 'study_manager', scopeType: 'organization', scopeId: 'org-other' }), 'participant.read', studySite),
  ).toBeNull();
});
