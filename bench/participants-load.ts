import { type Kysely, sql } from 'kysely';
import type { DB } from '../src/platform/db/schema.js';
import type { ParticipantPlan } from './participants-plan.js';
import { participantIdPrefix } from './participants-plan.js';
import { note } from './progress.js';

export interface ParticipantLoad {
  rows: Record<string, number>;
  /** Seconds per step, in load order. */
  seconds: Record<string, number>;
  /** How enrollment_daily was filled, and the check that it equals what the triggers give. */
  enrollmentDaily: string;
}

/**
 * Loads the participants of `plan` with set-based SQL inside the database: the quotas (a few
 * thousand rows of JSON) are the only data sent; participants, their candidates and their
 * visits are INSERT … SELECT over generate_series, so 4 million visit rows load in minutes on
 * PGlite too. Every per-participant choice is drawn from hashint8extended(ordinal, seed) and
 * ids from md5, so both databases get the same rows (bar the ids of never-screened candidates).
 * Each step commits on its own: a failed load stops the run, and the database is dropped.
 *
 * The rows have no audit events of their own, like the start-up rows: the generated trail
 * covers the foundation only and stays a whole chain.
 */
export async function loadParticipants(db: Kysely<DB>, plan: ParticipantPlan, label: string): Promise<ParticipantLoad> {
  const seconds: Record<string, number> = {};
  const step = async (name: string, work: (conn: Kysely<DB>) => Promise<unknown>, conn: Kysely<DB>) => {
    note(`${label}: ${name}`);
    const t = performance.now();
    await work(conn);
    seconds[name] = (performance.now() - t) / 1000;
  };
  let enrollmentDaily = '';
  // Temporary tables and the helper function live on one connection.
  await db.connection().execute(async (conn) => {
    await sql`create function pg_temp.bench_r(n bigint, k integer, seed bigint) returns double precision
      language sql immutable as $$ select (hashint8extended(n * 256 + k, seed) & 9007199254740991)::float8 / 9007199254740992 $$`.execute(
      conn,
    );
    // Ids the API accepts as UUIDs (version 4, RFC 4122 variant), the same on every run.
    await sql`create function pg_temp.bench_uuid(key text) returns uuid language sql immutable
      as $$ select overlay(overlay(md5(key) placing '4' from 13) placing '8' from 17)::uuid $$`.execute(conn);
    await step('quotas and protocol versions', (c) => createQuotasAndProtocols(c, plan), conn);
    await step('participants planned (temporary table)', (c) => planPeople(c, plan), conn);
    // Fill the funnel once after the load rather than through its triggers at every statement, then
    // check it against the triggers on a sample (see checkEnrollmentDaily).
    await sql`alter table participants disable trigger participants_enrollment_daily_insert`.execute(conn);
    await sql`alter table participants disable trigger participants_enrollment_daily_update`.execute(conn);
    await sql`alter table prescreen_candidates disable trigger prescreen_enrollment_daily_insert`.execute(conn);
    await sql`alter table prescreen_candidates disable trigger prescreen_enrollment_daily_update`.execute(conn);
    try {
      await step('prescreen_candidates', (c) => insertCandidates(c, plan), conn);
      await step('participants', insertParticipants, conn);
      await step('enrollment_daily (one INSERT … SELECT … GROUP BY)', fillEnrollmentDaily, conn);
    } finally {
      await sql`alter table participants enable trigger participants_enrollment_daily_insert`.execute(conn);
      await sql`alter table participants enable trigger participants_enrollment_daily_update`.execute(conn);
      await sql`alter table prescreen_candidates enable trigger prescreen_enrollment_daily_insert`.execute(conn);
      await sql`alter table prescreen_candidates enable trigger prescreen_enrollment_daily_update`.execute(conn);
    }
    await step(
      'enrollment_daily checked against the triggers',
      async (c) => {
        enrollmentDaily = await checkEnrollmentDaily(c);
      },
      conn,
    );
    await step('participant_visits', (c) => insertVisits(c, plan), conn);
    await step('participant_visits foreign keys checked', checkVisitReferences, conn);
    await step('subject_number_counters and participant_settings', insertCounters, conn);
    await sql`drop table bench_people`.execute(conn);
    await sql`drop table bench_quota`.execute(conn);
    await step(
      'analyze',
      (c) => sql`analyze participants, participant_visits, prescreen_candidates, enrollment_daily, protocol_visits`.execute(c),
      conn,
    );
  });
  const rows: Record<string, number> = {};
  for (const table of [
    'participants',
    'participant_visits',
    'prescreen_candidates',
    'enrollment_daily',
    'protocol_versions',
    'protocol_visits',
  ] as const) {
    const { rows: found } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    rows[table] = Number(found[0]?.n ?? 0);
  }
  return { rows, seconds, enrollmentDaily };
}

async function createQuotasAndProtocols(db: Kysely<DB>, plan: ParticipantPlan): Promise<void> {
  const quotas = plan.quotas.map((q) => ({
    study_site_id: q.studySiteId,
    study_id: q.studyId,
    site_number: q.siteNumber,
    approved_on: q.approvedOn,
    first_day: q.firstDay,
    days: q.days,
    coordinator_user_id: q.coordinatorUserId,
    participants: q.participants,
    ordinal_offset: q.offset,
  }));
  await sql`create temp table bench_quota as
    select * from json_to_recordset(${JSON.stringify(quotas)}::json) as q(
      study_site_id uuid, study_id uuid, site_number text, approved_on date, first_day date, days integer,
      coordinator_user_id uuid, participants integer, ordinal_offset bigint)`.execute(db);
  // One protocol version per study, written as a draft and finalized (a final version's visits
  // are frozen by trigger) a month before its first site was approved.
  await sql`insert into protocol_versions (id, study_id, version_number, version_label, status, created_at, updated_at)
    select pg_temp.bench_uuid('bench-protocol:' || ${plan.seed}::text || ':' || study_id), study_id, 1, '1.0', 'draft',
      (min(approved_on) - 60)::timestamptz, (min(approved_on) - 60)::timestamptz
    from bench_quota group by study_id`.execute(db);
  const template = plan.visits.map((v) => ({
    code: v.code,
    name: v.name,
    kind: v.kind,
    anchor: v.anchor,
    target_day: v.targetDay,
    window_before_days: v.windowBeforeDays,
    window_after_days: v.windowAfterDays,
    sequence: v.sequence,
  }));
  await sql`insert into protocol_visits (id, protocol_version_id, code, name, kind, anchor, target_day, window_before_days, window_after_days, sequence)
    select pg_temp.bench_uuid(pv.id::text || ':' || t.code), pv.id, t.code, t.name, t.kind, t.anchor, t.target_day, t.window_before_days, t.window_after_days, t.sequence
    from protocol_versions pv
    cross join json_to_recordset(${JSON.stringify(template)}::json) as t(
      code text, name text, kind text, anchor text, target_day integer, window_before_days integer, window_after_days integer, sequence integer)
    where pv.id in (select distinct pg_temp.bench_uuid('bench-protocol:' || ${plan.seed}::text || ':' || study_id) from bench_quota)`.execute(
    db,
  );
  await sql`update protocol_versions set status = 'final', finalized_at = f.day::timestamptz, updated_at = f.day::timestamptz
    from (select pg_temp.bench_uuid('bench-protocol:' || ${plan.seed}::text || ':' || study_id) as id, min(approved_on) - 30 as day
          from bench_quota group by study_id) f
    where protocol_versions.id = f.id`.execute(db);
  // ICH E6(R3) 3.4: a site uses a protocol version once its IRB/IEC approved it: on activation.
  await sql`insert into protocol_site_approvals (study_site_id, protocol_version_id, approved_on, reason)
    select study_site_id, pg_temp.bench_uuid('bench-protocol:' || ${plan.seed}::text || ':' || study_id), approved_on, 'Initial approval (benchmark)'
    from bench_quota`.execute(db);
}

/**
 * Each participant's story in one row: screening day, randomization day (screening + 7–28
 * days), and what became of them by today: 18% fail screening, 8% withdraw and 3% are lost
 * at some point of their year, the others complete the year or are still on it.
 */
async function planPeople(db: Kysely<DB>, plan: ParticipantPlan): Promise<void> {
  const seed = plan.seed;
  const today = plan.today;
  const eos = plan.visits.find((v) => v.kind === 'end_of_study');
  const lastTreatment = plan.visits.filter((v) => v.kind === 'treatment').at(-1);
  if (!eos || !lastTreatment) throw new Error('visit template without end of study or treatment visits');
  await sql`create temp table bench_people as
    with base as (
      select q.study_site_id, q.study_id, q.site_number, q.coordinator_user_id, g.seq, q.ordinal_offset + g.seq as n,
        pg_temp.bench_uuid('bench-protocol:' || ${seed}::text || ':' || q.study_id) as protocol_version_id,
        q.first_day + floor(pg_temp.bench_r(q.ordinal_offset + g.seq, 0, ${seed}) * q.days)::integer as screened_on,
        7 + floor(pg_temp.bench_r(q.ordinal_offset + g.seq, 1, ${seed}) * 22)::integer as gap,
        pg_temp.bench_r(q.ordinal_offset + g.seq, 2, ${seed}) as r_fail,
        pg_temp.bench_r(q.ordinal_offset + g.seq, 3, ${seed}) as r_stop,
        pg_temp.bench_r(q.ordinal_offset + g.seq, 4, ${seed}) as r_stop_day
      from bench_quota q cross join lateral generate_series(1, q.participants) as g(seq)
    ), story as (
      select b.*, b.screened_on + b.gap as randomized_on,
        case when b.r_fail < 0.18 then b.screened_on + greatest(1, b.gap * 2 / 3) end as fail_day,
        case when b.r_stop < 0.08 then 'withdrawn' when b.r_stop < 0.11 then 'lost' end as stop_kind,
        b.screened_on + b.gap + floor(b.r_stop_day * 340)::integer as stop_day,
        -- The end-of-study visit's day, with the same jitter the visit gets (see insertVisits).
        b.screened_on + b.gap + ${eos.targetDay}::integer
          + floor(pg_temp.bench_r(b.n, ${100 + eos.sequence}, ${seed}) * 5)::integer - 2 as eos_day
      from base b
    )
    select s.*,
      pg_temp.bench_uuid(${participantIdPrefix(seed)}::text || s.n::text) as id,
      pg_temp.bench_uuid('bench-candidate:' || ${seed}::text || ':' || s.n::text) as candidate_id,
      case
        when s.fail_day is not null and s.fail_day <= ${today}::date then 'screen_failed'
        when s.fail_day is not null or s.randomized_on > ${today}::date then 'screening'
        when s.stop_kind = 'withdrawn' and s.stop_day <= ${today}::date then 'withdrawn'
        when s.stop_kind = 'lost' and s.stop_day <= ${today}::date then 'lost_to_follow_up'
        when s.eos_day <= ${today}::date then 'completed'
        when s.randomized_on + ${lastTreatment.targetDay}::integer < ${today}::date then 'follow_up'
        else 'on_treatment'
      end as status
    from story s`.execute(db);
  await sql`alter table bench_people add column randomized boolean`.execute(db);
  await sql`update bench_people set randomized = status not in ('screening', 'screen_failed')`.execute(db);
}

/** Every participant came from the pre-screening log; half as many again were pre-screened and never screened. */
async function insertCandidates(db: Kysely<DB>, plan: ParticipantPlan): Promise<void> {
  const sources = sql`(array['referral', 'site_database', 'advertisement', 'registry', 'other'])`;
  await sql`insert into prescreen_candidates (id, study_id, study_site_id, source, prescreened_on, outcome, created_at, updated_at)
    select candidate_id, study_id, study_site_id,
      ${sources}[1 + floor(pg_temp.bench_r(n, 5, ${plan.seed}) * 5)::integer],
      screened_on - floor(pg_temp.bench_r(n, 6, ${plan.seed}) * 21)::integer, 'screened',
      (screened_on - 21)::timestamptz, screened_on::timestamptz
    from bench_people`.execute(db);
  await sql`insert into prescreen_candidates (study_id, study_site_id, source, prescreened_on, outcome, outcome_reason, created_at, updated_at)
    select c.study_id, c.study_site_id, ${sources}[1 + floor(pg_temp.bench_r(c.n, 7, ${plan.seed}) * 5)::integer], c.day,
      c.outcome, case c.outcome when 'not_eligible' then 'Exclusion criterion met at pre-screening'
        when 'declined' then 'Did not wish to take part' when 'other' then 'Moved away' end,
      c.day::timestamptz, c.day::timestamptz
    from (
      select x.*, case
          when x.day > ${plan.today}::date - 21 then 'pending'
          when x.r < 0.45 then 'not_eligible' when x.r < 0.7 then 'declined' when x.r < 0.95 then 'unable_to_contact' else 'other'
        end as outcome
      from (
        select q.study_id, q.study_site_id, -(q.ordinal_offset + g.k) as n,
          q.first_day + floor(pg_temp.bench_r(-(q.ordinal_offset + g.k), 8, ${plan.seed}) * q.days)::integer as day,
          pg_temp.bench_r(-(q.ordinal_offset + g.k), 9, ${plan.seed}) as r
        from bench_quota q cross join lateral generate_series(1, (q.participants + 1) / 2) as g(k)
      ) x
    ) c`.execute(db);
}

async function insertParticipants(db: Kysely<DB>): Promise<void> {
  await sql`insert into participants (id, study_id, study_site_id, subject_number, candidate_id, coordinator_user_id, status,
      screened_on, consented_on, screen_failed_on, screen_fail_reason, eligibility_confirmed_at, randomization_number,
      enrolled_on, baseline_on, completed_on, withdrawn_on, withdrawal_scope, withdrawal_reason, lost_on, created_at, updated_at)
    select id, study_id, study_site_id,
      site_number || '-' || case when seq < 1000 then lpad(seq::text, 3, '0') else seq::text end,
      candidate_id, coordinator_user_id, status, screened_on, screened_on,
      case when status = 'screen_failed' then fail_day end,
      case when status = 'screen_failed' then 'Inclusion criterion not met at screening' end,
      case when randomized then randomized_on::timestamptz end,
      case when randomized then 'R' || lpad(n::text, 7, '0') end,
      case when randomized then randomized_on end,
      case when randomized then randomized_on end,
      case when status = 'completed' then eos_day end,
      case when status = 'withdrawn' then stop_day end,
      case when status = 'withdrawn' then 'study' end,
      case when status = 'withdrawn' then 'Withdrew consent' end,
      case when status = 'lost_to_follow_up' then stop_day end,
      screened_on::timestamptz, screened_on::timestamptz
    from bench_people`.execute(db);
}

/**
 * The screening visit is planned at consent; the rest at randomization (as the visits module
 * plans them), so screen failures keep one visit. By today: past visits done (5% missed),
 * visits after a withdrawal or loss cancelled, the rest scheduled. Done visits fall within
 * their window (jitter of -2 to +2 days on windows of 3 days or more).
 */
async function insertVisits(db: Kysely<DB>, plan: ParticipantPlan): Promise<void> {
  const { seed, today } = plan;
  // Four foreign keys are four look-ups per row, most of the cost of 4 million rows on PGlite:
  // the rows are built from the very tables they reference, and checkVisitReferences checks
  // all four set-based afterwards. replica skips the RI triggers for this one statement.
  // Secondary indexes are dropped and rebuilt from their own definitions (pg_indexes, so an
  // index a later migration adds is rebuilt too): one sorted build each instead of 4 million
  // random insertions.
  const { rows: indexes } = await sql<{ name: string; definition: string }>`select indexname as name, indexdef as definition
    from pg_indexes where schemaname = current_schema() and tablename = 'participant_visits' and indexname <> 'participant_visits_pkey'`.execute(
    db,
  );
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db);
  await sql`set session_replication_role = replica`.execute(db);
  try {
    await visitsInsert(db, seed, today);
  } finally {
    await sql`set session_replication_role = origin`.execute(db);
    for (const index of indexes) await sql.raw(index.definition).execute(db);
  }
}

/** The foreign keys insertVisits skipped, checked with anti-joins over the whole table. */
async function checkVisitReferences(db: Kysely<DB>): Promise<void> {
  const { rows } = await sql<{ participants: string; study_sites: string; versions: string; visits: string }>`select
      (select count(*) from participant_visits v where not exists (select 1 from participants p where p.id = v.participant_id)) as participants,
      (select count(*) from participant_visits v where not exists (select 1 from study_sites s where s.id = v.study_site_id)) as study_sites,
      (select count(*) from participant_visits v where not exists (select 1 from protocol_versions pv where pv.id = v.protocol_version_id)) as versions,
      (select count(*) from participant_visits v where not exists (select 1 from protocol_visits pv where pv.id = v.protocol_visit_id)) as visits`.execute(
    db,
  );
  const counts = rows[0];
  if (!counts || Object.values(counts).some((n) => Number(n) !== 0)) {
    throw new Error(`participant_visits rows whose references are missing: ${JSON.stringify(counts)}`);
  }
}

async function visitsInsert(db: Kysely<DB>, seed: number, today: string): Promise<void> {
  // Ids in participant order (seed, participant ordinal, visit sequence as hex, shaped as version
  // 4 UUIDs): appended to the primary key's right edge, not scattered over it as random ids are.
  await sql`insert into participant_visits (id, participant_id, study_site_id, protocol_version_id, protocol_visit_id, code, name, kind,
      sequence, target_date, window_start, window_end, status, actual_date, completed_at, completed_by_user_id, created_at, updated_at)
    select (lpad(to_hex(${seed}::bigint & 4294967295), 8, '0') || substr(lpad(to_hex(p.n), 7, '0'), 1, 4) || '4'
      || substr(lpad(to_hex(p.n), 7, '0'), 5, 3) || '8' || lpad(to_hex(v.sequence), 15, '0'))::uuid,
      p.id, p.study_site_id, v.protocol_version_id, v.id, v.code, v.name, v.kind, v.sequence,
      d.target, d.target - v.window_before_days, d.target + v.window_after_days, s.status,
      case when s.status = 'completed' then d.actual end,
      case when s.status = 'completed' then (d.actual::timestamp + interval '9 hours'
        + make_interval(mins => floor(pg_temp.bench_r(p.n, 200 + v.sequence, ${seed}) * 480)::integer)) at time zone 'UTC' end,
      case when s.status = 'completed' then p.coordinator_user_id end,
      d.planned::timestamptz, d.planned::timestamptz
    from bench_people p
    join protocol_visits v on v.protocol_version_id = p.protocol_version_id and (v.anchor = 'consent' or p.randomized)
    cross join lateral (
      select t.target, t.planned,
        t.target + case when v.window_before_days >= 3 and v.window_after_days >= 3
          then floor(pg_temp.bench_r(p.n, 100 + v.sequence, ${seed}) * 5)::integer - 2 else 0 end as actual
      from (select case when v.anchor = 'consent' then p.screened_on else p.randomized_on end + v.target_day as target,
                   case when v.anchor = 'consent' then p.screened_on else p.randomized_on end as planned) t
    ) d
    cross join lateral (
      select case
        when v.anchor = 'consent' or v.kind = 'baseline' then 'completed'
        when p.status in ('withdrawn', 'lost_to_follow_up') and d.target > p.stop_day then 'cancelled'
        when v.kind in ('treatment', 'follow_up') and d.target + v.window_after_days < ${today}::date
          and pg_temp.bench_r(p.n, 300 + v.sequence, ${seed}) < 0.05 then 'missed'
        when d.actual <= ${today}::date then 'completed'
        when d.target + v.window_after_days < ${today}::date then 'missed'
        else 'scheduled'
      end as status
    ) s`.execute(db);
}

async function insertCounters(db: Kysely<DB>): Promise<void> {
  await sql`insert into subject_number_counters (study_site_id, next_seq) select study_site_id, participants + 1 from bench_quota`.execute(
    db,
  );
  await sql`insert into participant_settings (study_id) select distinct study_id from bench_quota`.execute(db);
}

/** What the triggers add up, per study-site, day and column, as one statement over both tables. */
const funnelCounts = sql`
  select study_site_id, day, min(study_id::text)::uuid as study_id,
    count(*) filter (where metric = 'prescreened')::integer as prescreened,
    count(*) filter (where metric = 'screened')::integer as screened,
    count(*) filter (where metric = 'screen_failed')::integer as screen_failed,
    count(*) filter (where metric = 'enrolled')::integer as enrolled,
    count(*) filter (where metric = 'completed')::integer as completed,
    count(*) filter (where metric = 'withdrawn')::integer as withdrawn,
    count(*) filter (where metric = 'lost')::integer as lost
  from (
    select study_site_id, study_id, prescreened_on as day, 'prescreened' as metric from prescreen_candidates
    union all
    select p.study_site_id, p.study_id, m.day, m.metric from participants p
    cross join lateral (values ('screened', p.screened_on), ('screen_failed', p.screen_failed_on), ('enrolled', p.enrolled_on),
      ('completed', p.completed_on), ('withdrawn', p.withdrawn_on), ('lost', p.lost_on)) as m(metric, day)
    where m.day is not null
  ) events
  group by study_site_id, day`;

async function fillEnrollmentDaily(db: Kysely<DB>): Promise<void> {
  await sql`insert into enrollment_daily (study_site_id, day, study_id, prescreened, screened, screen_failed, enrolled, completed, withdrawn, lost)
    select study_site_id, day, study_id, prescreened, screened, screen_failed, enrolled, completed, withdrawn, lost
    from (${funnelCounts}) f`.execute(db);
}

/**
 * The set-based fill must equal what the triggers would have written. Check it for real: in a
 * transaction that is rolled back, empty the funnel of the 20 busiest study-sites, re-insert
 * their participants and candidates with the triggers on (delete and insert the same rows),
 * and compare the triggers' rows with the set-based ones. Also compares the whole table with
 * the GROUP BY once more (nothing lost between fill and check). Throws on any difference.
 */
async function checkEnrollmentDaily(db: Kysely<DB>): Promise<string> {
  const sample = 20;
  const outcome = await db
    .transaction()
    .execute(async (tx) => {
      await sql`create temp table bench_sample on commit drop as
      select study_site_id from bench_quota order by participants desc, study_site_id limit ${sample}`.execute(tx);
      await sql`create temp table bench_expected on commit drop as
      select * from enrollment_daily where study_site_id in (select study_site_id from bench_sample)`.execute(tx);
      await sql`create temp table bench_p on commit drop as select * from participants where study_site_id in (select study_site_id from bench_sample)`.execute(
        tx,
      );
      await sql`create temp table bench_c on commit drop as select * from prescreen_candidates where study_site_id in (select study_site_id from bench_sample)`.execute(
        tx,
      );
      await sql`delete from enrollment_daily where study_site_id in (select study_site_id from bench_sample)`.execute(tx);
      // Runs before the visits are loaded: nothing else references these participants yet.
      await sql`delete from participants where study_site_id in (select study_site_id from bench_sample)`.execute(tx);
      await sql`delete from prescreen_candidates where study_site_id in (select study_site_id from bench_sample)`.execute(tx);
      await sql`insert into prescreen_candidates select * from bench_c`.execute(tx);
      await sql`insert into participants select * from bench_p`.execute(tx);
      const { rows: diff } = await sql<{ n: string }>`select count(*) as n from (
        (select study_site_id, day, study_id, prescreened, screened, screen_failed, enrolled, completed, withdrawn, lost from enrollment_daily
          where study_site_id in (select study_site_id from bench_sample)
         except all select study_site_id, day, study_id, prescreened, screened, screen_failed, enrolled, completed, withdrawn, lost from bench_expected)
        union all
        (select study_site_id, day, study_id, prescreened, screened, screen_failed, enrolled, completed, withdrawn, lost from bench_expected
         except all select study_site_id, day, study_id, prescreened, screened, screen_failed, enrolled, completed, withdrawn, lost from enrollment_daily
          where study_site_id in (select study_site_id from bench_sample))
      ) d`.execute(tx);
      const { rows: compared } = await sql<{ rows: string; participants: string }>`select
        (select count(*) from bench_expected) as rows, (select count(*) from bench_p) as participants`.execute(tx);
      throw new RollbackWith({
        differences: Number(diff[0]?.n ?? -1),
        rows: Number(compared[0]?.rows ?? 0),
        participants: Number(compared[0]?.participants ?? 0),
      });
    })
    .catch((error: unknown) => {
      if (error instanceof RollbackWith) return error.value;
      throw error;
    });
  if (outcome.differences !== 0) {
    throw new Error(
      `enrollment_daily: the set-based fill differs from the triggers in ${outcome.differences} rows of the ${sample} busiest study-sites`,
    );
  }
  const { rows: whole } = await sql<{ n: string }>`select count(*) as n from (
      (select study_site_id, day, study_id, prescreened, screened, screen_failed, enrolled, completed, withdrawn, lost from enrollment_daily
       except all select * from (${funnelCounts}) f)
      union all
      (select * from (${funnelCounts}) f
       except all select study_site_id, day, study_id, prescreened, screened, screen_failed, enrolled, completed, withdrawn, lost from enrollment_daily)
    ) d`.execute(db);
  if (Number(whole[0]?.n) !== 0) throw new Error(`enrollment_daily differs from the participants in ${whole[0]?.n} rows`);
  return `filled with one INSERT … SELECT … GROUP BY (the funnel's triggers off during the load), then checked: the triggers, re-run on the ${outcome.participants.toLocaleString('en-US')} participants (and their candidates) of the ${sample} busiest study-sites in a rolled-back transaction, wrote the same ${outcome.rows.toLocaleString('en-US')} rows`;
}

/** Carries a value out of a transaction that must not commit. */
class RollbackWith<T = { differences: number; rows: number; participants: number }> extends Error {
  constructor(readonly value: T) {
    super('rolled back on purpose');
  }
}
