import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.js';
import { confirmSigner, recordSignature } from '../../platform/signatures/signatures.repo.js';
import { notifyUsers } from '../notifications/notify-users.js';
import { canAtStudySite } from '../participants/participant-access.repo.js';
import { unsafeActiveUsersHolding } from '../users/grant-holders.repo.js';
import { unsafeLoadEvent } from './adverse-event.repo.js';
import { lockReportFor, saveReport } from './report-step.js';
import { reloadReportView } from './report-view.js';
import { findVisibleReportRow, listVersionRows, markVersionSubmitted, versionContentHash } from './sae-report.repo.js';
import type { SaeReport } from './safety.schemas.js';

/**
 * The investigator submits the draft version to the sponsor with a Part 11 signature (21 CFR
 * 11.50, 11.200: the password again; the meaning is part of it). The signature is bound to the
 * version's content: the event as it stood and the narrative. The first submission meets the
 * site clock. The study's sponsor-side safety users get an in-app notice, by subject number only
 * and without an arm (ADR 0022).
 */
export async function submitSaeReport(
  db: Kysely<DB>,
  ctx: RequestContext,
  reportId: string,
  expectedVersion: number,
  signing: { password: string; meaning: 'responsibility' | 'authorship' },
): Promise<SaeReport> {
  const found = await findVisibleReportRow(db, ctx, reportId);
  if (!found) throw notFound('SAE report');
  if (!canAtStudySite(ctx, 'sae.submit', found.studySite)) throw forbidden();
  // Outside the transaction: a wrong password is counted toward lockout even though nothing is signed.
  const signer = await confirmSigner(db, ctx, signing.password);
  return db.transaction().execute(async (tx) => {
    const { row, studySite } = await lockReportFor(tx, ctx, reportId, 'sae.submit', expectedVersion);
    const draft = (await listVersionRows(tx, [row.id])).find((v) => !v.submitted_at);
    if (!draft) throw conflict('Every version is submitted: add a follow-up first.', [{ pointer: '/version', detail: 'No draft.' }]);
    if (draft.narrative.trim() === '') throw invalidField('/narrative', 'Write the narrative before submitting the report.');
    const {
      id: _id,
      version: _v,
      createdAt: _c,
      updatedAt: _u,
      saeReportId: _r,
      ...event
    } = await unsafeLoadEvent(tx, row.adverse_event_id);
    const content = { reportId: row.id, versionNumber: draft.version_number, narrative: draft.narrative, event };
    const now = ctx.now();
    await markVersionSubmitted(tx, draft.id, content, signer.id, now);
    await recordSignature(tx, ctx, signer, {
      entityType: 'sae_report_version',
      entityId: draft.id,
      contentHash: versionContentHash(content),
      meaning: signing.meaning,
    });
    await saveReport(tx, ctx, row, row.first_submitted_at ? {} : { first_submitted_at: now });
    await writeAuditEvent(tx, ctx, {
      entityType: 'sae_report',
      entityId: row.id,
      action: 'status_change',
      changes: [
        { field: `version ${draft.version_number} submittedAt`, old: null, new: now.toISOString() },
        ...(row.first_submitted_at ? [] : [{ field: 'firstSubmittedAt', old: null, new: now.toISOString() }]),
      ],
    });
    const recipients = await unsafeActiveUsersHolding(tx, [
      {
        permission: 'sae.assess',
        organizationIds: [studySite.sponsor_org_id, studySite.cro_org_id].filter((o): o is string => o !== null),
        studyId: studySite.study_id,
      },
    ]);
    const kind = draft.version_number === 1 ? 'SAE report' : `SAE follow-up ${draft.version_number - 1}`;
    await notifyUsers(tx, ctx, recipients, {
      kind: 'sae_submitted',
      title: `${kind} submitted: ${event.subjectNumber} (${studySite.study_short_name})`,
      body: `Site ${studySite.site_number} of ${studySite.study_short_name} submitted the ${kind} for participant ${event.subjectNumber}: ${event.verbatimTerm}. Acknowledge it to start the regulatory clocks.`,
      entityType: 'sae_report',
      entityId: row.id,
    });
    return reloadReportView(tx, ctx, row.id);
  });
}
