import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createOrganization } from '../../src/modules/organizations/create-organization.js';
import type { Organization } from '../../src/modules/organizations/organization.schemas.js';
import { createSite } from '../../src/modules/sites/create-site.js';
import type { CreateSite, Site } from '../../src/modules/sites/site.schemas.js';
import { createStudy } from '../../src/modules/studies/create-study.js';
import type { CreateStudy, Study } from '../../src/modules/studies/study.schemas.js';
import { addSiteToStudy } from '../../src/modules/study-sites/add-site-to-study.js';
import type { CreateStudySite, StudySite } from '../../src/modules/study-sites/study-site.schemas.js';
import { createUser } from '../../src/modules/users/create-user.js';
import { grantRole } from '../../src/modules/users/grant-role.js';
import type { User } from '../../src/modules/users/user.schemas.js';
import type { Role } from '../../src/platform/auth/roles.js';
import { createSession, sessionCookieName } from '../../src/platform/auth/sessions.repo.js';
import { systemContext } from '../../src/platform/context.js';
import type { DB } from '../../src/platform/db/schema.js';

/**
 * Small factories shared by integration and browser tests. Each call makes new rows with
 * unique names, so no test depends on another's data.
 */
const setup = systemContext('test-setup');
const unique = () => randomUUID().slice(0, 8);

export const testPassword = 'correct horse battery staple';

export function makeOrganization(db: Kysely<DB>, kind: Organization['kind'], name = `${kind} ${unique()}`): Promise<Organization> {
  return createOrganization(db, setup, { name, kind, country: 'US' });
}

export async function makeStudy(db: Kysely<DB>, overrides: Partial<CreateStudy> = {}): Promise<Study> {
  const sponsorOrgId = overrides.sponsorOrgId ?? (await makeOrganization(db, 'sponsor')).id;
  return createStudy(db, setup, {
    protocolNumber: `P-${unique()}`,
    title: 'A study made by a test',
    shortName: `S-${unique()}`,
    phase: 'phase_2',
    status: 'enrolling',
    enrollmentTarget: 100,
    ...overrides,
    sponsorOrgId,
  });
}

export async function makeSite(db: Kysely<DB>, overrides: Partial<CreateSite> = {}): Promise<Site> {
  const organizationId = overrides.organizationId ?? (await makeOrganization(db, 'site')).id;
  return createSite(db, setup, {
    name: `Site ${unique()}`,
    country: 'US',
    timeZone: 'America/Chicago',
    city: 'Chicago',
    ...overrides,
    organizationId,
  });
}

export function makeStudySite(
  db: Kysely<DB>,
  studyId: string,
  siteId: string,
  overrides: Partial<CreateStudySite> = {},
): Promise<StudySite> {
  return addSiteToStudy(db, setup, studyId, { siteId, siteNumber: unique(), status: 'candidate', ...overrides });
}

export type GrantSpec = { role: Role; scopeType: 'platform' | 'organization' | 'study' | 'site' | 'study_site'; scopeId?: string | null };

export interface TestUser {
  user: User;
  cookie: string;
}

/** A user with grants and a live session (opened the way login opens one). */
export async function makeUser(db: Kysely<DB>, organizationId: string, grants: GrantSpec[], now = new Date()): Promise<TestUser> {
  const user = await createUser(db, setup, {
    email: `user-${unique()}@test.trialdesk.dev`,
    fullName: `Test User ${unique()}`,
    organizationId,
    password: testPassword,
  });
  for (const grant of grants) await grantRole(db, setup, user.id, { ...grant, scopeId: grant.scopeId ?? null });
  const token = await createSession(db, user.id, now);
  return { user, cookie: `${sessionCookieName}=${token}` };
}

/**
 * One sponsor's world: its study run by a CRO at a site supported by an SMO, with the
 * organizations, site and study-site ids a test needs to grant roles against.
 */
export async function makeTenant(db: Kysely<DB>) {
  const sponsor = await makeOrganization(db, 'sponsor');
  const cro = await makeOrganization(db, 'cro');
  const smo = await makeOrganization(db, 'smo');
  const siteOrg = await makeOrganization(db, 'site');
  const study = await makeStudy(db, { sponsorOrgId: sponsor.id, croOrgId: cro.id });
  const site = await makeSite(db, { organizationId: siteOrg.id });
  const studySite = await makeStudySite(db, study.id, site.id, { smoOrgId: smo.id });
  return { sponsor, cro, smo, siteOrg, study, site, studySite };
}
export type Tenant = Awaited<ReturnType<typeof makeTenant>>;
