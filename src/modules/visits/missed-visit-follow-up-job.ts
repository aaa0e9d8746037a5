import { systemContext } from '../../platform/context.js';
import { defineJob } from '../../platform/jobs/job-definition.js';
import { unsafeFindMissedVisitNotice, unsafeStudySiteTeam } from '../notifications/missed-visit-notice.repo.js';
import { notifyUsers } from '../notifications/notify-users.js';

/**
 * After a visit is marked missed (enqueued in that transaction, so only if it committed): a
 * message to the study-site's team, who reschedule or document it. Transactional: the messages
 * and the job's completion commit together, so the team is told once.
 */
export const missedVisitFollowUpJob = defineJob<{ visitId: string }>({
  name: 'missed-visit-follow-up',
  retry: { limit: 3, delaySeconds: 30, backoff: true },
  transactional: true,
  async handle({ data }, tx) {
    const visit = await unsafeFindMissedVisitNotice(tx, data.visitId);
    // Reopened or removed since: nothing to tell.
    if (visit?.status !== 'missed') return undefined;
    const recipients = await unsafeStudySiteTeam(tx, visit);
    await notifyUsers(tx, systemContext('missed-visit-follow-up'), recipients, {
      kind: 'missed_visit',
      title: `Missed visit: ${visit.subject_number} ${visit.code} (${visit.study_short_name})`,
      body:
        `Visit ${visit.name} (${visit.code}) of participant ${visit.subject_number} at site ${visit.site_number} of ` +
        `${visit.study_short_name} was not done by the end of its window on ${visit.window_end}. A protocol deviation was recorded.`,
      entityType: 'participant',
      entityId: visit.participant_id,
    });
    return {
      message: `Told ${recipients.length} user(s) of a missed visit`,
      details: { visitId: visit.id, recipients: recipients.length },
    };
  },
});
