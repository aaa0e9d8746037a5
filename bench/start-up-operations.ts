import type { BenchActor, ReadOperation } from './bench-operations.js';
import type { Dataset } from './dataset.js';
import type { StudySiteRow } from './network-plan.js';

/** A surname: it matches people's names and the titles of their CVs and certificates. */
export const documentSearchTerm = 'kowalski';

/**
 * Site start-up reads, for a study manager across a sponsor's studies and a site coordinator
 * at their own sites: completeness (a study's dashboard, a site's binder), the binder's
 * document list, document search, a study-site's delegation log and the start-up board.
 */
export function planStartUpOperations(dataset: Dataset): ReadOperation[] {
  const { network, people } = dataset;
  const { studyManagerUserId, siteCoordinatorUserId } = people.picks;
  const scopeIdsOf = (userId: string, scopeType: string) =>
    people.grants.filter((g) => g.user_id === userId && g.scope_type === scopeType).map((g) => g.scope_id);
  const studySitesOf = new Map<string, StudySiteRow[]>();
  for (const ss of network.studySites) studySitesOf.set(ss.study_id, [...(studySitesOf.get(ss.study_id) ?? []), ss]);
  const size = (studyId: string) => studySitesOf.get(studyId)?.length ?? 0;

  // The manager's largest study: its dashboard shows every site (well over 20).
  const sponsorIds = scopeIdsOf(studyManagerUserId, 'organization');
  const managerStudy = network.studies.filter((s) => sponsorIds.includes(s.sponsor_org_id)).sort((a, b) => size(b.id) - size(a.id))[0];
  const managerStudySite = managerStudy ? studySitesOf.get(managerStudy.id)?.[0] : undefined;
  // The coordinator's busiest study at one of their sites, and their study-site in it.
  const coordinatorSiteIds = scopeIdsOf(siteCoordinatorUserId, 'site');
  const coordinatorStudySite = network.studySites
    .filter((ss) => coordinatorSiteIds.includes(ss.site_id))
    .sort((a, b) => size(b.study_id) - size(a.study_id))[0];
  if (!managerStudy || !managerStudySite || !coordinatorStudySite) {
    throw new Error('the generated network has no study or study-site fit for the start-up benchmark');
  }
  const at: Record<'studyManager' | 'siteCoordinator', StudySiteRow> = {
    studyManager: managerStudySite,
    siteCoordinator: coordinatorStudySite,
  };
  const both: ('studyManager' | 'siteCoordinator')[] = ['studyManager', 'siteCoordinator'];
  const read = (actors: BenchActor[], label: string, path: (ss: StudySiteRow) => string): ReadOperation[] =>
    actors.map((actor) => ({ kind: 'read', group: 'start-up', actor, label, path: path(at[actor as keyof typeof at]) }));

  return [
    ...read(both, 'GET /api/studies/{id}/completeness', (ss) => `/api/studies/${ss.study_id}/completeness`),
    ...read(
      ['studyManager'],
      `GET /api/studies/{id}/completeness?withItems=true (${size(managerStudy.id)} sites)`,
      (ss) => `/api/studies/${ss.study_id}/completeness?withItems=true`,
    ),
    ...read(
      both,
      'binder: GET /api/studies/{id}/completeness?siteId=&withItems=true',
      (ss) => `/api/studies/${ss.study_id}/completeness?siteId=${ss.site_id}&withItems=true`,
    ),
    ...read(
      both,
      'binder: GET /api/documents?studyId=&siteId=&limit=200',
      (ss) => `/api/documents?studyId=${ss.study_id}&siteId=${ss.site_id}&limit=200`,
    ),
    ...read(
      ['studyManager'],
      `GET /api/documents?q=${documentSearchTerm}&limit=50`,
      () => `/api/documents?q=${documentSearchTerm}&limit=50`,
    ),
    ...read(
      both,
      `GET /api/documents?q=${documentSearchTerm}&studyId=&limit=50`,
      (ss) => `/api/documents?q=${documentSearchTerm}&studyId=${ss.study_id}&limit=50`,
    ),
    ...read(both, 'GET /api/studies/{id}/sites/{ssid}/delegation', (ss) => `/api/studies/${ss.study_id}/sites/${ss.id}/delegation`),
    ...read(both, 'GET /api/studies/{id}/startup-board', (ss) => `/api/studies/${ss.study_id}/startup-board`),
  ];
}
