import type { Dataset } from './dataset.js';

/** The users the benchmark acts as (see people-plan.ts for how they are picked). */
export type BenchActor = 'studyManager' | 'siteCoordinator' | 'admin';

export const actorLabels: Record<BenchActor, string> = {
  studyManager: 'study manager, sponsor org grant',
  siteCoordinator: 'site coordinator, site grants',
  admin: 'platform admin',
};

/** 'start-up' and 'participants' operations are reported in their own tables (sections of their own). */
export type OperationGroup = 'trivial' | 'list' | 'search' | 'detail' | 'write' | 'start-up' | 'participants';

export interface ReadOperation {
  kind: 'read';
  group: OperationGroup;
  /** The request as a reader would write it, e.g. "GET /api/studies?limit=50". */
  label: string;
  path: string;
  /** Absent: an anonymous call (the health check). */
  actor?: BenchActor;
}

export interface WriteOperation {
  kind: 'write';
  group: 'write';
  label: string;
  actor: BenchActor;
  studyId: string;
  /** Two study-sites of one study: one the endpoint changes, one the bare SQL changes, so each keeps its own version. */
  endpointStudySiteId: string;
  bareStudySiteId: string;
}

export type Operation = ReadOperation | WriteOperation;

export const siteSearchTerm = 'cancer';
export const studySearchTerm = 'oma';

/**
 * The calls a user makes all day, each for the actors who make it: a study manager over a
 * sponsor's portfolio, a site coordinator over a few sites, the admin over everything.
 */
export function planOperations(dataset: Dataset): Operation[] {
  const { network, people } = dataset;
  const { studyManagerUserId, siteCoordinatorUserId } = people.picks;
  const scopeIdsOf = (userId: string, scopeType: string) =>
    people.grants.filter((g) => g.user_id === userId && g.scope_type === scopeType).map((g) => g.scope_id);

  const studySitesOf = new Map<string, typeof network.studySites>();
  for (const ss of network.studySites) studySitesOf.set(ss.study_id, [...(studySitesOf.get(ss.study_id) ?? []), ss]);
  const busiest = (studies: typeof network.studies) =>
    [...studies].sort((a, b) => (studySitesOf.get(b.id)?.length ?? 0) - (studySitesOf.get(a.id)?.length ?? 0))[0];

  // The manager's biggest study: its site list fills a whole page.
  const sponsorIds = scopeIdsOf(studyManagerUserId, 'organization');
  const managerStudy = busiest(network.studies.filter((s) => sponsorIds.includes(s.sponsor_org_id)));
  const managerStudySites = managerStudy ? (studySitesOf.get(managerStudy.id) ?? []) : [];
  const managerSite = managerStudySites[0]?.site_id;

  const coordinatorSiteIds = scopeIdsOf(siteCoordinatorUserId, 'site');
  const coordinatorStudy = busiest(
    network.studies.filter((s) => (studySitesOf.get(s.id) ?? []).some((ss) => coordinatorSiteIds.includes(ss.site_id))),
  );
  const coordinatorSite = coordinatorSiteIds[0];
  if (!managerStudy || !managerSite || !coordinatorStudy || !coordinatorSite || managerStudySites.length < 4) {
    throw new Error('the generated network has no study, site or study-sites fit for the benchmark');
  }

  const studyOf: Record<BenchActor, string> = {
    studyManager: managerStudy.id,
    siteCoordinator: coordinatorStudy.id,
    admin: managerStudy.id,
  };
  const siteOf: Record<BenchActor, string> = { studyManager: managerSite, siteCoordinator: coordinatorSite, admin: managerSite };
  const everyone: BenchActor[] = ['studyManager', 'siteCoordinator', 'admin'];
  const writers: BenchActor[] = ['studyManager', 'admin'];
  const read = (group: OperationGroup, actors: BenchActor[], path: (actor: BenchActor) => string, label: string): ReadOperation[] =>
    actors.map((actor) => ({ kind: 'read', group, actor, path: path(actor), label }));
  const ssIds = managerStudySites.map((ss) => ss.id);

  return [
    { kind: 'read', group: 'trivial', label: 'GET /api/health', path: '/api/health' },
    ...read('list', everyone, () => '/api/studies?limit=50', 'GET /api/studies?limit=50'),
    ...read('list', everyone, () => '/api/sites?limit=50', 'GET /api/sites?limit=50'),
    ...read('list', everyone, (a) => `/api/studies/${studyOf[a]}/sites?limit=50`, 'GET /api/studies/{id}/sites?limit=50'),
    ...read('search', writers, () => `/api/sites?q=${siteSearchTerm}&limit=50`, `GET /api/sites?q=${siteSearchTerm}&limit=50`),
    ...read('search', writers, () => `/api/studies?q=${studySearchTerm}&limit=50`, `GET /api/studies?q=${studySearchTerm}&limit=50`),
    ...read('detail', everyone, (a) => `/api/studies/${studyOf[a]}`, 'GET /api/studies/{id}'),
    ...read('detail', everyone, (a) => `/api/sites/${siteOf[a]}`, 'GET /api/sites/{id}'),
    ...writers.map(
      (actor, i): WriteOperation => ({
        kind: 'write',
        group: 'write',
        label: 'PATCH /api/studies/{id}/sites/{ssid} (targetEnrollment + reason, If-Match)',
        actor,
        studyId: managerStudy.id,
        endpointStudySiteId: ssIds[2 * i] as string,
        bareStudySiteId: ssIds[2 * i + 1] as string,
      }),
    ),
  ];
}
