import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan, can } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { invalidField, notFound, preconditionFailed } from '../../platform/errors.js';
import { findVisibleStudy, studyScope } from '../studies/study.repo.js';
import { loadSafetySettings, saveSafetySettings } from './sae-report.repo.js';
import type { SafetySettings, SafetySettingsInput } from './safety.schemas.js';

export async function getSafetySettings(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<SafetySettings> {
  const study = await findVisibleStudy(db, ctx, studyId);
  if (!study || !can(ctx.actor, 'ae.read', studyScope(study))) throw notFound('study');
  return loadSafetySettings(db, studyId);
}

/**
 * The study's clock settings (ADR 0022): the site-to-sponsor hours and the per-country SUSAR
 * days. They apply to reports opened and SUSARs decided after the change; clocks already running
 * keep the deadline they were given.
 */
export async function putSafetySettings(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  expectedVersion: number,
  input: SafetySettingsInput,
): Promise<SafetySettings> {
  return db.transaction().execute(async (tx) => {
    const study = await findVisibleStudy(tx, ctx, studyId);
    if (!study) throw notFound('study');
    assertCan(ctx, 'safety.configure', studyScope(study));
    const countries = input.countryRules.map((r) => r.country);
    const twice = countries.findIndex((c, i) => countries.indexOf(c) !== i);
    if (twice >= 0) throw invalidField(`/countryRules/${twice}/country`, 'Each country once.');
    const before = await loadSafetySettings(tx, studyId);
    if (before.version !== expectedVersion) throw preconditionFailed();
    if (!(await saveSafetySettings(tx, studyId, expectedVersion, input, ctx.now()))) throw preconditionFailed();
    await writeAuditEvent(tx, ctx, {
      entityType: 'safety_study_settings',
      entityId: studyId,
      action: expectedVersion === 0 ? 'create' : 'update',
      changes: [
        { field: 'siteReportHours', old: expectedVersion === 0 ? null : before.siteReportHours, new: input.siteReportHours },
        { field: 'countryRules', old: before.countryRules, new: input.countryRules },
      ],
    });
    return loadSafetySettings(tx, studyId);
  });
}
