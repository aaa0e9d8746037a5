import type { Kysely } from 'kysely';
import type { FieldChange } from '../../platform/audit/audit-events.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict } from '../../platform/errors.js';
import type { StudySiteJoined } from '../study-sites/study-site.repo.js';
import { listOpenActivationMilestones } from './milestone.repo.js';

const startUpStatuses = ['candidate', 'selected', 'start_up'];

/**
 * The activation gate (21 CFR 56.103(a), ICH E6(R2) 8.2: no participant is seen at a site before
 * IRB approval and the essential documents are in place): a study-site leaving start-up for 'active' needs an actual
 * date on every milestone its study requires for activation, or an explicit override. The
 * reason is already required for the status change; the override is returned as an audit
 * change so the status-change row shows which milestones were passed over. A study without
 * a milestone template has no gate. Re-opening enrolment (enrollment_closed → active) is not
 * an activation.
 */
export async function assertActivationAllowed(
  tx: Kysely<DB>,
  studySite: StudySiteJoined,
  change: { from: string; to: string | undefined; override?: boolean | undefined },
): Promise<FieldChange[]> {
  if (change.to !== 'active' || !startUpStatuses.includes(change.from)) return [];
  const open = await listOpenActivationMilestones(tx, studySite);
  if (open.length === 0) return [];
  const codes = open.map((m) => m.code);
  if (change.override) return [{ field: 'milestoneOverride', old: null, new: codes }];
  throw conflict(
    `The site cannot become active while milestones required for activation are open: ${codes.join(', ')}. ` +
      'Record their actual dates, or send overrideMilestones: true with the reason.',
    open.map((m) => ({ pointer: '/status', detail: `"${m.name}" (${m.code}) has no actual date.` })),
  );
}
