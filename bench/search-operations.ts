import { type BenchActor, type ReadOperation, siteSearchTerm, studySearchTerm } from './bench-operations.js';
import type { ParticipantPlan } from './participants-plan.js';
import { documentSearchTerm } from './start-up-operations.js';

/** Two letters: too short for a trigram, the search walks the list's sort order instead (platform/db/like.ts). */
export const shortSearchTerm = 'ko';

/**
 * A subject number without its country, as a coordinator reads it off a paper form: the
 * seventh participant (or the last) of the coordinator's busiest study-site. The same site
 * number runs in other studies too, so the text matches there as well.
 */
export function subjectSearchTerm(plan: ParticipantPlan): string | undefined {
  const quota = plan.quotas
    .filter((q) => q.coordinatorUserId === plan.coordinatorUserId && q.participants > 0)
    .sort((a, b) => b.participants - a.participants || a.studySiteId.localeCompare(b.studySiteId))[0];
  if (!quota) return undefined;
  const seq = Math.min(7, quota.participants);
  return `${quota.siteNumber.replace(/^[A-Z]+-/, '')}-${String(seq).padStart(3, '0')}`;
}

/**
 * Search across everything a user sees, for a study manager over a sponsor's portfolio and a
 * site coordinator at their own sites. Measured elsewhere already: site and study search by
 * the study manager and the admin (bench-operations.ts), the study manager's document search
 * (start-up-operations.ts). Participant search only when participants were loaded.
 */
export function planSearchOperations(participantPlan?: ParticipantPlan): ReadOperation[] {
  const both: BenchActor[] = ['studyManager', 'siteCoordinator'];
  const read = (actors: BenchActor[], path: string): ReadOperation[] =>
    actors.map((actor) => ({ kind: 'read', group: 'search', actor, path, label: `GET ${path}` }));
  const subject = participantPlan && subjectSearchTerm(participantPlan);
  return [
    ...read(['siteCoordinator'], `/api/documents?q=${documentSearchTerm}&limit=50`),
    ...read(['studyManager'], `/api/documents?q=${shortSearchTerm}&limit=50`),
    ...read(both, `/api/people?q=${documentSearchTerm}&limit=50`),
    ...read(['siteCoordinator'], `/api/sites?q=${siteSearchTerm}&limit=50`),
    ...read(['siteCoordinator'], `/api/studies?q=${studySearchTerm}&limit=50`),
    ...(subject ? read(both, `/api/participants?q=${subject}&limit=50`) : []),
  ];
}
