import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, invalidField, notFound } from '../../platform/errors.js';
import { studySiteToday } from '../study-sites/study-site.repo.js';
import { assertCanRecordSiteApproval } from './assert-can-write-protocol.js';
import type { CreateProtocolApproval, ProtocolApproval } from './icf.schemas.js';
import { findProtocolVersionOfStudy, loadProtocolVersion } from './protocol.repo.js';
import {
  findProtocolApproval,
  findStudySiteForProtocols,
  insertProtocolApproval,
  listApprovedProtocolVersions,
  lockStudySiteForApproval,
  toProtocolApproval,
} from './site-approval.repo.js';
import { siteApprovalEffects } from './site-approval-effects.js';

/**
 * Records that a study-site's IRB/IEC approved a final protocol version on a date. Versions take
 * over from one another at a site in order: neither an earlier version nor an earlier date may
 * follow a later one, so "the version in force on a day" has one answer.
 */
export async function approveProtocolAtSite(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { studyId: string; studySiteId: string },
  { protocolVersionId, approvedOn, reason }: CreateProtocolApproval,
): Promise<ProtocolApproval> {
  try {
    return await db.transaction().execute(async (tx) => {
      const studySite = await findStudySiteForProtocols(tx, ctx, ids.studyId, ids.studySiteId);
      if (!studySite) throw notFound('study-site');
      assertCanRecordSiteApproval(ctx, studySite);
      await lockStudySiteForApproval(tx, studySite.id);
      const version = await findProtocolVersionOfStudy(tx, ids.studyId, protocolVersionId);
      if (!version) throw invalidField('/protocolVersionId', 'No such protocol version in this study.');
      if (version.status !== 'final') {
        const detail = `Version ${version.version_label} is a draft: only a final version can be approved at a site.`;
        throw conflict(detail, [{ pointer: '/protocolVersionId', detail }]);
      }
      const today = studySiteToday(studySite, ctx.now());
      if (approvedOn > today)
        throw invalidField('/approvedOn', `An approval date cannot be in the future (today at the site is ${today}).`);
      const approved = await listApprovedProtocolVersions(tx, studySite.id);
      if (approved.some((a) => a.protocol_version_id === version.id)) {
        const detail = `Version ${version.version_label} is approved at this site already.`;
        throw conflict(detail, [{ pointer: '/protocolVersionId', detail }]);
      }
      const later = approved.find((a) => a.version_number > version.version_number);
      if (later) {
        const detail = `Version ${later.version_label} is approved at this site already: an earlier version cannot follow it.`;
        throw conflict(detail, [{ pointer: '/protocolVersionId', detail }]);
      }
      const previous = approved.reduce<(typeof approved)[number] | undefined>(
        (p, a) => (!p || a.approved_on > p.approved_on ? a : p),
        undefined,
      );
      if (previous && approvedOn < previous.approved_on) {
        throw invalidField(
          '/approvedOn',
          `Version ${previous.version_label} was approved at this site on ${previous.approved_on}: a later version cannot be approved before that.`,
        );
      }
      const id = await insertProtocolApproval(tx, {
        study_site_id: studySite.id,
        protocol_version_id: version.id,
        approved_on: approvedOn,
        reason: reason ?? null,
        recorded_by_user_id: actorUserId(ctx.actor),
      });
      await writeAuditEvent(tx, ctx, {
        entityType: 'protocol_site_approval',
        entityId: id,
        action: 'create',
        changes: [
          { field: 'studySiteId', old: null, new: studySite.id },
          { field: 'protocolVersionId', old: null, new: version.id },
          { field: 'versionLabel', old: null, new: version.version_label },
          { field: 'approvedOn', old: null, new: approvedOn },
        ],
        reason,
      });
      const protocol = await loadProtocolVersion(tx, version);
      await siteApprovalEffects().protocolApproved(tx, ctx, { studySiteId: studySite.id, protocol, approvedOn });
      return toProtocolApproval(await findProtocolApproval(tx, id));
    });
  } catch (error) {
    rethrowUniqueViolation(error, {
      protocol_site_approvals_study_site_id_protocol_version_id_key: {
        pointer: '/protocolVersionId',
        detail: 'This version is approved at this site already.',
      },
    });
  }
}
