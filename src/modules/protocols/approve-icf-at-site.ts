import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, invalidField, notFound } from '../../platform/errors.js';
import { studySiteToday } from '../study-sites/study-site.repo.js';
import { assertCanRecordSiteApproval } from './assert-can-write-protocol.js';
import { findIcfVersionOfStudy } from './icf.repo.js';
import type { CreateIcfApproval, IcfApproval } from './icf.schemas.js';
import {
  findIcfApproval,
  findStudySiteForProtocols,
  insertIcfApproval,
  listApprovedIcfVersions,
  lockStudySiteForApproval,
  toIcfApproval,
} from './site-approval.repo.js';
import { siteApprovalEffects } from './site-approval-effects.js';

/**
 * Records that a study-site's IRB/IEC approved a consent form version on a date. ICH E6(R3)
 * 2.8.2: participants consent on the version in force; each language has its own line, and a
 * new approval in a language cannot be dated before the one it replaces.
 */
export async function approveIcfAtSite(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { studyId: string; studySiteId: string },
  { icfVersionId, approvedOn, reason }: CreateIcfApproval,
): Promise<IcfApproval> {
  try {
    return await db.transaction().execute(async (tx) => {
      const studySite = await findStudySiteForProtocols(tx, ctx, ids.studyId, ids.studySiteId);
      if (!studySite) throw notFound('study-site');
      assertCanRecordSiteApproval(ctx, studySite);
      await lockStudySiteForApproval(tx, studySite.id);
      const icf = await findIcfVersionOfStudy(tx, ids.studyId, icfVersionId);
      if (!icf) throw invalidField('/icfVersionId', 'No such consent form version in this study.');
      const today = studySiteToday(studySite, ctx.now());
      if (approvedOn > today)
        throw invalidField('/approvedOn', `An approval date cannot be in the future (today at the site is ${today}).`);
      const approved = await listApprovedIcfVersions(tx, studySite.id, icf.language);
      if (approved.some((a) => a.icf_version_id === icf.id)) {
        const detail = `Consent form ${icf.version_label} (${icf.language}) is approved at this site already.`;
        throw conflict(detail, [{ pointer: '/icfVersionId', detail }]);
      }
      const previous = approved[0];
      if (previous && approvedOn < previous.approved_on) {
        throw invalidField(
          '/approvedOn',
          `Consent form ${previous.version_label} (${icf.language}) was approved at this site on ${previous.approved_on}: a later version cannot be approved before that.`,
        );
      }
      const id = await insertIcfApproval(tx, {
        study_site_id: studySite.id,
        icf_version_id: icf.id,
        language: icf.language,
        approved_on: approvedOn,
        reason: reason ?? null,
        recorded_by_user_id: actorUserId(ctx.actor),
      });
      await writeAuditEvent(tx, ctx, {
        entityType: 'icf_site_approval',
        entityId: id,
        action: 'create',
        changes: [
          { field: 'studySiteId', old: null, new: studySite.id },
          { field: 'icfVersionId', old: null, new: icf.id },
          { field: 'versionLabel', old: null, new: icf.version_label },
          { field: 'language', old: null, new: icf.language },
          { field: 'approvedOn', old: null, new: approvedOn },
        ],
        reason,
      });
      await siteApprovalEffects().icfApproved(tx, ctx, {
        studySiteId: studySite.id,
        icf: { id: icf.id, language: icf.language, versionLabel: icf.version_label },
        approvedOn,
      });
      return toIcfApproval(await findIcfApproval(tx, id));
    });
  } catch (error) {
    rethrowUniqueViolation(error, {
      icf_site_approvals_study_site_id_icf_version_id_key: {
        pointer: '/icfVersionId',
        detail: 'This consent form version is approved at this site already.',
      },
    });
  }
}
