import type { Kysely } from 'kysely';
import { createOrganization } from '../modules/organizations/create-organization.js';
import { createSite } from '../modules/sites/create-site.js';
import { createStudy } from '../modules/studies/create-study.js';
import { addSiteToStudy } from '../modules/study-sites/add-site-to-study.js';
import type { StudySiteStatus } from '../modules/study-sites/study-site.schemas.js';
import { updateStudySite } from '../modules/study-sites/update-study-site.js';
import { createUser } from '../modules/users/create-user.js';
import { grantRole } from '../modules/users/grant-role.js';
import type { Role } from '../platform/auth/roles.js';
import { type RequestContext, systemContext } from '../platform/context.js';
import type { DB } from '../platform/db/schema.js';
import { demoOrganizations, demoPassword, demoSites, demoStudies, demoStudySites, demoUsers } from './demo-portfolio.js';

/** True when the database holds no organization yet: the demo is seeded only then. */
export async function isEmpty(db: Kysely<DB>): Promise<boolean> {
  return !(await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst());
}

/**
 * Seeds the demo network through the same use cases a user calls, so every demo record has
 * its audit history from the start.
 */
export async function seedDemo(db: Kysely<DB>, ctx: RequestContext = systemContext('demo-seed')): Promise<{ users: string[] }> {
  const orgIds = new Map<string, string>();
  for (const org of demoOrganizations) {
    const created = await createOrganization(db, ctx, { name: org.name, kind: org.kind, country: org.country });
    orgIds.set(org.key, created.id);
  }
  const org = (key: string) => orgIds.get(key) as string;

  const siteIds = new Map<string, string>();
  for (const site of demoSites) {
    const created = await createSite(db, ctx, {
      organizationId: org(site.org),
      name: site.name,
      city: site.city,
      country: site.country,
      timeZone: site.timeZone,
      principalInvestigator: site.pi,
    });
    siteIds.set(site.key, created.id);
  }

  const studyIds = new Map<string, string>();
  for (const { key, sponsor, cro, ...study } of demoStudies) {
    const created = await createStudy(db, ctx, { ...study, sponsorOrgId: org(sponsor), croOrgId: cro ? org(cro) : null });
    studyIds.set(key, created.id);
  }

  for (const entry of demoStudySites) {
    const studyId = studyIds.get(entry.study) as string;
    let studySite = await addSiteToStudy(db, ctx, studyId, {
      siteId: siteIds.get(entry.site) as string,
      siteNumber: entry.number,
      status: 'candidate',
      targetEnrollment: entry.target,
      smoOrgId: entry.smo ? org('carebridge') : null,
    });
    for (const step of entry.path) {
      studySite = await updateStudySite(db, ctx, studyId, studySite.id, studySite.version, {
        status: step.status as StudySiteStatus,
        reason: step.reason,
      });
    }
  }

  for (const user of demoUsers) {
    const created = await createUser(db, ctx, {
      email: user.email,
      fullName: user.fullName,
      organizationId: org(user.org),
      password: demoPassword,
    });
    for (const grant of user.grants) {
      const scope = grant.scope;
      const [scopeType, scopeId] =
        scope === 'platform'
          ? (['platform', null] as const)
          : 'organization' in scope
            ? (['organization', org(scope.organization)] as const)
            : 'site' in scope
              ? (['site', siteIds.get(scope.site) as string] as const)
              : (['study', studyIds.get(scope.study) as string] as const);
      await grantRole(db, ctx, created.id, { role: grant.role as Role, scopeType, scopeId });
    }
  }
  return { users: demoUsers.map((u) => u.email) };
}
