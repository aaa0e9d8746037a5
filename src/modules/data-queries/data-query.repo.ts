import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import { keysetPage } from '../../platform/db/keyset-page.js';
import type { DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { decodeCursor, type Page, toPage } from '../../platform/http/pagination.js';
import { studySiteIdIn } from '../participants/participant-access.repo.js';
import type {
  DataQuery,
  DataQueryWithMessages,
  ListQueriesQuery,
  ParticipantQueryCounts,
  QueryCounts,
  QueryStatus,
} from './data-query.schemas.js';

export type DataQueryRow = Selectable<DB['data_queries']>;
type Joined = DataQueryRow & { subject_number: string | null; visit_code: string | null; assignee_name: string | null };

const dayMs = 24 * 60 * 60 * 1000;

function toDataQuery(row: Joined, now: Date): DataQuery {
  const until = row.closed_at ?? now;
  const today = now.toISOString().slice(0, 10);
  return {
    id: row.id,
    studyId: row.study_id,
    studySiteId: row.study_site_id,
    participantId: row.participant_id,
    subjectNumber: row.subject_number,
    visitId: row.participant_visit_id,
    visitCode: row.visit_code,
    formOid: row.form_oid,
    itemGroupOid: row.item_group_oid,
    repeatKey: row.repeat_key,
    itemOid: row.item_oid,
    scope: row.scope as DataQuery['scope'],
    origin: row.origin as DataQuery['origin'],
    checkKey: row.check_key,
    status: row.status as QueryStatus,
    text: row.text,
    assigneeUserId: row.assignee_user_id,
    assigneeName: row.assignee_name,
    dueOn: row.due_on,
    openedAt: iso(row.opened_at),
    openedByUserId: row.opened_by_user_id,
    answeredAt: row.answered_at ? iso(row.answered_at) : null,
    closedAt: row.closed_at ? iso(row.closed_at) : null,
    ageDays: Math.max(0, Math.floor((new Date(until).getTime() - new Date(row.opened_at).getTime()) / dayMs)),
    overdue: row.status !== 'closed' && row.due_on !== null && row.due_on < today,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function selectQueries(db: Kysely<DB>) {
  return db
    .selectFrom('data_queries')
    .innerJoin('participants', 'participants.id', 'data_queries.participant_id')
    .leftJoin('participant_visits', 'participant_visits.id', 'data_queries.participant_visit_id')
    .leftJoin('users as assignee', 'assignee.id', 'data_queries.assignee_user_id')
    .selectAll('data_queries')
    .select(['participants.subject_number', 'participant_visits.code as visit_code', 'assignee.full_name as assignee_name']);
}

/** The query's row, locked for a step when asked; visibility is the caller's to check (findVisibleQuery). */
export async function findQueryRow(db: Kysely<DB>, id: string, options: { lock?: boolean } = {}): Promise<DataQueryRow | undefined> {
  let q = db.selectFrom('data_queries').selectAll().where('id', '=', id);
  if (options.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** A query read without a context: for a caller that has checked it may read the query. */
export async function unsafeLoadQuery(db: Kysely<DB>, id: string, now: Date): Promise<DataQueryWithMessages> {
  const row = await selectQueries(db).where('data_queries.id', '=', id).executeTakeFirstOrThrow();
  const messages = await db
    .selectFrom('data_query_messages')
    .selectAll()
    .where('query_id', '=', id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return {
    ...toDataQuery(row, now),
    messages: messages.map((m) => ({
      id: m.id,
      kind: m.kind as DataQueryWithMessages['messages'][number]['kind'],
      text: m.text,
      authorUserId: m.author_user_id,
      authorLabel: m.author_label,
      createdAt: iso(m.created_at),
    })),
  };
}

export async function insertQuery(tx: Kysely<DB>, values: Insertable<DB['data_queries']>): Promise<string> {
  const { id } = await tx.insertInto('data_queries').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function insertQueryMessage(tx: Kysely<DB>, values: Insertable<DB['data_query_messages']>): Promise<void> {
  await tx.insertInto('data_query_messages').values(values).execute();
}

/** The unresolved queries edit checks opened on a form: what a save re-examines. */
export async function unresolvedCheckQueriesOfForm(db: Kysely<DB>, participantVisitId: string, formOid: string): Promise<DataQueryRow[]> {
  return db
    .selectFrom('data_queries')
    .selectAll()
    .where('participant_visit_id', '=', participantVisitId)
    .where('form_oid', '=', formOid)
    .where('origin', '=', 'edit_check')
    .where('status', '<>', 'closed')
    .forUpdate()
    .execute();
}

/**
 * Queries at the study-sites where the caller reads queries, oldest first by default (the inbox
 * order). The sort key is the opening instant as fixed-width UTC text, so a cursor is plain text.
 */
export async function listQueries(db: Kysely<DB>, ctx: RequestContext, query: ListQueriesQuery): Promise<Page<DataQuery>> {
  let q = selectQueries(db).where(studySiteIdIn(ctx, 'data_queries.study_site_id', 'query.read'));
  if (query.studyId) q = q.where('data_queries.study_id', '=', query.studyId);
  if (query.studySiteId) q = q.where('data_queries.study_site_id', '=', query.studySiteId);
  if (query.participantId) q = q.where('data_queries.participant_id', '=', query.participantId);
  if (query.status === 'unresolved') q = q.where('data_queries.status', 'in', ['open', 'answered']);
  else if (query.status) q = q.where('data_queries.status', '=', query.status);
  if (query.assignedToMe === 'true') q = q.where('data_queries.assignee_user_id', '=', ctx.actor.kind === 'user' ? ctx.actor.userId : null);
  const rows = await keysetPage(
    q,
    sql`to_char(data_queries.opened_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
    sql`data_queries.id`,
    query.order,
    decodeCursor(query.cursor),
    query.limit,
  ).execute();
  const now = ctx.now();
  return toPage(rows, query.limit, (row) => toDataQuery(row, now));
}

/** Counts per study-site and status of one study, from the counts the trigger keeps: no scan of the queries. */
export async function queryCountsOfStudy(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<QueryCounts> {
  const rows = await db
    .selectFrom('data_query_counts')
    .innerJoin('study_sites', 'study_sites.id', 'data_query_counts.study_site_id')
    .innerJoin('sites', 'sites.id', 'study_sites.site_id')
    .select(['data_query_counts.study_site_id', 'sites.name as site_name', 'data_query_counts.status', 'data_query_counts.queries'])
    .where('data_query_counts.study_id', '=', studyId)
    .where(studySiteIdIn(ctx, 'data_query_counts.study_site_id', 'query.read'))
    .orderBy('sites.name')
    .execute();
  const sites = new Map<string, QueryCounts['sites'][number]>();
  const total = { open: 0, answered: 0, closed: 0 };
  for (const row of rows) {
    const site = sites.get(row.study_site_id) ?? {
      studySiteId: row.study_site_id,
      siteName: row.site_name,
      open: 0,
      answered: 0,
      closed: 0,
    };
    const status = row.status as QueryStatus;
    site[status] += row.queries;
    total[status] += row.queries;
    sites.set(row.study_site_id, site);
  }
  return { sites: [...sites.values()], total };
}

/** One participant's queries counted per visit and form (the participant index holds them together). */
export async function queryCountsOfParticipant(db: Kysely<DB>, participantId: string): Promise<ParticipantQueryCounts> {
  const rows = await db
    .selectFrom('data_queries')
    .select(['participant_visit_id', 'form_oid', 'status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('participant_id', '=', participantId)
    .groupBy(['participant_visit_id', 'form_oid', 'status'])
    .execute();
  const forms = new Map<string, ParticipantQueryCounts['forms'][number]>();
  for (const row of rows) {
    const key = `${row.participant_visit_id}|${row.form_oid}`;
    const form = forms.get(key) ?? { visitId: row.participant_visit_id, formOid: row.form_oid, open: 0, answered: 0, closed: 0 };
    form[row.status as QueryStatus] += Number(row.n);
    forms.set(key, form);
  }
  return { forms: [...forms.values()] };
}
