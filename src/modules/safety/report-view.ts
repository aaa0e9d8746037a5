import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { toSignature } from '../../platform/signatures/signatures.repo.js';
import { armShownTo } from '../participants/blinding.repo.js';
import { findVisibleParticipant } from '../participants/participant-access.repo.js';
import {
  findVersionSignatures,
  listClockRows,
  listVersionRows,
  type RegulatoryClockRow,
  reportContext,
  type SaeReportRow,
  unsafeFindReportRow,
  versionContentHash,
} from './sae-report.repo.js';
import type { Clock, SaeReport, SaeReportSummary } from './safety.schemas.js';
import { clockStatus, regulatoryDueSoonMs, siteDueSoonMs } from './safety-clocks.js';

const isoOrNull = (value: Date | string | null) => (value ? iso(value) : null);

function siteClock(row: SaeReportRow, timeZone: string, now: Date): Clock {
  const metAt = row.first_submitted_at ? new Date(row.first_submitted_at) : null;
  return {
    id: null,
    kind: 'site',
    country: null,
    timeZone,
    dayZero: null,
    dueDays: null,
    dueAt: iso(row.site_due_at),
    status: clockStatus(new Date(row.site_due_at), metAt, now, siteDueSoonMs),
    metAt: isoOrNull(row.first_submitted_at),
    submissionReference: null,
    version: row.version,
  };
}

function regulatoryClock(row: RegulatoryClockRow, now: Date): Clock {
  return {
    id: row.id,
    kind: row.kind as 'expedited' | 'completion',
    country: row.country,
    timeZone: row.time_zone,
    dayZero: row.day_zero,
    dueDays: row.due_days,
    dueAt: iso(row.due_at),
    status: clockStatus(new Date(row.due_at), row.met_at ? new Date(row.met_at) : null, now, regulatoryDueSoonMs),
    metAt: isoOrNull(row.met_at),
    submissionReference: row.submission_reference,
    version: row.version,
  };
}

/** Reports as summaries with their clocks; rows are ones the caller may read. No arm: lists never carry one. */
export async function reportSummaries(db: Kysely<DB>, rows: SaeReportRow[], now: Date): Promise<SaeReportSummary[]> {
  const context = new Map((await reportContext(db, rows)).map((c) => [c.id, c]));
  const clocks = await listClockRows(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => {
    const c = context.get(row.adverse_event_id);
    if (!c) throw new Error('report without its event');
    const site = siteClock(row, c.time_zone, now);
    const regulatory = clocks.filter((clock) => clock.report_id === row.id).map((clock) => regulatoryClock(clock, now));
    const running = [site, ...regulatory].filter((clock) => clock.status !== 'met').map((clock) => clock.dueAt);
    return {
      id: row.id,
      adverseEventId: row.adverse_event_id,
      studyId: row.study_id,
      studyShortName: c.short_name,
      studySiteId: row.study_site_id,
      siteNumber: c.site_number,
      country: c.country,
      siteTimeZone: c.time_zone,
      participantId: row.participant_id,
      subjectNumber: c.subject_number,
      verbatimTerm: c.verbatim_term,
      seriousCriteria: c.serious_criteria as SaeReport['seriousCriteria'],
      status: row.status as SaeReport['status'],
      siteAwareAt: iso(row.site_aware_at),
      sponsorAwareAt: isoOrNull(row.sponsor_aware_at),
      sponsorExpectedness: row.sponsor_expectedness as SaeReport['sponsorExpectedness'],
      sponsorCausality: row.sponsor_causality as SaeReport['sponsorCausality'],
      susar: row.susar,
      fatalOrLifeThreatening: row.fatal_or_life_threatening,
      assessedAt: isoOrNull(row.assessed_at),
      closedAt: isoOrNull(row.closed_at),
      siteClock: site,
      regulatoryClocks: regulatory,
      nextDueAt: running.sort()[0] ?? null,
      version: row.version,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    };
  });
}

/**
 * One report as the caller sees it: its versions with their signatures, and the arm only when the
 * blinding rule lets this caller see it (ADR 0022: the SUSAR assessment of a blinded study reads
 * the arm through the emergency-unblinding path; everyone else stays blind).
 */
export async function reportView(db: Kysely<DB>, ctx: RequestContext, row: SaeReportRow): Promise<SaeReport> {
  const [summary] = await reportSummaries(db, [row], ctx.now());
  if (!summary) throw new Error('report vanished');
  const versions = await listVersionRows(db, [row.id]);
  const signatures = await findVersionSignatures(
    db,
    versions.map((v) => v.id),
  );
  const visible = await findVisibleParticipant(db, ctx, row.participant_id);
  const arm = visible ? await armShownTo(db, ctx, visible) : null;
  const { nextDueAt: _next, ...rest } = summary;
  return {
    ...rest,
    versions: versions.map((v) => {
      const signature = signatures.find((s) => s.entity_id === v.id);
      return {
        number: v.version_number,
        kind: v.version_number === 1 ? 'initial' : 'follow_up',
        narrative: v.narrative,
        submittedAt: isoOrNull(v.submitted_at),
        submittedByUserId: v.submitted_by_user_id,
        signature: signature && v.content ? toSignature(signature, versionContentHash(v.content)) : null,
      };
    }),
    arm,
  };
}

/** The view of a report just written, read again in the writer's transaction. */
export async function reloadReportView(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<SaeReport> {
  return reportView(db, ctx, await unsafeFindReportRow(db, id));
}
