import { type Insertable, type Kysely, sql } from 'kysely';
import { can, type ResourceScope, type ScopeIds, scopeIds } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { keysetPage } from '../../platform/db/keyset-page.js';
import type { DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { decodeCursor, type Page, toPage } from '../../platform/http/pagination.js';
import type { Invitation, InvitationDetail, ListInvitationsQuery, Response } from './invitation.schemas.js';
import { visibleAtStudyLevel } from './questionnaire.repo.js';
import type { Question, SiteQuestion } from './questionnaire.schemas.js';

/**
 * The site side of an invitation: grants on the study-site, the site, the site's organization
 * or the SMO that supports it. Deliberately not the study's grants: a study-wide grant is the
 * sponsor side, which sees answers only once submitted.
 */
function visibleAtSiteLevel(ids: ScopeIds) {
  if (ids.platform) return sql<boolean>`true`;
  return sql<boolean>`(study_sites.id = any(${ids.studySite}::uuid[])
    or study_sites.site_id = any(${ids.site}::uuid[])
    or study_sites.smo_org_id = any(${ids.organization}::uuid[])
    or sites.organization_id = any(${ids.organization}::uuid[]))`;
}

/** A site sees its own invitations; the sponsor side sees every invitation of its studies. */
function visibleInvitations(ctx: RequestContext) {
  const read = scopeIds(ctx.actor, 'feasibility.read');
  const answer = scopeIds(ctx.actor, 'feasibility.answer');
  return sql<boolean>`(${visibleAtStudyLevel(read)} or ${visibleAtSiteLevel(read)} or ${visibleAtSiteLevel(answer)})`;
}

function selectInvitations(db: Kysely<DB>, ctx: RequestContext) {
  return db
    .selectFrom('feasibility_invitations as inv')
    .innerJoin('feasibility_questionnaires as q', 'q.id', 'inv.questionnaire_id')
    .innerJoin('study_sites', 'study_sites.id', 'inv.study_site_id')
    .innerJoin('studies', 'studies.id', 'study_sites.study_id')
    .innerJoin('sites', 'sites.id', 'study_sites.site_id')
    .innerJoin('feasibility_responses as r', 'r.invitation_id', 'inv.id')
    .selectAll('inv')
    .select([
      'q.title as questionnaire_title',
      'q.revision as questionnaire_revision',
      'q.questions',
      'q.study_id',
      'studies.short_name as study_short_name',
      'studies.sponsor_org_id',
      'studies.cro_org_id',
      'study_sites.site_id',
      'study_sites.site_number',
      'study_sites.status as study_site_status',
      'study_sites.smo_org_id',
      'sites.name as site_name',
      'sites.organization_id as site_org_id',
      'r.id as response_id',
      'r.answers',
      'r.status as response_status',
      'r.submitted_at',
      'r.version as response_version',
      'r.created_at as response_created_at',
      'r.updated_at as response_updated_at',
    ])
    .where(visibleInvitations(ctx));
}
export type InvitationJoined = Awaited<ReturnType<ReturnType<typeof selectInvitations>['executeTakeFirstOrThrow']>>;

export function findVisibleInvitation(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<InvitationJoined | undefined> {
  return selectInvitations(db, ctx).where('inv.id', '=', id).executeTakeFirst();
}

/** Submitted invitations of one questionnaire, for the short-list; the caller checked study-level access. */
export function listSubmittedInvitations(db: Kysely<DB>, ctx: RequestContext, questionnaireId: string): Promise<InvitationJoined[]> {
  return selectInvitations(db, ctx).where('inv.questionnaire_id', '=', questionnaireId).where('r.status', '=', 'submitted').execute();
}

/** The invitation a decision on a study-site is recorded on: its latest submitted one, else its latest. */
export function findLatestInvitationOfStudySite(db: Kysely<DB>, ctx: RequestContext, studySiteId: string) {
  return selectInvitations(db, ctx)
    .where('inv.study_site_id', '=', studySiteId)
    .orderBy(sql`r.status = 'submitted'`, 'desc')
    .orderBy('inv.created_at', 'desc')
    .orderBy('inv.id', 'desc')
    .executeTakeFirst();
}

export async function listVisibleInvitations(db: Kysely<DB>, ctx: RequestContext, query: ListInvitationsQuery): Promise<Page<Invitation>> {
  let q = selectInvitations(db, ctx);
  if (query.studyId) q = q.where('q.study_id', '=', query.studyId);
  if (query.questionnaireId) q = q.where('inv.questionnaire_id', '=', query.questionnaireId);
  if (query.status) q = q.where('r.status', '=', query.status === 'open' ? 'draft' : 'submitted');
  const rows = await keysetPage(
    q,
    sql`study_sites.site_number`,
    sql`inv.id`,
    query.order,
    decodeCursor(query.cursor),
    query.limit,
  ).execute();
  return toPage(rows, query.limit, (row) => toInvitation(row, viewOf(ctx, row)));
}

export function invitationScope(row: InvitationJoined): ResourceScope {
  return {
    organizationIds: [row.sponsor_org_id, row.cro_org_id, row.site_org_id, row.smo_org_id],
    studyId: row.study_id,
    siteId: row.site_id,
    studySiteId: row.study_site_id,
  };
}

/** Sponsor view for study-level readers; everyone else reached the row through the site. */
export function viewOf(ctx: RequestContext, row: InvitationJoined): 'sponsor' | 'site' {
  const study = { organizationIds: [row.sponsor_org_id, row.cro_org_id], studyId: row.study_id };
  return can(ctx.actor, 'feasibility.read', study) ? 'sponsor' : 'site';
}

export function toInvitation(row: InvitationJoined, view: 'sponsor' | 'site'): Invitation {
  return {
    id: row.id,
    questionnaireId: row.questionnaire_id,
    questionnaireTitle: row.questionnaire_title,
    questionnaireRevision: row.questionnaire_revision,
    studyId: row.study_id,
    studyShortName: row.study_short_name,
    studySiteId: row.study_site_id,
    siteId: row.site_id,
    siteName: row.site_name,
    siteNumber: row.site_number,
    studySiteStatus: row.study_site_status as Invitation['studySiteStatus'],
    status: row.response_status === 'submitted' ? 'submitted' : 'open',
    sentAt: iso(row.created_at),
    submittedAt: row.submitted_at ? iso(row.submitted_at) : null,
    decision: row.decision as Invitation['decision'],
    decisionReason: row.decision_reason,
    decidedAt: row.decided_at ? iso(row.decided_at) : null,
    view,
    version: row.version,
  };
}

export function toResponse(row: InvitationJoined): Response {
  return {
    id: row.response_id,
    status: row.response_status as Response['status'],
    answers: row.answers as Response['answers'],
    submittedAt: row.submitted_at ? iso(row.submitted_at) : null,
    version: row.response_version,
    createdAt: iso(row.response_created_at),
    updatedAt: iso(row.response_updated_at),
  };
}

function toSiteQuestion(question: Question): SiteQuestion {
  return {
    id: question.id,
    kind: question.kind,
    text: question.text,
    required: question.required,
    ...(question.kind === 'number' ? { unit: question.unit ?? null } : {}),
    ...(question.kind === 'single_choice' || question.kind === 'multiple_choice'
      ? { options: question.options.map(({ value, label }) => ({ value, label })) }
      : {}),
  };
}

/** The sponsor sees draft answers of nobody: what a site has not submitted is still its own. */
export function toInvitationDetail(ctx: RequestContext, row: InvitationJoined): InvitationDetail {
  const view = viewOf(ctx, row);
  const questions = row.questions as Question[];
  return {
    ...toInvitation(row, view),
    questions: view === 'sponsor' ? questions : questions.map(toSiteQuestion),
    response: view === 'site' || row.response_status === 'submitted' ? toResponse(row) : null,
  };
}

/** The invitation a response answers, to scope its history by; the caller then checks the invitation is visible. */
export function unsafeFindResponseInvitation(db: Kysely<DB>, id: string): Promise<{ invitation_id: string; status: string } | undefined> {
  return db.selectFrom('feasibility_responses').select(['invitation_id', 'status']).where('id', '=', id).executeTakeFirst();
}

/**
 * The study-sites a questionnaire was sent to already. Unscoped: it runs after the sender's
 * feasibility.write on the questionnaire is checked, and must count every invitation (also at
 * study-sites the sender does not see) so that none is sent twice.
 */
export async function unsafeListInvitedStudySiteIds(db: Kysely<DB>, questionnaireId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('feasibility_invitations')
    .select('study_site_id')
    .where('questionnaire_id', '=', questionnaireId)
    .execute();
  return rows.map((row) => row.study_site_id);
}

/**
 * An invitation with its empty response, as one write; the use case has checked
 * feasibility.write on the questionnaire. Returns the invitation's id.
 */
export async function insertInvitation(tx: Kysely<DB>, values: Insertable<DB['feasibility_invitations']>, now: Date): Promise<string> {
  const { id } = await tx.insertInto('feasibility_invitations').values(values).returning('id').executeTakeFirstOrThrow();
  await tx.insertInto('feasibility_responses').values({ invitation_id: id, created_at: now, updated_at: now }).execute();
  return id;
}
