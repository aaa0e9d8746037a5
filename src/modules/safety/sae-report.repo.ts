import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findSignatures } from '../../platform/signatures/signatures.repo.js';
import { studySiteIdIn } from '../participants/participant-access.repo.js';
import type { StudySiteJoined } from '../study-sites/study-site.repo.js';
import { studySiteForSafety } from './adverse-event.repo.js';
import type { SafetySettings, SafetySettingsInput } from './safety.schemas.js';
import { defaultSusarDays } from './safety-clocks.js';

export type SaeReportRow = Selectable<DB['sae_reports']>;
export type ReportVersionRow = Selectable<DB['sae_report_versions']>;
export type RegulatoryClockRow = Selectable<DB['sae_regulatory_clocks']>;

/** The report and its study-site, when the caller reads adverse events there (else undefined: 404). */
export async function findVisibleReportRow(
  db: Kysely<DB>,
  ctx: RequestContext,
  id: string,
  options: { lock?: boolean } = {},
): Promise<{ row: SaeReportRow; studySite: StudySiteJoined } | undefined> {
  let query = db.selectFrom('sae_reports').selectAll().where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  const studySite = row && (await studySiteForSafety(db, ctx, row.study_site_id));
  return row && studySite ? { row, studySite } : undefined;
}

export async function findReportOfEvent(db: Kysely<DB>, adverseEventId: string): Promise<SaeReportRow | undefined> {
  return db.selectFrom('sae_reports').selectAll().where('adverse_event_id', '=', adverseEventId).executeTakeFirst();
}

export async function insertReport(tx: Kysely<DB>, values: Insertable<DB['sae_reports']>): Promise<string> {
  const { id } = await tx.insertInto('sae_reports').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateReportRow(
  tx: Kysely<DB>,
  id: string,
  version: number,
  values: Partial<Insertable<DB['sae_reports']>>,
  now: Date,
) {
  const result = await tx
    .updateTable('sae_reports')
    .set({ ...values, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function listVersionRows(db: Kysely<DB>, reportIds: string[]): Promise<ReportVersionRow[]> {
  if (reportIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('sae_report_versions').selectAll().where('report_id', 'in', reportIds).orderBy('version_number').execute();
}

export async function insertVersion(tx: Kysely<DB>, values: Insertable<DB['sae_report_versions']>): Promise<void> {
  await tx.insertInto('sae_report_versions').values(values).execute();
}

export async function updateDraftNarrative(tx: Kysely<DB>, versionId: string, narrative: string): Promise<void> {
  await tx.updateTable('sae_report_versions').set({ narrative }).where('id', '=', versionId).where('submitted_at', 'is', null).execute();
}

export async function markVersionSubmitted(tx: Kysely<DB>, versionId: string, content: unknown, userId: string, at: Date): Promise<void> {
  await tx
    .updateTable('sae_report_versions')
    .set({ content: JSON.stringify(content), submitted_by_user_id: userId, submitted_at: at })
    .where('id', '=', versionId)
    .execute();
}

/** SHA-256 of what a version says (RFC 8785 JSON): the investigator's signature is bound to it. */
export function versionContentHash(content: unknown): string {
  const canonical = canonicalize(content);
  if (canonical === undefined) throw new Error('report version cannot be canonicalized');
  return createHash('sha256').update(canonical).digest('hex');
}

export function findVersionSignatures(db: Kysely<DB>, versionIds: string[]) {
  return findSignatures(db, 'sae_report_version', versionIds);
}

export function listClockRows(db: Kysely<DB>, reportIds: string[]): Promise<RegulatoryClockRow[]> {
  if (reportIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sae_regulatory_clocks')
    .selectAll()
    .where('report_id', 'in', reportIds)
    .orderBy('due_at')
    .orderBy('country')
    .execute();
}

export async function insertClocks(tx: Kysely<DB>, values: Insertable<DB['sae_regulatory_clocks']>[]): Promise<void> {
  if (values.length > 0) await tx.insertInto('sae_regulatory_clocks').values(values).execute();
}

export function findClockRow(db: Kysely<DB>, id: string, options: { lock?: boolean } = {}) {
  let query = db.selectFrom('sae_regulatory_clocks').selectAll().where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function updateClockMet(
  tx: Kysely<DB>,
  row: RegulatoryClockRow,
  values: { met_at: Date; met_by_user_id: string | null; submission_reference: string },
  now: Date,
) {
  const result = await tx
    .updateTable('sae_regulatory_clocks')
    .set({ ...values, version: row.version + 1, updated_at: now })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The countries where the study has sites, each with the zones of its sites there. */
export async function studyCountryZones(db: Kysely<DB>, studyId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('study_sites')
    .innerJoin('sites', 'sites.id', 'study_sites.site_id')
    .select(['sites.country', 'sites.time_zone'])
    .distinct()
    .where('study_sites.study_id', '=', studyId)
    .orderBy('sites.country')
    .orderBy('sites.time_zone')
    .execute();
  const zones = new Map<string, string[]>();
  for (const row of rows) zones.set(row.country, [...(zones.get(row.country) ?? []), row.time_zone]);
  return zones;
}

export async function loadSafetySettings(db: Kysely<DB>, studyId: string): Promise<SafetySettings> {
  const settings = await db.selectFrom('safety_study_settings').selectAll().where('study_id', '=', studyId).executeTakeFirst();
  const rules = await db.selectFrom('safety_country_rules').selectAll().where('study_id', '=', studyId).orderBy('country').execute();
  return {
    studyId,
    siteReportHours: settings?.site_report_hours ?? 24,
    countryRules: rules.map((r) => ({
      country: r.country,
      fatalDays: r.fatal_days,
      completionDays: r.completion_days,
      otherDays: r.other_days,
    })),
    version: settings?.version ?? 0,
  };
}

/** The SUSAR days in force in a country: its override, else ICH E2A's. */
export function susarDaysFor(settings: SafetySettings, country: string) {
  return settings.countryRules.find((rule) => rule.country === country) ?? defaultSusarDays;
}

/** Replaces the settings when they are still at `expectedVersion` (0: never saved); false when stale. */
export async function saveSafetySettings(tx: Kysely<DB>, studyId: string, expectedVersion: number, input: SafetySettingsInput, now: Date) {
  if (expectedVersion === 0) {
    const inserted = await tx
      .insertInto('safety_study_settings')
      .values({ study_id: studyId, site_report_hours: input.siteReportHours, updated_at: now })
      .onConflict((oc) => oc.column('study_id').doNothing())
      .returning('study_id')
      .executeTakeFirst();
    if (!inserted) return false;
  } else {
    const result = await tx
      .updateTable('safety_study_settings')
      .set({ site_report_hours: input.siteReportHours, version: expectedVersion + 1, updated_at: now })
      .where('study_id', '=', studyId)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
  }
  await tx.deleteFrom('safety_country_rules').where('study_id', '=', studyId).execute();
  if (input.countryRules.length > 0) {
    await tx
      .insertInto('safety_country_rules')
      .values(
        input.countryRules.map((r) => ({
          study_id: studyId,
          country: r.country,
          fatal_days: r.fatalDays,
          completion_days: r.completionDays,
          other_days: r.otherDays,
        })),
      )
      .execute();
  }
  return true;
}

/** Report ids the caller may read, newest due first: open ones by default. */
export async function listVisibleReportRows(
  db: Kysely<DB>,
  ctx: RequestContext,
  filter: { studyId?: string; status: 'open' | 'closed' | 'all' },
): Promise<SaeReportRow[]> {
  let query = db
    .selectFrom('sae_reports')
    .selectAll()
    .where(studySiteIdIn(ctx, 'sae_reports.study_site_id', 'ae.read'));
  if (filter.studyId) query = query.where('study_id', '=', filter.studyId);
  if (filter.status !== 'all') query = query.where('status', '=', filter.status);
  return query.orderBy('site_due_at').limit(500).execute();
}

/** The study-sites, events and subject numbers the report views join. */
export function reportContext(db: Kysely<DB>, rows: SaeReportRow[]) {
  const eventIds = rows.map((r) => r.adverse_event_id);
  if (eventIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('adverse_events')
    .innerJoin('participants', 'participants.id', 'adverse_events.participant_id')
    .innerJoin('study_sites', 'study_sites.id', 'adverse_events.study_site_id')
    .innerJoin('sites', 'sites.id', 'study_sites.site_id')
    .innerJoin('studies', 'studies.id', 'adverse_events.study_id')
    .select([
      'adverse_events.id',
      'adverse_events.verbatim_term',
      'adverse_events.serious_criteria',
      'participants.subject_number',
      'study_sites.site_number',
      'sites.country',
      'sites.time_zone',
      'studies.short_name',
    ])
    .where('adverse_events.id', 'in', eventIds)
    .execute();
}

/** A report read without a context: only for the writer that has just written it, in its own transaction. */
export function unsafeFindReportRow(db: Kysely<DB>, id: string): Promise<SaeReportRow> {
  return db.selectFrom('sae_reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function findVersionReportId(db: Kysely<DB>, versionId: string): Promise<string | undefined> {
  const row = await db.selectFrom('sae_report_versions').select('report_id').where('id', '=', versionId).executeTakeFirst();
  return row?.report_id;
}
