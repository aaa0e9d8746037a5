import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findVisibleParticipant } from '../participants/participant-access.repo.js';
import { participantOfFormEntry } from './data-entry.repo.js';

/** History reader: a form entry's history (every value change) is read by whoever may read its participant. */
export async function canReadFormEntryHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const participantId = await participantOfFormEntry(db, id);
  return Boolean(participantId && (await findVisibleParticipant(db, ctx, participantId)));
}
