import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { canAtStudySite, findVisibleParticipant, type VisibleParticipant } from '../participants/participant-access.repo.js';
import { type DataQueryRow, findQueryRow } from './data-query.repo.js';

/** The query and its participant, when the caller reads queries at its study-site (else undefined: 404). */
export async function findVisibleQuery(
  db: Kysely<DB>,
  ctx: RequestContext,
  id: string,
): Promise<{ row: DataQueryRow; visible: VisibleParticipant } | undefined> {
  const row = await findQueryRow(db, id);
  const visible = row && (await findVisibleParticipant(db, ctx, row.participant_id));
  return row && visible && canAtStudySite(ctx, 'query.read', visible.studySite) ? { row, visible } : undefined;
}

/** The participant, when the caller reads queries at its study-site; 404 otherwise. */
export async function participantForQueries(db: Kysely<DB>, ctx: RequestContext, participantId: string): Promise<VisibleParticipant> {
  const visible = await findVisibleParticipant(db, ctx, participantId);
  if (!visible || !canAtStudySite(ctx, 'query.read', visible.studySite)) throw notFound('participant');
  return visible;
}

/** History reader: whoever reads queries at the participant's study-site reads a query's history. */
export async function canReadQueryHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  return Boolean(await findVisibleQuery(db, ctx, id));
}
