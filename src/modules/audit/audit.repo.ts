import { type Kysely, sql } from 'kysely';
import type { EntityType } from '../../platform/audit/audit-events.js';
import { can } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { AuditEventRow, DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { calendarHistoryReaders } from '../calendar/calendar-history.js';
import {
  canReadDelegationEntryHistory,
  canReadDelegationTaskHistory,
  canReadTrainingRecordHistory,
  canReadTrainingRequirementHistory,
} from '../delegation/delegation-history.js';
import { findVisibleDocument } from '../documents/document.repo.js';
import { canReadInvitationHistory, canReadQuestionnaireHistory, canReadResponseHistory } from '../feasibility/feasibility-history.js';
import { canReadMilestoneTemplateHistory, canReadStudySiteMilestoneHistory } from '../milestones/milestone.repo.js';
import { findVisibleOrganization } from '../organizations/organization.repo.js';
import { participantHistoryReaders } from '../participants/participant-history.js';
import { findVisiblePerson } from '../people/person.repo.js';
import {
  canReadIcfApprovalHistory,
  canReadIcfVersionHistory,
  canReadProtocolApprovalHistory,
  canReadProtocolVersionHistory,
} from '../protocols/protocol-history.js';
import { randomizationHistoryReaders } from '../randomization/randomization-history.js';
import { findVisibleSite } from '../sites/site.repo.js';
import { findVisibleStudy } from '../studies/study.repo.js';
import { findVisibleStudySite } from '../study-sites/study-site.repo.js';
import { findVisibleUser } from '../users/user.repo.js';
import { visitHistoryReaders } from '../visits/visit-history.js';
import type { AuditEvent } from './audit.schemas.js';

type HistoryReader = (db: Kysely<DB>, ctx: RequestContext, id: string) => Promise<boolean>;

/**
 * A record's history is visible to whoever can see the record itself. An entity type without
 * a reader here shows its history to nobody (deny by default); a test checks that every
 * entity type has one.
 */
export const entityIsVisible: Partial<Record<EntityType, HistoryReader>> = {
  organization: async (db, ctx, id) => Boolean(await findVisibleOrganization(db, ctx, id)),
  study: async (db, ctx, id) => Boolean(await findVisibleStudy(db, ctx, id)),
  site: async (db, ctx, id) => Boolean(await findVisibleSite(db, ctx, id)),
  study_site: async (db, ctx, id) => Boolean(await findVisibleStudySite(db, ctx, id)),
  user: async (db, ctx, id) => Boolean(await findVisibleUser(db, ctx, id)),
  // Grants outlive their deletion in the trail; only those who manage users read their history.
  grant: async (_db, ctx) => can(ctx.actor, 'user.read', { organizationIds: [] }),
  person: async (db, ctx, id) => Boolean(await findVisiblePerson(db, ctx, id)),
  site_staff: async (db, ctx, id) => {
    const staff = await db.selectFrom('site_staff').select('site_id').where('id', '=', id).executeTakeFirst();
    return Boolean(staff && (await findVisibleSite(db, ctx, staff.site_id)));
  },
  document: async (db, ctx, id) => Boolean(await findVisibleDocument(db, ctx, id)),
  document_version: async (db, ctx, id) => {
    const version = await db.selectFrom('document_versions').select('document_id').where('id', '=', id).executeTakeFirst();
    return Boolean(version && (await findVisibleDocument(db, ctx, version.document_id)));
  },
  // A removed rule leaves no row to scope it by; its history stays with the platform admins.
  document_rule: async (db, ctx, id) => {
    const rule = await db.selectFrom('document_rules').select('study_id').where('id', '=', id).executeTakeFirst();
    return rule ? Boolean(await findVisibleStudy(db, ctx, rule.study_id)) : can(ctx.actor, 'user.read', { organizationIds: [] });
  },
  document_waiver: async (db, ctx, id) => {
    const waiver = await db.selectFrom('document_waivers').select(['study_id', 'site_id']).where('id', '=', id).executeTakeFirst();
    if (!waiver) return false;
    const studySite = await db
      .selectFrom('study_sites')
      .select('id')
      .where('study_id', '=', waiver.study_id)
      .where('site_id', '=', waiver.site_id)
      .executeTakeFirst();
    return Boolean(studySite && (await findVisibleStudySite(db, ctx, studySite.id)));
  },
  training_record: canReadTrainingRecordHistory,
  training_requirement: canReadTrainingRequirementHistory,
  delegation_task: canReadDelegationTaskHistory,
  delegation_entry: canReadDelegationEntryHistory,
  feasibility_questionnaire: canReadQuestionnaireHistory,
  feasibility_invitation: canReadInvitationHistory,
  feasibility_response: canReadResponseHistory,
  milestone_template: canReadMilestoneTemplateHistory,
  study_site_milestone: canReadStudySiteMilestoneHistory,
  protocol_version: canReadProtocolVersionHistory,
  protocol_site_approval: canReadProtocolApprovalHistory,
  icf_version: canReadIcfVersionHistory,
  icf_site_approval: canReadIcfApprovalHistory,
  ...participantHistoryReaders,
  ...randomizationHistoryReaders,
  ...visitHistoryReaders,
  ...calendarHistoryReaders,
};

export async function canReadHistory(db: Kysely<DB>, ctx: RequestContext, entityType: EntityType, entityId: string): Promise<boolean> {
  const reader = entityIsVisible[entityType];
  return reader ? reader(db, ctx, entityId) : false;
}

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    seq: row.seq,
    occurredAt: iso(row.occurred_at),
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    entityType: row.entity_type as AuditEvent['entityType'],
    entityId: row.entity_id,
    action: row.action,
    changes: row.changes as AuditEvent['changes'],
    reason: row.reason,
    requestId: row.request_id,
    hash: row.hash,
  };
}

export async function listHistory(db: Kysely<DB>, entityType: EntityType, entityId: string): Promise<AuditEvent[]> {
  let query = db.selectFrom('audit_events').selectAll();
  if (entityType === 'user') {
    // A user's history includes the roles granted to and revoked from them, recorded per grant.
    const granted = JSON.stringify([{ field: 'userId', new: entityId }]);
    const revoked = JSON.stringify([{ field: 'userId', old: entityId }]);
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('entity_type', '=', 'user'), eb('entity_id', '=', entityId)]),
        eb.and([
          eb('entity_type', '=', 'grant'),
          eb.or([sql<boolean>`changes @> ${granted}::jsonb`, sql<boolean>`changes @> ${revoked}::jsonb`]),
        ]),
      ]),
    );
  } else {
    query = query.where('entity_type', '=', entityType).where('entity_id', '=', entityId);
  }
  return (await query.orderBy('seq').execute()).map(toAuditEvent);
}
