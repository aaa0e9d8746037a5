import { type Kysely, sql } from 'kysely';
import { scopeIds } from '../../platform/auth/authorize.js';
import type { Permission } from '../../platform/auth/roles.js';
import { visibleStudySites } from '../../platform/auth/scope-filters.js';
import type { RequestContext } from '../../platform/context.js';
import { localDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import type { MilestoneTemplateRow, StudySiteMilestoneRow } from '../../platform/db/schema-milestones.js';
import { iso } from '../../platform/db/timestamps.js';
import { findVisibleStudy } from '../studies/study.repo.js';
import { findVisibleStudySite } from '../study-sites/study-site.repo.js';
import type { MilestoneTemplate, StudySiteMilestone } from './milestone.schemas.js';
import { type PlanTemplateItem, planStudySite, type SitePlan } from './milestone-plan.js';

export const milestoneTemplateColumns = {
  name: 'name',
  sequence: 'sequence',
  requiredForActivation: 'required_for_activation',
  typicalDurationDays: 'typical_duration_days',
  dependsOn: 'depends_on',
} as const;

export const studySiteMilestoneColumns = { plannedDate: 'planned_date', actualDate: 'actual_date', note: 'note' } as const;

export function toMilestoneTemplate(row: MilestoneTemplateRow): MilestoneTemplate {
  return {
    id: row.id,
    studyId: row.study_id,
    code: row.code,
    name: row.name,
    sequence: row.sequence,
    requiredForActivation: row.required_for_activation,
    typicalDurationDays: row.typical_duration_days,
    dependsOn: row.depends_on,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toPlanItem(row: MilestoneTemplateRow): PlanTemplateItem {
  return {
    id: row.id,
    code: row.code,
    sequence: row.sequence,
    requiredForActivation: row.required_for_activation,
    typicalDurationDays: row.typical_duration_days,
    dependsOn: row.depends_on,
  };
}

/** The study's template in board order. Callers check that the study is visible first. */
export function listTemplateRows(db: Kysely<DB>, studyId: string): Promise<MilestoneTemplateRow[]> {
  return db.selectFrom('milestone_templates').selectAll().where('study_id', '=', studyId).orderBy('sequence').orderBy('code').execute();
}

export function findTemplateRow(db: Kysely<DB>, studyId: string, id: string): Promise<MilestoneTemplateRow | undefined> {
  return db.selectFrom('milestone_templates').selectAll().where('study_id', '=', studyId).where('id', '=', id).executeTakeFirst();
}

export interface StudySiteForPlan {
  id: string;
  study_id: string;
  site_id: string;
  site_number: string;
  site_name: string;
  country: string;
  time_zone: string;
  status: string;
  activation_date: string | null;
  created_at: Date;
}

/** The study-sites of a study that the caller may see with this permission, in site-number order. */
export function listVisibleStudySitesForPlan(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  permission: Permission,
): Promise<StudySiteForPlan[]> {
  return db
    .selectFrom('study_sites')
    .innerJoin('studies', 'studies.id', 'study_sites.study_id')
    .innerJoin('sites', 'sites.id', 'study_sites.site_id')
    .select([
      'study_sites.id',
      'study_sites.study_id',
      'study_sites.site_id',
      'study_sites.site_number',
      'sites.name as site_name',
      'sites.country',
      'sites.time_zone',
      'study_sites.status',
      'study_sites.activation_date',
      'study_sites.created_at',
    ])
    .where('study_sites.study_id', '=', studyId)
    .where(visibleStudySites(scopeIds(ctx.actor, permission)))
    .orderBy(sql`study_sites.site_number`)
    .orderBy('study_sites.id')
    .execute();
}

/** Every record of dates of these study-sites, in one query. */
export function listRecordRows(db: Kysely<DB>, studySiteIds: string[]): Promise<StudySiteMilestoneRow[]> {
  if (studySiteIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('study_site_milestones').selectAll().where(sql<boolean>`study_site_id = any(${studySiteIds}::uuid[])`).execute();
}

/** One study-site's plan: statuses from its own local date, projections from its start. */
export function planFor(
  site: StudySiteForPlan,
  templates: MilestoneTemplateRow[],
  records: StudySiteMilestoneRow[],
  now: Date,
): SitePlan & { today: string } {
  const today = localDate(now, site.time_zone);
  const byTemplate = new Map(
    records
      .filter((r) => r.study_site_id === site.id)
      .map((r) => [r.template_id, { plannedDate: r.planned_date, actualDate: r.actual_date }]),
  );
  const plan = planStudySite(templates.map(toPlanItem), byTemplate, {
    today,
    startDate: localDate(new Date(site.created_at), site.time_zone),
    status: site.status,
    activationDate: site.activation_date,
  });
  return { ...plan, today };
}

/** The study-site's milestone view, or undefined when the study or study-site is not visible. */
export async function studySiteMilestones(db: Kysely<DB>, ctx: RequestContext, studyId: string, studySiteId: string) {
  const sites = (await listVisibleStudySitesForPlan(db, ctx, studyId, 'milestone.read')).filter((s) => s.id === studySiteId);
  const site = sites[0];
  if (!site) return undefined;
  const templates = await listTemplateRows(db, studyId);
  const records = await listRecordRows(db, [site.id]);
  const plan = planFor(site, templates, records, ctx.now());
  const recordOf = new Map(records.map((r) => [r.template_id, r]));
  const items = templates.map((template, index): StudySiteMilestone => {
    const record = recordOf.get(template.id);
    const planned = plan.items[index];
    return {
      id: record?.id ?? null,
      milestoneId: template.id,
      studySiteId: site.id,
      code: template.code,
      name: template.name,
      sequence: template.sequence,
      requiredForActivation: template.required_for_activation,
      dependsOn: template.depends_on,
      plannedDate: record?.planned_date ?? null,
      actualDate: record?.actual_date ?? null,
      note: record?.note ?? null,
      status: planned?.status ?? 'open',
      blockedBy: planned?.blockedBy ?? [],
      projectedDate: planned?.projectedDate ?? plan.today,
      version: record?.version ?? 0,
    };
  });
  return {
    studySiteId: site.id,
    asOf: plan.today,
    projectedActivationDate: plan.projectedActivationDate,
    openRequiredForActivation: plan.openRequired,
    items,
  };
}

/**
 * Who may read a milestone's history: whoever sees its study (template) or study-site (dates).
 * A removed record is traced through the create row of its own trail to where it belonged.
 */
async function ownerFromTrail(db: Kysely<DB>, entityType: string, id: string, field: string): Promise<string | undefined> {
  const created = await db
    .selectFrom('audit_events')
    .select('changes')
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', id)
    .where('action', '=', 'create')
    .executeTakeFirst();
  const changes = (created?.changes ?? []) as { field: string; new: unknown }[];
  const owner = changes.find((c) => c.field === field)?.new;
  return typeof owner === 'string' ? owner : undefined;
}

export async function canReadMilestoneTemplateHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const row = await db.selectFrom('milestone_templates').select('study_id').where('id', '=', id).executeTakeFirst();
  const studyId = row?.study_id ?? (await ownerFromTrail(db, 'milestone_template', id, 'studyId'));
  return Boolean(studyId && (await findVisibleStudy(db, ctx, studyId)));
}

export async function canReadStudySiteMilestoneHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const row = await db.selectFrom('study_site_milestones').select('study_site_id').where('id', '=', id).executeTakeFirst();
  const studySiteId = row?.study_site_id ?? (await ownerFromTrail(db, 'study_site_milestone', id, 'studySiteId'));
  return Boolean(studySiteId && (await findVisibleStudySite(db, ctx, studySiteId)));
}
