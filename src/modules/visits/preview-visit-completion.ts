import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { findVisibleVisit } from './visit.repo.js';
import type { CompletionPreview } from './visit.schemas.js';
import { foreseeCompletedVisitDeviations } from './visit-deviations.js';

/**
 * What completing a visit on a given day would record, asked before saving so the coordinator
 * is warned in the dialog rather than told afterwards (#11). Writes nothing; the completion
 * applies the same rule when it saves.
 */
export async function previewVisitCompletion(
  db: Kysely<DB>,
  ctx: RequestContext,
  visitId: string,
  actualDate: string,
): Promise<CompletionPreview> {
  const found = await findVisibleVisit(db, ctx, visitId);
  if (!found) throw notFound('visit');
  return { actualDate, deviations: await foreseeCompletedVisitDeviations(db, found.visible, found.visit, actualDate) };
}
