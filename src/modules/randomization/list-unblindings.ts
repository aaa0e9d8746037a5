import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { findVisibleParticipant } from '../participants/participant-access.repo.js';
import type { Unblinding } from './randomization.schemas.js';
import { findUnblindings } from './unblinding.repo.js';

/** Who unblinded a participant, when and why: read by all the participant's readers (no arm in it). */
export async function listUnblindings(db: Kysely<DB>, ctx: RequestContext, participantId: string): Promise<Unblinding[]> {
  const visible = await findVisibleParticipant(db, ctx, participantId);
  if (!visible) throw notFound('participant');
  return findUnblindings(db, visible);
}
