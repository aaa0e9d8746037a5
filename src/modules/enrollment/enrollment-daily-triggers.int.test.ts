import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, makeStudySite, makeTenant, type Tenant } from '../../../test/support/factories.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import type { StudySite } from '../study-sites/study-site.schemas.js';

let t: TestApp;
let a: Tenant;
let site2: StudySite;
let studySiteIds: string[];

beforeAll(async () => {
  t = await createTestApp();
  a = await makeTenant(t.database.db);
  site2 = await makeStudySite(t.database.db, a.study.id, (await makeSite(t.database.db)).id);
  studySiteIds = [a.studySite.id, site2.id];
});
afterAll(() => t.close());

const columns = [
  'prescreened',
  'screened',
  'screen_failed',
  'enrolled',
  'completed',
  'withdrawn',
  'lost',
  'left_after_enrollment',
] as const;
type Counts = Record<(typeof columns)[number], number> & { study_site_id: string; day: string; study_id: string };

/** The funnel counted straight from the participants and candidates of the two study-sites, per study-site and day. */
async function countedFromRows(): Promise<Counts[]> {
  const { rows } = await sql<Counts>`
    select study_site_id, to_char(day, 'YYYY-MM-DD') as day, min(study_id::text) as study_id,
      ${sql.join(columns.map((c) => sql`count(*) filter (where metric = ${c})::int as ${sql.ref(c)}`))}
    from (
      select study_site_id, study_id, prescreened_on as day, 'prescreened' as metric from prescreen_candidates
      union all
      select p.study_site_id, p.study_id, m.day, m.metric from participants p
      cross join lateral (values ('screened', p.screened_on), ('screen_failed', p.screen_failed_on), ('enrolled', p.enrolled_on),
        ('completed', p.completed_on), ('withdrawn', p.withdrawn_on), ('lost', p.lost_on),
        ('left_after_enrollment', case when p.enrolled_on is not null then coalesce(p.completed_on, p.withdrawn_on, p.lost_on) end)) as m (metric, day)
    ) events
    where study_site_id = any(${studySiteIds}::uuid[]) and day is not null
    group by study_site_id, day
    order by study_site_id, day`.execute(t.database.db);
  return rows;
}

/** enrollment_daily of the two study-sites: the rows with counts, and the days it keeps at zero. */
async function kept(): Promise<{ counted: Counts[]; zero: string[] }> {
  const { rows } = await sql<Counts>`
    select study_site_id, to_char(day, 'YYYY-MM-DD') as day, study_id::text as study_id, ${sql.join(columns.map((c) => sql.ref(c)))}
    from enrollment_daily where study_site_id = any(${studySiteIds}::uuid[])
    order by study_site_id, day`.execute(t.database.db);
  const isZero = (row: Counts) => columns.every((c) => row[c] === 0);
  return { counted: rows.filter((row) => !isZero(row)), zero: rows.filter(isZero).map((row) => `${row.study_site_id} ${row.day}`) };
}

describe('enrollment_daily, kept per statement', () => {
  it('equals the participants and candidates after mixed writes of many rows at once, keeping the days it touched', async () => {
    const db = t.database.db;
    const participant = (studySiteId: string, screenedOn: string, more: Record<string, string> = {}) => ({
      study_id: a.study.id,
      study_site_id: studySiteId,
      subject_number: `S-${randomUUID().slice(0, 8)}`,
      screened_on: screenedOn,
      ...more,
    });
    // One statement, several participants on the same study-site and day (one upsert per day).
    const inserted = await db
      .insertInto('participants')
      .values([
        participant(a.studySite.id, '2026-03-02'),
        participant(a.studySite.id, '2026-03-02'),
        participant(a.studySite.id, '2026-03-03', { status: 'screen_failed', screen_failed_on: '2026-03-03' }),
        participant(a.studySite.id, '2026-03-03', { status: 'enrolled', enrolled_on: '2026-03-10' }),
        participant(site2.id, '2026-03-02', { status: 'completed', enrolled_on: '2026-03-05', completed_on: '2026-04-01' }),
        participant(site2.id, '2026-03-04', {
          status: 'withdrawn',
          enrolled_on: '2026-03-06',
          withdrawn_on: '2026-03-20',
          withdrawal_scope: 'study',
        }),
      ])
      .returning('id')
      .execute();
    const ids = inserted.map((row) => row.id);
    await db
      .insertInto('prescreen_candidates')
      .values(
        ['2026-02-20', '2026-02-20', '2026-02-21'].map((day) => ({
          study_id: a.study.id,
          study_site_id: a.studySite.id,
          source: 'referral' as const,
          prescreened_on: day,
        })),
      )
      .execute();
    expect((await kept()).counted).toEqual(await countedFromRows());

    // Many rows, days moved in a chain (the 2nd to the 3rd while the 3rd moves to the 4th).
    await sql`update participants set screened_on = screened_on + 1 where study_site_id = ${a.studySite.id}`.execute(db);
    // Enrollment of two, one of them lost the same day they were enrolled; a change of no date.
    await sql`update participants set status = 'enrolled', enrolled_on = '2026-03-12' where id = any(${[ids[0], ids[1]]}::uuid[])`.execute(
      db,
    );
    await sql`update participants set status = 'lost_to_follow_up', lost_on = '2026-03-12' where id = ${ids[1]}`.execute(db);
    await sql`update participants set consent_language = 'fr-CA' where study_id = ${a.study.id}`.execute(db);
    // A corrected completion day, a withdrawal taken back, a date cleared.
    await sql`update participants set completed_on = '2026-04-02' where id = ${ids[4]}`.execute(db);
    await sql`update participants set status = 'on_treatment', withdrawn_on = null, withdrawal_scope = null where id = ${ids[5]}`.execute(
      db,
    );
    await sql`update participants set enrolled_on = null, status = 'screening' where id = ${ids[3]}`.execute(db);
    await sql`update prescreen_candidates set prescreened_on = prescreened_on + 7 where study_site_id = ${a.studySite.id} and prescreened_on = '2026-02-20'`.execute(
      db,
    );
    // A statement that changes no row.
    await sql`update participants set screened_on = '2026-01-01' where false`.execute(db);

    const { counted, zero } = await kept();
    expect(counted).toEqual(await countedFromRows());
    // As the per-row triggers did: a day whose counts all moved away keeps its row, at zero.
    expect(zero.sort()).toEqual(
      [
        `${a.studySite.id} 2026-02-20`,
        `${a.studySite.id} 2026-03-02`,
        `${a.studySite.id} 2026-03-10`,
        `${site2.id} 2026-03-20`,
        `${site2.id} 2026-04-01`,
      ].sort(),
    );
  });
});
