import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow } from '../../platform/db/schema-participants.js';
import { insertReport, insertVersion, loadSafetySettings } from './sae-report.repo.js';
import { siteDueAt } from './safety-clocks.js';

/**
 * Marking an event serious opens its SAE report (ICH E6(R3); 21 CFR 312.64(b)): the site-to-sponsor
 * clock runs from the site's awareness for the study's hours (24 by default), and the initial
 * version waits as a draft for the investigator's signature.
 */
export async function openSaeReport(
  tx: Kysely<DB>,
  ctx: RequestContext,
  event: { id: string; participant: ParticipantRow },
  siteAwareAt: Date,
  narrative: string,
): Promise<string> {
  const settings = await loadSafetySettings(tx, event.participant.study_id);
  const dueAt = siteDueAt(siteAwareAt, settings.siteReportHours);
  const id = await insertReport(tx, {
    adverse_event_id: event.id,
    study_id: event.participant.study_id,
    study_site_id: event.participant.study_site_id,
    participant_id: event.participant.id,
    site_aware_at: siteAwareAt,
    site_due_at: dueAt,
    created_at: ctx.now(),
    updated_at: ctx.now(),
  });
  await insertVersion(tx, { report_id: id, version_number: 1, narrative, created_at: ctx.now() });
  await writeAuditEvent(tx, ctx, {
    entityType: 'sae_report',
    entityId: id,
    action: 'create',
    changes: [
      { field: 'adverseEventId', old: null, new: event.id },
      { field: 'siteAwareAt', old: null, new: siteAwareAt.toISOString() },
      { field: 'siteDueAt', old: null, new: dueAt.toISOString() },
      { field: 'siteReportHours', old: null, new: settings.siteReportHours },
      { field: 'status', old: null, new: 'open' },
      { field: 'version 1 narrative', old: null, new: narrative },
    ],
  });
  return id;
}
