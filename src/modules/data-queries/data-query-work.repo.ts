import { type Kysely, sql } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { studySiteIdIn } from '../participants/participant-access.repo.js';
import { countsByStudySite, noWork, type WorkRows } from '../study-sites/work-rows.js';
import type { QueryStatus } from './data-query.schemas.js';

export interface QueryWorkRow {
  id: string;
  study_site_id: string;
  participant_id: string;
  subject_number: string;
  visit_code: string | null;
  form_oid: string | null;
  item_oid: string | null;
  text: string;
  opened_on: string;
  due_on: string | null;
}

/**
 * Queries in one status at these study-sites, oldest first, for the home page: open ones are the
 * site's to answer, answered ones the monitor's to close. Counts per study-site come from the
 * kept counts (data_query_counts), so a site with thousands of queries costs a handful of rows.
 */
export async function listQueryWork(
  db: Kysely<DB>,
  ctx: RequestContext,
  studySiteIds: string[],
  status: QueryStatus,
  limit: number,
): Promise<WorkRows<QueryWorkRow>> {
  if (studySiteIds.length === 0) return noWork();
  const visible = studySiteIdIn(ctx, 'study_site_id', 'query.read');
  const counts = await sql<{ study_site_id: string; count: number }>`select study_site_id, queries as count from data_query_counts
    where status = ${status} and queries > 0 and study_site_id = any(${studySiteIds}::uuid[]) and ${visible}`.execute(db);
  const total = counts.rows.reduce((sum, row) => sum + Number(row.count), 0);
  const rows =
    limit === 0 || total === 0
      ? []
      : (
          await sql<QueryWorkRow>`select q.id, q.study_site_id, q.participant_id, p.subject_number, v.code as visit_code, q.form_oid,
              q.item_oid, q.text, to_char(q.opened_at at time zone 'UTC', 'YYYY-MM-DD') as opened_on, q.due_on::text as due_on
            from data_queries q join participants p on p.id = q.participant_id left join participant_visits v on v.id = q.participant_visit_id
            where q.status = ${status} and q.study_site_id = any(${studySiteIds}::uuid[]) and ${studySiteIdIn(ctx, 'q.study_site_id', 'query.read')}
            order by q.opened_at, q.id limit ${limit}`.execute(db)
        ).rows;
  return { rows, counts: countsByStudySite(counts.rows) };
}
