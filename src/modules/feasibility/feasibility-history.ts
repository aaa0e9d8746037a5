import type { Kysely } from 'kysely';
import { can } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findVisibleInvitation, unsafeFindResponseInvitation, viewOf } from './invitation.repo.js';
import { findVisibleQuestionnaire, questionnaireScope } from './questionnaire.repo.js';

/** History readers for audit.repo.ts: who may read a record's history is who may see the record. */
export async function canReadQuestionnaireHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const row = await findVisibleQuestionnaire(db, ctx, id);
  return Boolean(row && can(ctx.actor, 'feasibility.read', questionnaireScope(row)));
}

export async function canReadInvitationHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  return Boolean(await findVisibleInvitation(db, ctx, id));
}

/** The sponsor reads a response's history once it is submitted, as it reads the answers themselves. */
export async function canReadResponseHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const response = await unsafeFindResponseInvitation(db, id);
  if (!response) return false;
  const invitation = await findVisibleInvitation(db, ctx, response.invitation_id);
  return Boolean(invitation && (viewOf(ctx, invitation) === 'site' || response.status === 'submitted'));
}
