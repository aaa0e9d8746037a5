import { CompiledQuery, type Kysely, sql } from 'kysely';
import { createSession, sessionCookieName } from '../src/platform/auth/sessions.repo.js';
import type { DB } from '../src/platform/db/schema.js';
import type { BenchDatabase } from './bench-databases.js';
import { actorLabels } from './bench-operations.js';
import type { OperationResult } from './benchmark-database.js';
import type { Dataset } from './dataset.js';
import { callApiOk } from './http-client.js';
import { type MeasureOptions, measurePair } from './measure.js';
import { calendarWeek, type ParticipantPlan } from './participants-plan.js';
import { summarize } from './percentiles.js';
import { assertPlanAvoids, relationsInPlan } from './plan-check.js';
import { note } from './progress.js';
import { queryRecorder, type RecordedQuery, replay } from './query-recorder.js';

/** A participant-side read: the request, who makes it, and whether its plan must avoid the visits. */
export interface ParticipantOperation {
  label: string;
  actor: string;
  path: string;
  userId: string;
  /** The funnel: EXPLAIN of each of its statements must not mention participant_visits. */
  avoidsVisits?: boolean;
}

export interface FunnelPlanCheck {
  label: string;
  actor: string;
  statements: number;
  /** Relations the funnel's statements read (from their EXPLAIN). */
  relations: string[];
}

export interface ParticipantResults {
  results: OperationResult[];
  funnelChecks: FunnelPlanCheck[];
}

export interface Targets {
  calendarSiteId: string;
  calendarVisits: number;
  week: { from: string; to: string };
  coordinatorStudyId: string;
  coordinatorParticipantId: string;
  managerStudyId: string;
  managerStudyParticipants: number;
  managerParticipantId: string;
}

/** An active participant of the study-site (the first by subject number), the one whose page is opened. */
async function activeParticipant(db: Kysely<DB>, studySiteId: string): Promise<string> {
  const row = await db
    .selectFrom('participants')
    .select('id')
    .where('study_site_id', '=', studySiteId)
    .orderBy(sql`status = 'on_treatment'`, 'desc')
    .orderBy('subject_number')
    .executeTakeFirst();
  if (!row) throw new Error(`study-site ${studySiteId} has no participants`);
  return row.id;
}

/**
 * Who looks at what: the coordinator opens the calendar week of their busiest site, one of its
 * participants and the funnel of its study; the study manager opens their sponsor's study with
 * the most participants and a participant of its busiest study-site.
 */
async function findTargets(db: Kysely<DB>, plan: ParticipantPlan, dataset: Dataset): Promise<Targets> {
  const bySize = [...plan.quotas].sort((a, b) => b.participants - a.participants || a.studySiteId.localeCompare(b.studySiteId));
  const coordinatorQuota = bySize.find((q) => q.coordinatorUserId === plan.coordinatorUserId);
  if (!coordinatorQuota) throw new Error('the calendar coordinator has no participants');
  const sponsorIds = new Set(
    dataset.people.grants
      .filter((g) => g.user_id === dataset.people.picks.studyManagerUserId && g.scope_type === 'organization')
      .map((g) => g.scope_id),
  );
  const sponsorOf = new Map(dataset.network.studies.map((s) => [s.id, s.sponsor_org_id]));
  const perStudy = new Map<string, number>();
  for (const q of plan.quotas) {
    if (sponsorIds.has(sponsorOf.get(q.studyId) ?? '')) perStudy.set(q.studyId, (perStudy.get(q.studyId) ?? 0) + q.participants);
  }
  const managerStudy = [...perStudy].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  const managerQuota = managerStudy && bySize.find((q) => q.studyId === managerStudy[0]);
  if (!managerStudy || !managerQuota) throw new Error("the study manager's sponsor has no study with participants");

  const week = calendarWeek(plan.today);
  const { rows } = await sql<{ n: string }>`select count(*) as n from participant_visits v join study_sites ss on ss.id = v.study_site_id
    where ss.site_id = ${coordinatorQuota.siteId} and v.target_date between ${week.from}::date and ${week.to}::date`.execute(db);
  return {
    calendarSiteId: coordinatorQuota.siteId,
    calendarVisits: Number(rows[0]?.n ?? 0),
    week,
    coordinatorStudyId: coordinatorQuota.studyId,
    coordinatorParticipantId: await activeParticipant(db, coordinatorQuota.studySiteId),
    managerStudyId: managerStudy[0],
    managerStudyParticipants: managerStudy[1],
    managerParticipantId: await activeParticipant(db, managerQuota.studySiteId),
  };
}

export function participantOperations(targets: Targets, coordinatorUserId: string, managerUserId: string): ParticipantOperation[] {
  const coordinator = { actor: actorLabels.siteCoordinator, userId: coordinatorUserId };
  const manager = { actor: actorLabels.studyManager, userId: managerUserId };
  const { week } = targets;
  return [
    {
      ...coordinator,
      label: `GET /api/sites/{id}/calendar?from=&to= (7 days, ${targets.calendarVisits} visits)`,
      path: `/api/sites/${targets.calendarSiteId}/calendar?from=${week.from}&to=${week.to}`,
    },
    { ...coordinator, label: 'GET /api/participants/{id}', path: `/api/participants/${targets.coordinatorParticipantId}` },
    { ...manager, label: 'GET /api/participants/{id}', path: `/api/participants/${targets.managerParticipantId}` },
    { ...coordinator, label: 'GET /api/participants/{id}/visits', path: `/api/participants/${targets.coordinatorParticipantId}/visits` },
    { ...manager, label: 'GET /api/participants/{id}/visits', path: `/api/participants/${targets.managerParticipantId}/visits` },
    {
      ...coordinator,
      label: "GET /api/studies/{id}/enrollment (the coordinator's study-sites)",
      path: `/api/studies/${targets.coordinatorStudyId}/enrollment`,
      avoidsVisits: true,
    },
    {
      ...manager,
      label: `GET /api/studies/{id}/enrollment (${targets.managerStudyParticipants.toLocaleString('en-US')} participants)`,
      path: `/api/studies/${targets.managerStudyId}/enrollment`,
      avoidsVisits: true,
    },
  ];
}

/** EXPLAIN of each recorded statement that reads (the session look-ups included): their relations. */
async function explainAll(db: Kysely<DB>, queries: readonly RecordedQuery[], operation: ParticipantOperation): Promise<FunnelPlanCheck> {
  const relations = new Set<string>();
  let statements = 0;
  for (const query of queries) {
    if (!/^\s*(select|with)\b/i.test(query.sql)) continue;
    statements++;
    const { rows } = await db.executeQuery<Record<string, string>>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
    const text = rows.map((row) => Object.values(row)[0]).join('\n');
    assertPlanAvoids(text, 'participant_visits', `${operation.label} (${operation.actor})`);
    for (const relation of relationsInPlan(text)) relations.add(relation);
  }
  return { label: operation.label, actor: operation.actor, statements, relations: [...relations].sort() };
}

/**
 * Measures the participant-side reads like the others (benchmark-database.ts): each endpoint
 * once through a recording app to learn its statements, then endpoint and bare SQL in
 * alternation. The funnel's statements are EXPLAINed first: the run stops if any plan
 * mentions participant_visits.
 */
export async function measureParticipantOperations(
  bench: BenchDatabase,
  dataset: Dataset,
  plan: ParticipantPlan,
  options: MeasureOptions,
  startApp: (database: BenchDatabase['database']) => Promise<{ baseUrl: string; close(): Promise<void> }>,
  only: (operation: { group: 'participants'; label: string }) => boolean = () => true,
): Promise<ParticipantResults> {
  const { database } = bench;
  const label = database.kind;
  const targets = await findTargets(database.db, plan, dataset);
  const managerUserId = dataset.people.picks.studyManagerUserId;
  const cookies = new Map<string, string>();
  for (const userId of [plan.coordinatorUserId, managerUserId]) {
    cookies.set(userId, `${sessionCookieName}=${await createSession(database.db, userId, new Date())}`);
  }
  const operations = participantOperations(targets, plan.coordinatorUserId, managerUserId).filter((o) =>
    only({ group: 'participants', label: o.label }),
  );

  const recorded: { operation: ParticipantOperation; queries: RecordedQuery[] }[] = [];
  const funnelChecks: FunnelPlanCheck[] = [];
  const recorder = queryRecorder(bench.newPool());
  const capture = await startApp({ ...database, db: recorder.db });
  try {
    for (const operation of operations) {
      const cookie = cookies.get(operation.userId);
      const queries = await recorder.record(async () => {
        await callApiOk(capture.baseUrl, operation.path, { cookie });
      });
      recorded.push({ operation, queries });
    }
  } finally {
    await capture.close();
    await recorder.close();
  }
  for (const { operation, queries } of recorded) {
    if (!operation.avoidsVisits) continue;
    const check = await explainAll(database.db, queries, operation);
    note(
      `${label}: ${operation.label} (${operation.actor}): EXPLAIN of ${check.statements} statements reads ${check.relations.join(', ')}`,
    );
    funnelChecks.push(check);
  }

  const app = await startApp(database);
  const results: OperationResult[] = [];
  try {
    for (const { operation, queries } of recorded) {
      const cookie = cookies.get(operation.userId);
      note(`${label}: ${operation.label} (${operation.actor})`);
      const samples = await measurePair(
        async () => {
          await callApiOk(app.baseUrl, operation.path, { cookie });
        },
        () => replay(database.db, queries),
        options,
      );
      results.push({
        group: 'participants',
        label: operation.label,
        actor: operation.actor,
        statements: queries.length,
        endpoint: summarize(samples.endpoint),
        bare: summarize(samples.bare),
        gc: samples.gc,
      });
    }
  } finally {
    await app.close();
  }
  return { results, funnelChecks };
}
