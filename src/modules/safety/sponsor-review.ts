import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, invalidField } from '../../platform/errors.js';
import { unsafeLoadEvent } from './adverse-event.repo.js';
import { lockReportFor, saveReport } from './report-step.js';
import { reloadReportView } from './report-view.js';
import { insertClocks, loadSafetySettings, studyCountryZones, susarDaysFor } from './sae-report.repo.js';
import type { SaeReport } from './safety.schemas.js';
import { earliestDeadline } from './safety-clocks.js';

/**
 * The sponsor acknowledges receipt: the instant it first learned of the report is day 0 of the
 * regulatory clocks (ICH E2A III.A.1). It may be earlier than now (a phone call), never in the
 * future, never before the site itself knew.
 */
export async function acknowledgeSaeReport(
  db: Kysely<DB>,
  ctx: RequestContext,
  reportId: string,
  expectedVersion: number,
  input: { sponsorAwareAt?: string | undefined },
): Promise<SaeReport> {
  return db.transaction().execute(async (tx) => {
    const { row } = await lockReportFor(tx, ctx, reportId, 'sae.assess', expectedVersion);
    if (!row.first_submitted_at)
      throw conflict('The site has not submitted the report yet.', [{ pointer: '/sponsorAwareAt', detail: 'Nothing submitted yet.' }]);
    if (row.sponsor_aware_at)
      throw conflict('The report was acknowledged already.', [{ pointer: '/sponsorAwareAt', detail: 'Acknowledged already.' }]);
    const now = ctx.now();
    const awareAt = input.sponsorAwareAt ? new Date(input.sponsorAwareAt) : now;
    if (awareAt > now) throw invalidField('/sponsorAwareAt', 'The awareness time cannot be in the future.');
    if (awareAt < new Date(row.site_aware_at))
      throw invalidField('/sponsorAwareAt', 'The sponsor cannot have learned of the event before the site did.');
    await saveReport(tx, ctx, row, { sponsor_aware_at: awareAt, acknowledged_by_user_id: actorUserId(ctx.actor) });
    await writeAuditEvent(tx, ctx, {
      entityType: 'sae_report',
      entityId: row.id,
      action: 'status_change',
      changes: [{ field: 'sponsorAwareAt', old: null, new: awareAt.toISOString() }],
    });
    return reloadReportView(tx, ctx, row.id);
  });
}

/**
 * The sponsor's assessment: expectedness against the reference safety information, causality,
 * and the SUSAR decision (serious, unexpected and suspected related: ICH E2A II.A). A SUSAR starts
 * a clock per country where the study has sites: 7 days when fatal or life-threatening with the
 * complete report 8 days later, 15 days otherwise, or the country's override (ADR 0022).
 */
export async function assessSaeReport(
  db: Kysely<DB>,
  ctx: RequestContext,
  reportId: string,
  expectedVersion: number,
  input: { expectedness: 'expected' | 'unexpected'; causality: 'related' | 'not_related'; susar: boolean },
): Promise<SaeReport> {
  return db.transaction().execute(async (tx) => {
    const { row } = await lockReportFor(tx, ctx, reportId, 'sae.assess', expectedVersion);
    if (!row.sponsor_aware_at)
      throw conflict('Acknowledge the report before assessing it.', [{ pointer: '/susar', detail: 'Not acknowledged.' }]);
    if (row.susar !== null) throw conflict('The SUSAR decision was made already.', [{ pointer: '/susar', detail: 'Decided already.' }]);
    const qualifies = input.expectedness === 'unexpected' && input.causality === 'related';
    if (input.susar !== qualifies)
      throw invalidField(
        '/susar',
        input.susar
          ? 'A SUSAR is unexpected and suspected related: the assessment says otherwise.'
          : 'An unexpected, suspected related serious reaction is a SUSAR.',
      );
    const event = await unsafeLoadEvent(tx, row.adverse_event_id);
    const fatal = event.seriousCriteria.includes('death') || event.seriousCriteria.includes('life_threatening');
    const now = ctx.now();
    await saveReport(tx, ctx, row, {
      sponsor_expectedness: input.expectedness,
      sponsor_causality: input.causality,
      susar: input.susar,
      fatal_or_life_threatening: fatal,
      assessed_at: now,
      assessed_by_user_id: actorUserId(ctx.actor),
    });
    const clocks = input.susar ? await susarClocks(tx, row.id, row.study_id, new Date(row.sponsor_aware_at), fatal) : [];
    await insertClocks(tx, clocks);
    await writeAuditEvent(tx, ctx, {
      entityType: 'sae_report',
      entityId: row.id,
      action: 'status_change',
      changes: [
        { field: 'sponsorExpectedness', old: null, new: input.expectedness },
        { field: 'sponsorCausality', old: null, new: input.causality },
        { field: 'susar', old: null, new: input.susar },
        { field: 'fatalOrLifeThreatening', old: null, new: fatal },
        ...clocks.map((c) => ({
          field: `clock ${c.country} ${c.kind}`,
          old: null,
          new: { dayZero: c.day_zero, dueDays: c.due_days, dueAt: c.due_at.toISOString() },
        })),
      ],
    });
    return reloadReportView(tx, ctx, row.id);
  });
}

async function susarClocks(tx: Kysely<DB>, reportId: string, studyId: string, sponsorAwareAt: Date, fatal: boolean) {
  const settings = await loadSafetySettings(tx, studyId);
  const clocks = [];
  for (const [country, zones] of await studyCountryZones(tx, studyId)) {
    const days = susarDaysFor(settings, country);
    const plan = fatal
      ? [
          { kind: 'expedited', due: days.fatalDays },
          { kind: 'completion', due: days.fatalDays + days.completionDays },
        ]
      : [{ kind: 'expedited', due: days.otherDays }];
    for (const { kind, due } of plan) {
      const deadline = earliestDeadline(sponsorAwareAt, due, zones);
      clocks.push({
        report_id: reportId,
        study_id: studyId,
        country,
        kind,
        time_zone: deadline.timeZone,
        day_zero: deadline.dayZero,
        due_days: due,
        due_at: deadline.dueAt,
      });
    }
  }
  return clocks;
}

/** The sponsor closes the report: no follow-up is added after. */
export async function closeSaeReport(db: Kysely<DB>, ctx: RequestContext, reportId: string, expectedVersion: number): Promise<SaeReport> {
  return db.transaction().execute(async (tx) => {
    const { row } = await lockReportFor(tx, ctx, reportId, 'sae.assess', expectedVersion);
    const now = ctx.now();
    await saveReport(tx, ctx, row, { status: 'closed', closed_at: now });
    await writeAuditEvent(tx, ctx, {
      entityType: 'sae_report',
      entityId: row.id,
      action: 'status_change',
      changes: [{ field: 'status', old: 'open', new: 'closed' }],
    });
    return reloadReportView(tx, ctx, row.id);
  });
}
