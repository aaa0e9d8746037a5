import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict } from '../../platform/errors.js';
import { lockReportFor, saveReport } from './report-step.js';
import { reloadReportView } from './report-view.js';
import { insertVersion, listVersionRows, updateDraftNarrative } from './sae-report.repo.js';
import type { SaeReport } from './safety.schemas.js';

/** The site writes the narrative of the version not yet submitted. */
export async function saveReportDraft(
  db: Kysely<DB>,
  ctx: RequestContext,
  reportId: string,
  expectedVersion: number,
  narrative: string,
): Promise<SaeReport> {
  return db.transaction().execute(async (tx) => {
    const { row } = await lockReportFor(tx, ctx, reportId, 'ae.write', expectedVersion);
    const draft = (await listVersionRows(tx, [row.id])).find((v) => !v.submitted_at);
    if (!draft)
      throw conflict('Every version is submitted: add a follow-up to say more.', [{ pointer: '/narrative', detail: 'No draft.' }]);
    await updateDraftNarrative(tx, draft.id, narrative);
    await saveReport(tx, ctx, row, {});
    await writeAuditEvent(tx, ctx, {
      entityType: 'sae_report',
      entityId: row.id,
      action: 'update',
      changes: [{ field: `version ${draft.version_number} narrative`, old: draft.narrative, new: narrative }],
    });
    return reloadReportView(tx, ctx, row.id);
  });
}

/** A follow-up (new information) starts a new version, once every earlier one was submitted. */
export async function addFollowUp(
  db: Kysely<DB>,
  ctx: RequestContext,
  reportId: string,
  expectedVersion: number,
  narrative: string,
): Promise<SaeReport> {
  return db.transaction().execute(async (tx) => {
    const { row } = await lockReportFor(tx, ctx, reportId, 'ae.write', expectedVersion);
    const versions = await listVersionRows(tx, [row.id]);
    if (versions.some((v) => !v.submitted_at))
      throw conflict('A version is still a draft: submit it first.', [{ pointer: '/narrative', detail: 'A draft is open.' }]);
    const number = versions.length + 1;
    await insertVersion(tx, { report_id: row.id, version_number: number, narrative, created_at: ctx.now() });
    await saveReport(tx, ctx, row, {});
    await writeAuditEvent(tx, ctx, {
      entityType: 'sae_report',
      entityId: row.id,
      action: 'update',
      changes: [{ field: `version ${number} narrative`, old: null, new: narrative }],
    });
    return reloadReportView(tx, ctx, row.id);
  });
}
