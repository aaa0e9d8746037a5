import { type Insertable, type Kysely, sql } from 'kysely';
import { assertCan, can, type ScopeIds, scopeIds } from '../../platform/auth/authorize.js';
import type { Permission } from '../../platform/auth/roles.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { QuestionnaireRow } from '../../platform/db/schema-feasibility.js';
import { iso } from '../../platform/db/timestamps.js';
import { notFound } from '../../platform/errors.js';
import { findVisibleStudy, studyScope } from '../studies/study.repo.js';
import type { Question, Questionnaire } from './questionnaire.schemas.js';

/**
 * Questionnaires, scores and the short-list are the sponsor's study-level records: seen through
 * a grant on the study, its sponsor or its CRO. A site's grant shows the study but not these
 * (a site must not learn how it is weighed, nor how the others answered): 404, as for any
 * record outside the caller's scope.
 */
export function visibleAtStudyLevel(ids: ScopeIds) {
  if (ids.platform) return sql<boolean>`true`;
  return sql<boolean>`(studies.id = any(${ids.study}::uuid[])
    or studies.sponsor_org_id = any(${ids.organization}::uuid[])
    or studies.cro_org_id = any(${ids.organization}::uuid[]))`;
}

type StudyForFeasibility = NonNullable<Awaited<ReturnType<typeof findVisibleStudy>>>;

/** The study, when the caller's grants reach it at study level; 403 without the permission there. */
export async function requireStudyAtStudyLevel(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  permission: Permission,
): Promise<StudyForFeasibility> {
  const study = await findVisibleStudy(db, ctx, studyId);
  if (!study || !can(ctx.actor, 'study.read', studyScope(study))) throw notFound('study');
  assertCan(ctx, permission, studyScope(study));
  return study;
}

function selectQuestionnaires(db: Kysely<DB>, ctx: RequestContext) {
  return db
    .selectFrom('feasibility_questionnaires')
    .innerJoin('studies', 'studies.id', 'feasibility_questionnaires.study_id')
    .selectAll('feasibility_questionnaires')
    .select(['studies.sponsor_org_id', 'studies.cro_org_id'])
    .where(visibleAtStudyLevel(scopeIds(ctx.actor, 'study.read')));
}
export type QuestionnaireJoined = QuestionnaireRow & { sponsor_org_id: string; cro_org_id: string | null };

export function findVisibleQuestionnaire(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<QuestionnaireJoined | undefined> {
  return selectQuestionnaires(db, ctx).where('feasibility_questionnaires.id', '=', id).executeTakeFirst();
}

/**
 * The questionnaire for a reader: undefined when the caller does not see it at study level (404),
 * 403 when they see it without feasibility.read there.
 */
export async function findReadableQuestionnaire(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<QuestionnaireJoined | undefined> {
  const row = await findVisibleQuestionnaire(db, ctx, id);
  if (row) assertCan(ctx, 'feasibility.read', questionnaireScope(row));
  return row;
}

export function listQuestionnairesOfStudy(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<QuestionnaireJoined[]> {
  return selectQuestionnaires(db, ctx)
    .where('feasibility_questionnaires.study_id', '=', studyId)
    .orderBy('feasibility_questionnaires.created_at')
    .orderBy('feasibility_questionnaires.id')
    .execute();
}

export function questionnaireScope(row: QuestionnaireJoined) {
  return studyScope({ id: row.study_id, sponsor_org_id: row.sponsor_org_id, cro_org_id: row.cro_org_id });
}

export function toQuestionnaire(row: QuestionnaireRow): Questionnaire {
  return {
    id: row.id,
    studyId: row.study_id,
    title: row.title,
    revision: row.revision,
    supersedesId: row.supersedes_id,
    status: row.status as Questionnaire['status'],
    sentAt: row.sent_at ? iso(row.sent_at) : null,
    questions: row.questions as Question[],
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** A new questionnaire of a study; the use case has checked feasibility.write at study level. Returns its id. */
export async function insertQuestionnaire(tx: Kysely<DB>, values: Insertable<DB['feasibility_questionnaires']>): Promise<string> {
  const { id } = await tx.insertInto('feasibility_questionnaires').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}
