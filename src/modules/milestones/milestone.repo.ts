import { type Insertable, type Kysely, sql } from 'kysely';
import { scopeIds } from '../../platform/auth/authorize.js';
import type { Permission } from '../../platform/auth/roles.js';
import { visibleStudySites } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import { localDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import type { MilestoneTemplateRow, StudySiteMilestoneRow } from '../../platform/db/schema-milestones.js';
import { iso } from '../../platform/db/timestamps.js';
import { findVisibleStudy, inVisibleStudy } from '../studies/study.repo.js';
import { findVisibleStudySite, inVisibleStudySite, type StudySiteJoined } from '../study-sites/study-site.repo.js';
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

function selectTemplates(db: Kysely<DB>, ctx: RequestContext, studyId: string) {
  return db
    .selectFrom('milestone_templates')
    .selectAll()
    .where('study_id', '=', studyId)
    .where(inVisibleStudy(ctx, 'milestone_templates.study_id'));
}

/** The study's template in board order; empty when the caller does not see the study. */
export function listTemplateRows(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<MilestoneTemplateRow[]> {
  return selectTemplates(db, ctx, studyId).orderBy('sequence').orderBy('code').execute();
}

/** The study's template in board order; undefined when the caller does not see the study (404). */
export async function listTemplateRowsOfVisibleStudy(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
): Promise<MilestoneTemplateRow[] | undefined> {
  if (!(await findVisibleStudy(db, ctx, studyId))) return undefined;
  return listTemplateRows(db, ctx, studyId);
}

export function findTemplateRow(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  id: string,
): Promise<MilestoneTemplateRow | undefined> {
  return selectTemplates(db, ctx, studyId).where('id', '=', id).executeTakeFirst();
}

/** The codes of the study's milestones that depend on `code`. */
export async function listDependentCodes(db: Kysely<DB>, ctx: RequestContext, studyId: string, code: string): Promise<string[]> {
  const rows = await selectTemplates(db, ctx, studyId)
    .where((eb) => eb(eb.val(code), '=', eb.fn.any('depends_on')))
    .orderBy('code')
    .execute();
  return rows.map((row) => row.code);
}

/** New milestones of a study's template; the use case has checked milestoneTemplate.write on the study. */
export function insertTemplateRows(tx: Kysely<DB>, rows: Insertable<DB['milestone_templates']>[]): Promise<MilestoneTemplateRow[]> {
  return tx.insertInto('milestone_templates').values(rows).returningAll().execute();
}

/**
 * Takes a milestone out of the template with every study-site's record of dates against it;
 * returns the removed records so that each gets its own audit row.
 */
export async function deleteTemplateRow(tx: Kysely<DB>, template: MilestoneTemplateRow): Promise<StudySiteMilestoneRow[]> {
  const records = await tx.deleteFrom('study_site_milestones').where('template_id', '=', template.id).returningAll().execute();
  await tx.deleteFrom('milestone_templates').where('id', '=', template.id).execute();
  return records;
}

/** A study-site's record of dates for one milestone (none until the first date is set). */
export function findRecordRow(
  db: Kysely<DB>,
  studySite: StudySiteJoined,
  template: MilestoneTemplateRow,
): Promise<StudySiteMilestoneRow | undefined> {
  return db
    .selectFrom('study_site_milestones')
    .selectAll()
    .where('study_site_id', '=', studySite.id)
    .where('template_id', '=', template.id)
    .executeTakeFirst();
}

/**
 * The first record of dates of a study-site for a milestone. Undefined when another write made
 * it first (the unique key holds): that client's version 0 is stale.
 */
export async function insertRecordRow(tx: Kysely<DB>, values: Insertable<DB['study_site_milestones']>): Promise<string | undefined> {
  const inserted = await tx
    .insertInto('study_site_milestones')
    .values(values)
    .onConflict((oc) => oc.columns(['study_site_id', 'template_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

/** The milestones of the study-site's study that have an actual date there, with their dependencies. */
export function listDoneMilestones(db: Kysely<DB>, studySite: StudySiteJoined) {
  return db
    .selectFrom('milestone_templates')
    .innerJoin('study_site_milestones', 'study_site_milestones.template_id', 'milestone_templates.id')
    .select(['milestone_templates.code', 'milestone_templates.name', 'milestone_templates.depends_on', 'study_site_milestones.actual_date'])
    .where('milestone_templates.study_id', '=', studySite.study_id)
    .where('study_site_milestones.study_site_id', '=', studySite.id)
    .where('study_site_milestones.actual_date', 'is not', null)
    .execute();
}

/** The milestones the study requires for activation that have no actual date at this study-site. */
export function listOpenActivationMilestones(db: Kysely<DB>, studySite: StudySiteJoined) {
  return db
    .selectFrom('milestone_templates')
    .leftJoin('study_site_milestones', (join) =>
      join
        .onRef('study_site_milestones.template_id', '=', 'milestone_templates.id')
        .on('study_site_milestones.study_site_id', '=', studySite.id),
    )
    .select(['milestone_templates.code', 'milestone_templates.name'])
    .where('milestone_templates.study_id', '=', studySite.study_id)
    .where('milestone_templates.required_for_activation', '=', true)
    .where('study_site_milestones.actual_date', 'is', null)
    .orderBy('milestone_templates.sequence')
    .orderBy('milestone_templates.code')
    .execute();
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

/** Every record of dates of these study-sites that the caller may read, in one query. */
export function listRecordRows(db: Kysely<DB>, ctx: RequestContext, studySiteIds: string[]): Promise<StudySiteMilestoneRow[]> {
  if (studySiteIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('study_site_milestones')
    .selectAll()
    .where(sql<boolean>`study_site_id = any(${studySiteIds}::uuid[])`)
    .where(inVisibleStudySite(ctx, 'study_site_milestones.study_site_id', 'milestone.read'))
    .execute();
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
  const templates = await listTemplateRows(db, ctx, studyId);
  const records = await listRecordRows(db, ctx, [site.id]);
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
      projectedDate: planned ? planned.projectedDate : plan.today,
      version: record?.version ?? 0,
    };
  });
  return {
    studySiteId: site.id,
    asOf: plan.today,
    timeZone: site.time_zone,
    projectedActivationDate: plan.projectedActivationDate,
    openRequiredForActivation: plan.openRequired,
    items,
  };
}

/**
 * Who may read a milestone's history: whoever sees its study (template) or study-site (dates).
 * A removed record is traced through the create row of its own trail to where it belonged.
 */
async function unsafeOwnerFromTrail(db: Kysely<DB>, entityType: string, id: string, field: string): Promise<string | undefined> {
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

/**
 * The study a milestone belongs (or belonged) to. Unscoped: a history reader must find the owner
 * whoever asks, and then checks the owner is visible to the caller.
 */
async function unsafeFindTemplateStudyId(db: Kysely<DB>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('milestone_templates').select('study_id').where('id', '=', id).executeTakeFirst();
  return row?.study_id ?? (await unsafeOwnerFromTrail(db, 'milestone_template', id, 'studyId'));
}

/** The study-site a record of dates belongs (or belonged) to. Unscoped, as unsafeFindTemplateStudyId. */
async function unsafeFindRecordStudySiteId(db: Kysely<DB>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('study_site_milestones').select('study_site_id').where('id', '=', id).executeTakeFirst();
  return row?.study_site_id ?? (await unsafeOwnerFromTrail(db, 'study_site_milestone', id, 'studySiteId'));
}

export async function canReadMilestoneTemplateHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const studyId = await unsafeFindTemplateStudyId(db, id);
  return Boolean(studyId && (await findVisibleStudy(db, ctx, studyId)));
}

export async function canReadStudySiteMilestoneHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const studySiteId = await unsafeFindRecordStudySiteId(db, id);
  return Boolean(studySiteId && (await findVisibleStudySite(db, ctx, studySiteId)));
}
