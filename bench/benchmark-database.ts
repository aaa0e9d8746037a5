import type { AddressInfo } from 'node:net';
import { type Kysely, sql } from 'kysely';
import { domainModules } from '../src/modules/index.js';
import { verifyAuditChain } from '../src/platform/audit/verify-audit-chain.js';
import { createSession, loadActor, sessionCookieName } from '../src/platform/auth/sessions.repo.js';
import type { Actor } from '../src/platform/context.js';
import type { Database } from '../src/platform/db/database.js';
import type { DB } from '../src/platform/db/schema.js';
import { buildApp } from '../src/platform/http/build-app.js';
import { bareStudySiteWrite, writeReason } from './bare-write.js';
import type { BenchDatabase } from './bench-databases.js';
import { actorLabels, type BenchActor, type Operation, planOperations, type WriteOperation } from './bench-operations.js';
import type { Dataset } from './dataset.js';
import { callApiOk } from './http-client.js';
import { type LoadResult, loadDataset } from './load-dataset.js';
import { type GcShare, type MeasureOptions, measurePair } from './measure.js';
import { type FunnelPlanCheck, measureParticipantOperations } from './participant-operations.js';
import { loadParticipants, type ParticipantLoad } from './participants-load.js';
import type { ParticipantPlan } from './participants-plan.js';
import { type Summary, summarize } from './percentiles.js';
import { note } from './progress.js';
import { queryRecorder, type RecordedQuery, replay } from './query-recorder.js';
import { planSearchOperations } from './search-operations.js';
import { planStartUpOperations } from './start-up-operations.js';

export interface OperationResult {
  group: Operation['group'];
  label: string;
  actor: string;
  /** Statements the endpoint sent to the database (session and actor look-ups included). */
  statements: number;
  endpoint: Summary;
  bare: Summary;
  /** Collections that paused the process inside each side's samples (see measure.ts). */
  gc?: { endpoint: GcShare; bare: GcShare };
}

export interface DatabaseResult {
  kind: Database['kind'];
  serverVersion: string;
  loadSeconds: number;
  load: LoadResult;
  results: OperationResult[];
  auditChain: string;
  /** Absent when the run was asked for no participants (BENCH_PARTICIPANTS=0). */
  participants?: { load: ParticipantLoad; loadSeconds: number; funnelChecks: FunnelPlanCheck[] };
}

/** Which operations a run measures, by their group and label. */
export type OperationFilter = (operation: { group: Operation['group'] | 'participants'; label: string }) => boolean;

interface Running {
  baseUrl: string;
  close(): Promise<void>;
}

/** The real app on a real socket: port 0 lets the OS pick a free one. */
export async function startApp(database: Database): Promise<Running> {
  const app = await buildApp({ database, modules: domainModules({ secureCookies: false }) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** A prepared operation: what the endpoint call does and what its bare SQL does. */
interface Prepared {
  operation: Operation;
  statements: number;
  endpoint: (baseUrl: string) => Promise<void>;
  bare: (db: Kysely<DB>) => Promise<void>;
}

export async function benchmarkDatabase(
  bench: BenchDatabase,
  dataset: Dataset,
  options: MeasureOptions,
  participantPlan?: ParticipantPlan,
  /** Measures only the operations it keeps (the health check always): a second, smaller run. */
  only?: OperationFilter,
): Promise<DatabaseResult> {
  const { database } = bench;
  const label = database.kind;
  const loadStart = performance.now();
  const load = await loadDataset(database.db, dataset, label);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  note(`${label}: loaded in ${loadSeconds.toFixed(1)} s`);
  const participantStart = performance.now();
  const participantLoad = participantPlan && (await loadParticipants(database.db, participantPlan, label));
  const participantSeconds = (performance.now() - participantStart) / 1000;
  if (participantLoad) note(`${label}: participants and visits loaded in ${participantSeconds.toFixed(1)} s`);

  const picks = dataset.people.picks;
  const userOf: Record<BenchActor, string> = {
    studyManager: picks.studyManagerUserId,
    siteCoordinator: picks.siteCoordinatorUserId,
    admin: picks.adminUserId,
  };
  const cookies = {} as Record<BenchActor, string>;
  const actors = {} as Record<BenchActor, Actor>;
  for (const [name, userId] of Object.entries(userOf) as [BenchActor, string][]) {
    cookies[name] = `${sessionCookieName}=${await createSession(database.db, userId, new Date())}`;
    const actor = await loadActor(database.db, userId);
    if (!actor) throw new Error(`benchmark user ${userId} is missing`);
    actors[name] = actor;
  }

  const prepared = await prepareOperations(bench, dataset, cookies, actors, planSearchOperations(participantPlan), only);

  const app = await startApp(database);
  const results: OperationResult[] = [];
  try {
    for (const { operation, statements, endpoint, bare } of prepared) {
      const actor = operation.actor ? actorLabels[operation.actor] : 'anonymous';
      note(`${label}: ${operation.label} (${actor})`);
      const samples = await measurePair(
        () => endpoint(app.baseUrl),
        () => bare(database.db),
        options,
      );
      results.push({
        group: operation.group,
        label: operation.label,
        actor,
        statements,
        endpoint: summarize(samples.endpoint),
        bare: summarize(samples.bare),
        gc: samples.gc,
      });
    }
  } finally {
    await app.close();
  }
  const participantRun =
    participantPlan && participantLoad
      ? await measureParticipantOperations(bench, dataset, participantPlan, options, startApp, only)
      : undefined;
  results.push(...(participantRun?.results ?? []));

  note(`${label}: verifying the audit chain`);
  const chain = await verifyAuditChain(database.db);
  const auditChain = chain.whole ? `whole (${chain.rows} rows verified)` : `BROKEN at seq ${chain.brokenAtSeq}: ${chain.problem}`;
  const { rows } = await sql<{ version: string }>`select version()`.execute(database.db);
  const participants =
    participantLoad && participantRun
      ? { load: participantLoad, loadSeconds: participantSeconds, funnelChecks: participantRun.funnelChecks }
      : undefined;
  return { kind: database.kind, serverVersion: rows[0]?.version ?? 'unknown', loadSeconds, load, results, auditChain, participants };
}

/**
 * Runs each endpoint once through an app built over the recording Kysely instance, to learn
 * the exact statements it sends; reads are then replayed as recorded. For the write, the
 * bare transaction is recorded too and must send the same SQL as the endpoint, or the run
 * stops: a ratio against different SQL would mean nothing.
 */
async function prepareOperations(
  bench: BenchDatabase,
  dataset: Dataset,
  cookies: Record<BenchActor, string>,
  actors: Record<BenchActor, Actor>,
  searches: Operation[],
  only: OperationFilter = () => true,
): Promise<Prepared[]> {
  const recorder = queryRecorder(bench.newPool());
  const capture = await startApp({ ...bench.database, db: recorder.db });
  const prepared: Prepared[] = [];
  try {
    const operations = [...planOperations(dataset), ...planStartUpOperations(dataset), ...searches].filter(
      (o) => o.group === 'trivial' || only(o),
    );
    for (const operation of operations) {
      if (operation.kind === 'read') {
        const cookie = operation.actor ? cookies[operation.actor] : undefined;
        const queries = await recorder.record(async () => {
          await callApiOk(capture.baseUrl, operation.path, { cookie });
        });
        prepared.push({
          operation,
          statements: queries.length,
          endpoint: async (baseUrl) => {
            await callApiOk(baseUrl, operation.path, { cookie });
          },
          bare: (db) => replay(db, queries),
        });
      } else {
        prepared.push(await prepareWrite(operation, dataset, cookies[operation.actor], actors[operation.actor], capture.baseUrl, recorder));
      }
    }
  } finally {
    await capture.close();
    await recorder.close();
  }
  return prepared;
}

async function prepareWrite(
  operation: WriteOperation,
  dataset: Dataset,
  cookie: string,
  actor: Actor,
  captureUrl: string,
  recorder: ReturnType<typeof queryRecorder>,
): Promise<Prepared> {
  const { studyId, endpointStudySiteId, bareStudySiteId } = operation;
  const path = `/api/studies/${studyId}/sites/${endpointStudySiteId}`;
  // Each call moves the target between two values, so every write changes something.
  const initialTarget = (id: string) => dataset.network.studySites.find((ss) => ss.id === id)?.target_enrollment ?? 10;
  const toggler = (id: string) => {
    const base = initialTarget(id);
    let flip = false;
    return () => {
      flip = !flip;
      return flip ? base + 5 : base;
    };
  };
  const nextEndpointTarget = toggler(endpointStudySiteId);
  const nextBareTarget = toggler(bareStudySiteId);

  let etag = (await callApiOk(captureUrl, path, { cookie })).etag ?? '';
  const patch = async (baseUrl: string) => {
    const answer = await callApiOk(baseUrl, path, {
      method: 'PATCH',
      cookie,
      ifMatch: etag,
      body: { targetEnrollment: nextEndpointTarget(), reason: writeReason },
    });
    // The version bumps on every write: the next If-Match must carry the new ETag.
    etag = answer.etag ?? '';
  };
  const endpointQueries = await recorder.record(() => patch(captureUrl));
  const begin = endpointQueries.findIndex((q) => q.sql.trim().toLowerCase() === 'begin');
  const authQueries = begin > 0 ? endpointQueries.slice(0, begin) : [];
  const bare = (db: Kysely<DB>) => bareStudySiteWrite(db, actor, authQueries, studyId, bareStudySiteId, nextBareTarget());
  const bareQueries = await recorder.record(() => bare(recorder.db));
  assertSameStatements(endpointQueries, bareQueries, operation.label);
  return { operation, statements: endpointQueries.length, endpoint: patch, bare };
}

function assertSameStatements(endpoint: RecordedQuery[], bare: RecordedQuery[], label: string): void {
  const a = endpoint.map((q) => q.sql);
  const b = bare.map((q) => q.sql);
  const differs = a.length !== b.length || a.some((s, i) => s !== b[i]);
  if (differs) {
    throw new Error(`${label}: the bare write does not send the endpoint's SQL.\nendpoint:\n${a.join('\n')}\nbare:\n${b.join('\n')}`);
  }
}
