import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { StaffRole } from '../people/person.schemas.js';
import { listTrainingRequirements, requirementNeed, trainingFactsOf } from './training.repo.js';
import type { TrainingKind, TrainingStatus } from './training.schemas.js';
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

/** The staff of some sites who hold a role there on a day. */
export function activeStaff(db: Kysely<DB>, siteIds: string[], on: string, personId?: string) {
  if (siteIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('site_staff')
    .innerJoin('people', 'people.id', 'site_staff.person_id')
    .select(['site_staff.site_id', 'site_staff.person_id', 'site_staff.role', 'people.full_name', 'people.user_id'])
    .where('site_staff.site_id', 'in', siteIds)
    .where('site_staff.start_date', '<=', on)
    .where((eb) => eb.or([eb('site_staff.end_date', 'is', null), eb('site_staff.end_date', '>=', on)]))
    .orderBy('people.full_name')
    .orderBy('site_staff.role');
  if (personId) q = q.where('site_staff.person_id', '=', personId);
  return q.execute();
}

/**
 * Required training per role per study, against each person's records on a day: what is
 * missing, expiring, expired or current. A few set-wise queries for all people at once.
 */
export async function computeTrainingStatus(
  db: Kysely<DB>,
  input: { studyId: string; siteIds: string[]; personId?: string; on: string; expiringWithinDays: number },
): Promise<PersonTrainingStatus[]> {
  const staff = await activeStaff(db, input.siteIds, input.on, input.personId);
  const requirements = await listTrainingRequirements(db, input.studyId);
  const personIds = [...new Set(staff.map((s) => s.person_id))];
  const facts = await trainingFactsOf(db, personIds);
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
