import { type Kysely, type RawBuilder, sql } from 'kysely';
import { can, scopeIds } from '../../platform/auth/authorize.js';
import type { Permission } from '../../platform/auth/roles.js';
import { visibleStudySites } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow } from '../../platform/db/schema-participants.js';
import { findVisibleStudySite, type StudySiteJoined, studySiteScope } from '../study-sites/study-site.repo.js';

/**
 * The one way every participant-side module (participants, randomization, visits, calendar)
 * reaches a participant or a study-site's participant data: the study-site must be visible and
 * the grant that shows it must carry `participant.read`; anything else answers 404.
 */
export interface VisibleParticipant {
  participant: ParticipantRow;
  studySite: StudySiteJoined;
}

/** The study-site, when the caller may read its participants (pseudonymous). */
export async function findStudySiteForParticipants(
  db: Kysely<DB>,
  ctx: RequestContext,
  studySiteId: string,
  studyId?: string,
): Promise<StudySiteJoined | undefined> {
  const studySite = await findVisibleStudySite(db, ctx, studySiteId);
  if (!studySite || (studyId && studySite.study_id !== studyId)) return undefined;
  return can(ctx.actor, 'participant.read', studySiteScope(studySite)) ? studySite : undefined;
}

export async function findVisibleParticipant(
  db: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
): Promise<VisibleParticipant | undefined> {
  const participant = await db.selectFrom('participants').selectAll().where('id', '=', participantId).executeTakeFirst();
  if (!participant) return undefined;
  const studySite = await findStudySiteForParticipants(db, ctx, participant.study_site_id);
  return studySite ? { participant, studySite } : undefined;
}

/**
 * Locks the participant's row for the rest of the transaction, when the caller may read it (else
 * undefined: 404). Every write to a participant (status, consent, eligibility, randomization,
 * visits) takes this lock first, so writes to one participant happen one after the other.
 */
export async function lockParticipant(tx: Kysely<DB>, ctx: RequestContext, participantId: string): Promise<VisibleParticipant | undefined> {
  const participant = await tx.selectFrom('participants').selectAll().where('id', '=', participantId).forUpdate().executeTakeFirst();
  if (!participant) return undefined;
  const studySite = await findStudySiteForParticipants(tx, ctx, participant.study_site_id);
  return studySite ? { participant, studySite } : undefined;
}

/** Records that belong to one participant: each is visible exactly when its participant is. */
export type ParticipantChildTable = 'consents' | 'reconsent_tasks' | 'participant_visits' | 'emergency_unblindings';

/** The participant a consent, task, visit or unblinding belongs to, when the caller may read them. */
export async function findVisibleParticipantOf(
  db: Kysely<DB>,
  ctx: RequestContext,
  table: ParticipantChildTable,
  id: string,
): Promise<VisibleParticipant | undefined> {
  const row = await db.selectFrom(table).select('participant_id').where('id', '=', id).executeTakeFirst();
  return row ? findVisibleParticipant(db, ctx, row.participant_id) : undefined;
}

/** May the caller use `permission` on participant data at this study-site? */
export function canAtStudySite(ctx: RequestContext, permission: Permission, studySite: StudySiteJoined): boolean {
  return can(ctx.actor, permission, studySiteScope(studySite));
}

/** Names, contact details, dates of birth: site-level roles only; sponsors and CROs never. */
export function canIdentify(ctx: RequestContext, studySite: StudySiteJoined): boolean {
  return canAtStudySite(ctx, 'participant.identify', studySite);
}

/**
 * SQL filter for lists: rows whose `column` (a study_sites.id) is a study-site where the caller
 * holds `permission`. One uncorrelated IN, the shape of scope-filters.ts.
 */
export function studySiteIdIn(ctx: RequestContext, column: string, permission: Permission = 'participant.read'): RawBuilder<boolean> {
  const ids = scopeIds(ctx.actor, permission);
  if (ids.platform) return sql<boolean>`true`;
  return sql<boolean>`${sql.ref(column)} in (select study_sites.id from study_sites
    join studies on studies.id = study_sites.study_id where ${visibleStudySites(ids)})`;
}
