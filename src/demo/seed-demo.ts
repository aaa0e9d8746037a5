import type { Kysely } from 'kysely';
import { assertActivationAllowed } from '../modules/milestones/assert-activation-allowed.js';
import { createOrganization } from '../modules/organizations/create-organization.js';
import { anyVisibleOrganization } from '../modules/organizations/organization.repo.js';
import { createSite } from '../modules/sites/create-site.js';
import { createStudy } from '../modules/studies/create-study.js';
import { addSiteToStudy } from '../modules/study-sites/add-site-to-study.js';
import type { StudySiteStatus } from '../modules/study-sites/study-site.schemas.js';
import { updateStudySite } from '../modules/study-sites/update-study-site.js';
import { createUserWithPasswordHash } from '../modules/users/create-user.js';
import { grantRole } from '../modules/users/grant-role.js';
import { hashPassword } from '../platform/auth/password.js';
import type { Role } from '../platform/auth/roles.js';
import { type RequestContext, systemContext } from '../platform/context.js';
import type { DB } from '../platform/db/schema.js';
import type { ContentStore } from '../platform/storage/content-store.js';
import { demoDelegationEntries } from './delegation-portfolio.js';
import { demoOrganizations, demoPassword, demoSites, demoStudies, demoStudySites, demoUsers } from './demo-portfolio.js';
import { DemoSeed } from './demo-seed-context.js';
import { demoReviewer } from './document-portfolio.js';
import { activationDayOf } from './milestone-portfolio.js';
import { demoCohorts } from './participant-portfolio.js';
import { seedDelegation } from './seed-delegation.js';
import { seedDocuments } from './seed-documents.js';
import { seedFeasibility } from './seed-feasibility.js';
import { seedMilestones } from './seed-milestones.js';
import { seedParticipants } from './seed-participants.js';
import { seedProtocols } from './seed-protocols.js';
import { seedQueries } from './seed-queries.js';
import { seedStaff } from './seed-staff.js';
import { seedTraining } from './seed-training.js';

/** True when the database holds no organization yet: the demo is seeded only then. */
export async function isEmpty(db: Kysely<DB>): Promise<boolean> {
  return !(await anyVisibleOrganization(db, systemContext('demo-seed')));
}

/**
 * Seeds the demo network through the same use cases a user calls, so every demo record has
 * its audit history from the start: the portfolio, then each site's start-up (staff,
 * training, milestones, delegation, documents, feasibility), then the enrolling studies'
 * protocols and participants. Dates are relative to today.
 */
export async function seedDemo(
  db: Kysely<DB>,
  store: ContentStore,
  ctx: RequestContext = systemContext('demo-seed'),
  onProgress: (progress: SeedProgress) => void = () => {},
): Promise<{ users: string[] }> {
  const seed = new DemoSeed(db, store, ctx);
  const stages: [string, () => Promise<unknown>][] = [
    ['organizations, sites and studies', () => seedPortfolio(seed)],
    [
      'staff and training',
      async () => {
        await seedStaff(seed);
        await seedTraining(seed);
      },
    ],
    // Statuses were set above, before the templates exist, so the activation gate does not apply to the demo's past.
    ['start-up milestones', () => seedMilestones(seed)],
    ['delegation logs', () => seedDelegation(seed)],
    ['site documents', () => seedDocuments(seed)],
    ['feasibility', () => seedFeasibility(seed)],
    ['protocols and participants', async () => seedParticipants(seed, await seedProtocols(seed))],
    ['data queries', () => seedQueries(seed)],
  ];
  for (const [index, [stage, run]] of stages.entries()) {
    onProgress({ stage, step: index + 1, of: stages.length });
    await run();
  }
  return { users: demoUsers.map((u) => u.email) };
}

/** The stage the seeding is starting, for the log: a first start waits for all of them. */
export interface SeedProgress {
  stage: string;
  step: number;
  of: number;
}

async function seedPortfolio(seed: DemoSeed): Promise<void> {
  const { db, system: ctx } = seed;
  // The demo's password is published: one hash serves every account, sparing a slow hash each.
  // It runs off the main thread while the portfolio is written.
  const passwordHash = hashPassword(demoPassword);
  passwordHash.catch(() => {});
  for (const org of demoOrganizations) {
    const created = await createOrganization(db, ctx, { name: org.name, kind: org.kind, country: org.country });
    seed.orgs.set(org.key, created.id);
  }

  for (const site of demoSites) {
    const created = await createSite(db, ctx, {
      organizationId: seed.org(site.org),
      name: site.name,
      city: site.city,
      country: site.country,
      timeZone: site.timeZone,
      principalInvestigator: site.pi,
    });
    seed.sites.set(site.key, created.id);
  }

  for (const { key, sponsor, cro, ...study } of demoStudies) {
    const created = await createStudy(db, ctx, { ...study, sponsorOrgId: seed.org(sponsor), croOrgId: cro ? seed.org(cro) : null });
    seed.studies.set(key, created.id);
  }

  for (const entry of demoStudySites) {
    const studyId = seed.study(entry.study);
    let studySite = await addSiteToStudy(db, ctx, studyId, {
      siteId: seed.site(entry.site),
      siteNumber: entry.number,
      status: 'candidate',
      targetEnrollment: entry.target,
      smoOrgId: entry.smo ? seed.org('carebridge') : null,
    });
    seed.studySites.set(`${entry.study}:${entry.site}`, studySite.id);
    const activationDay = activationDayOf(entry.study, entry.site);
    for (const step of entry.path) {
      studySite = await updateStudySite(
        db,
        ctx,
        studyId,
        studySite.id,
        studySite.version,
        {
          status: step.status as StudySiteStatus,
          reason: step.reason,
          // The day it went live, as its milestones say, rather than the day of seeding.
          ...(step.status === 'active' && activationDay !== undefined ? { activationDate: seed.day(activationDay) } : {}),
        },
        assertActivationAllowed,
      );
    }
  }

  for (const user of demoUsers) {
    const created = await createUserWithPasswordHash(
      db,
      ctx,
      { email: user.email, fullName: user.fullName, organizationId: seed.org(user.org) },
      await passwordHash,
    );
    seed.users.set(user.email, created.id);
    for (const grant of user.grants) {
      const scope = grant.scope;
      const [scopeType, scopeId] =
        scope === 'platform'
          ? (['platform', null] as const)
          : 'organization' in scope
            ? (['organization', seed.org(scope.organization)] as const)
            : 'site' in scope
              ? (['site', seed.site(scope.site)] as const)
              : (['study', seed.study(scope.study)] as const);
      await grantRole(db, ctx, created.id, { role: grant.role as Role, scopeType, scopeId });
    }
  }
  seed.prepareSigning([
    demoReviewer,
    ...demoDelegationEntries.flatMap((entry) => (entry.signedBy ? [entry.signedBy] : [])),
    ...demoCohorts.map((cohort) => cohort.investigator),
  ]);
}
