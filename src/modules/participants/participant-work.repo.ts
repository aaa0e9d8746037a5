import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Permission } from '../../platform/auth/roles.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { countsByStudySite, noWork, totalOf, type WorkRows } from '../study-sites/work-rows.js';
import { studySiteIdIn } from './participant-access.repo.js';

/**
 * The participant work a home page lists (worklist module), over the study-sites it is given
 * and, as the participant list, only where the caller reads participants. Indexed:
 * participants by (study_site_id, status), open re-consent tasks by their partial index.
 */

async function workRows<Row>(
  db: Kysely<DB>,
  from: RawBuilder<unknown>,
  where: RawBuilder<boolean>,
  select: RawBuilder<unknown>,
  order: RawBuilder<unknown>,
  limit: number,
): Promise<WorkRows<Row>> {
  const counts = await sql<{ study_site_id: string; count: string }>`select p.study_site_id, count(*) as count
    from ${from} where ${where} group by p.study_site_id`.execute(db);
  const byStudySite = countsByStudySite(counts.rows);
  if (limit === 0 || totalOf(byStudySite) === 0) return { rows: [], counts: byStudySite };
  const rows = await sql<Row>`select ${select} from ${from} where ${where} order by ${order} limit ${limit}`.execute(db);
  return { rows: rows.rows, counts: byStudySite };
}

export interface EligibilityWorkRow {
  id: string;
  subject_number: string;
  study_site_id: string;
  consented_on: string;
  screened_on: string;
}

/**
 * Participants in screening who consented and whose eligibility answers are recorded but not
 * yet confirmed: they wait for an investigator's signature (confirm-eligibility.ts).
 * `excludeWhere` leaves out the study-sites where the caller holds that permission (a
 * coordinator's "waiting for the investigator" leaves out where they are the investigator).
 */
export function listEligibilityAwaitingConfirmation(
  db: Kysely<DB>,
  ctx: RequestContext,
  studySiteIds: string[],
  limit: number,
  excludeWhere?: Permission,
): Promise<WorkRows<EligibilityWorkRow>> {
  if (studySiteIds.length === 0) return Promise.resolve(noWork());
  const where = sql<boolean>`p.study_site_id = any(${studySiteIds}::uuid[]) and p.status = 'screening'
    and p.consented_on is not null and p.eligibility_confirmed_at is null
    and exists (select 1 from eligibility_answers a where a.participant_id = p.id)
    and ${studySiteIdIn(ctx, 'p.study_site_id')}
    ${excludeWhere ? sql`and not ${studySiteIdIn(ctx, 'p.study_site_id', excludeWhere)}` : sql``}`;
  return workRows(
    db,
    sql`participants p`,
    where,
    sql`p.id, p.subject_number, p.study_site_id, p.consented_on, p.screened_on`,
    sql`p.consented_on, p.subject_number, p.id`,
    limit,
  );
}

export interface ReconsentWorkRow {
  id: string;
  participant_id: string;
  subject_number: string;
  study_site_id: string;
  due_from: string;
  version_label: string;
  language: string;
}

/** Open re-consent tasks (ICH E6(R3) 2.8.2) of participants at these study-sites, earliest due first. */
export function listOpenReconsentTasks(
  db: Kysely<DB>,
  ctx: RequestContext,
  studySiteIds: string[],
  limit: number,
): Promise<WorkRows<ReconsentWorkRow>> {
  if (studySiteIds.length === 0) return Promise.resolve(noWork());
  const where = sql<boolean>`t.status = 'open' and p.study_site_id = any(${studySiteIds}::uuid[])
    and ${studySiteIdIn(ctx, 'p.study_site_id')}`;
  return workRows(
    db,
    sql`reconsent_tasks t join participants p on p.id = t.participant_id join icf_versions icf on icf.id = t.icf_version_id`,
    where,
    sql`t.id, t.participant_id, p.subject_number, p.study_site_id, t.due_from, icf.version_label, icf.language`,
    sql`t.due_from, p.subject_number, t.id`,
    limit,
  );
}
