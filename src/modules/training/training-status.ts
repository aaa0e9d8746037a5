import type { Kysely } from 'kysely';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { utcDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { findVisiblePerson, listActiveStaff } from '../people/person.repo.js';
import type { StaffRole } from '../people/person.schemas.js';
import { findVisibleStudy } from '../studies/study.repo.js';
import { findVisibleStudySite, studySiteScope, studySiteToday } from '../study-sites/study-site.repo.js';
import { listPersonRolesInStudy, listTrainingRequirements, requirementNeed, trainingFactsOf } from './training.repo.js';
import type { PersonStudyTrainingStatus, SiteTrainingStatus, TrainingKind, TrainingStatus } from './training.schemas.js';
import { assessNeed, needKey, needLabel, type TrainingNeed, worstStatus } from './training-needs.js';

export interface TrainingStatusItem {
  kind: TrainingKind;
  label: string;
  roles: StaffRole[];
  status: TrainingStatus;
  recordId: string | null;
  expiresOn: string | null;
}

export interface PersonTrainingStatus {
  personId: string;
  personName: string;
  roles: StaffRole[];
  status: TrainingStatus;
  items: TrainingStatusItem[];
}

/**
 * Required training per role per study, against each person's records on a day: what is
 * missing, expiring, expired or current. A few set-wise queries for all people at once.
 */
export async function computeTrainingStatus(
  db: Kysely<DB>,
  ctx: RequestContext,
  input: { studyId: string; siteIds: string[]; personId?: string; on: string; expiringWithinDays: number },
): Promise<PersonTrainingStatus[]> {
  const staff = await listActiveStaff(db, ctx, input.siteIds, input.on, input.personId);
  const requirements = await listTrainingRequirements(db, ctx, input.studyId);
  const personIds = [...new Set(staff.map((s) => s.person_id))];
  const facts = await trainingFactsOf(db, ctx, personIds);
  return personIds.map((personId) => {
    const rows = staff.filter((s) => s.person_id === personId);
    const roles = [...new Set(rows.map((r) => r.role as StaffRole))];
    const needs = new Map<string, { need: TrainingNeed; roles: StaffRole[] }>();
    for (const requirement of requirements) {
      const role = requirement.role as StaffRole;
      if (!roles.includes(role)) continue;
      const need = requirementNeed(requirement);
      const entry = needs.get(needKey(need)) ?? { need, roles: [] };
      if (!entry.roles.includes(role)) entry.roles.push(role);
      needs.set(needKey(need), entry);
    }
    const own = facts.filter((f) => f.person_id === personId);
    const items = [...needs.values()].map(({ need, roles: requiredBy }) => ({
      kind: need.kind,
      label: needLabel(need),
      roles: requiredBy,
      ...assessNeed(own, need, input.on, input.expiringWithinDays),
    }));
    return {
      personId,
      personName: rows[0]?.full_name ?? '',
      roles,
      status: worstStatus(items.map((i) => i.status)),
      items,
    };
  });
}

export function countStatuses(people: PersonTrainingStatus[]): Record<TrainingStatus, number> {
  const items = people.flatMap((p) => p.items);
  return {
    current: items.filter((i) => i.status === 'current').length,
    expiring: items.filter((i) => i.status === 'expiring').length,
    expired: items.filter((i) => i.status === 'expired').length,
    missing: items.filter((i) => i.status === 'missing').length,
  };
}

/** What the study requires of the person's roles at its sites (those the caller sees), against their records. */
export async function personStudyTrainingStatus(
  db: Kysely<DB>,
  ctx: RequestContext,
  personId: string,
  { studyId, expiringWithinDays }: { studyId: string; expiringWithinDays: number },
): Promise<PersonStudyTrainingStatus> {
  const person = await findVisiblePerson(db, ctx, personId);
  if (!person) throw notFound('person');
  if (!(await findVisibleStudy(db, ctx, studyId))) throw notFound('study');
  const asOf = utcDate(ctx.now());
  // Only the study's sites the caller sees and the person works at.
  const sites = await listPersonRolesInStudy(db, ctx, studyId, person.id, asOf);
  const siteIds = [...new Set(sites.map((s) => s.siteId))];
  const [status] = await computeTrainingStatus(db, ctx, { studyId, siteIds, personId: person.id, on: asOf, expiringWithinDays });
  return {
    asOf,
    expiringWithinDays,
    studyId,
    personId: person.id,
    personName: person.full_name,
    roles: status?.roles ?? [],
    status: status?.status ?? 'current',
    items: status?.items ?? [],
    sites: siteIds.map((siteId) => {
      const rows = sites.filter((s) => s.siteId === siteId);
      return {
        studySiteId: rows[0]?.studySiteId ?? '',
        siteId,
        siteName: rows[0]?.siteName ?? '',
        roles: rows.map((r) => r.role as StaffRole),
      };
    }),
  };
}

/** Per person at the study-site: the training the study requires of their roles, and where they stand. */
export async function siteTrainingStatus(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { studyId: string; studySiteId: string },
  { expiringWithinDays }: { expiringWithinDays: number },
): Promise<SiteTrainingStatus> {
  const studySite = await findVisibleStudySite(db, ctx, ids.studySiteId);
  if (!studySite || studySite.study_id !== ids.studyId) throw notFound('study-site');
  assertCan(ctx, 'training.read', studySiteScope(studySite));
  // The site's day, as its delegation log judges validity on it.
  const asOf = studySiteToday(studySite, ctx.now());
  const people = await computeTrainingStatus(db, ctx, {
    studyId: studySite.study_id,
    siteIds: [studySite.site_id],
    on: asOf,
    expiringWithinDays,
  });
  return { asOf, expiringWithinDays, studyId: studySite.study_id, studySiteId: studySite.id, ...countStatuses(people), people };
}
