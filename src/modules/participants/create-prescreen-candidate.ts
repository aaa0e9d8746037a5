import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { forbidden, invalidField, notFound } from '../../platform/errors.js';
import { studySiteToday } from '../study-sites/study-site.repo.js';
import { assertMayIdentify, createIdentity } from './identity.js';
import { findIdentity } from './identity.repo.js';
import { canAtStudySite, canIdentify, findStudySiteForParticipants } from './participant-access.repo.js';
import { findVisibleCandidate, insertCandidate, toCandidate } from './prescreen.repo.js';
import type { Candidate, CreateCandidate } from './prescreen.schemas.js';
import { candidateAuditFields } from './prescreen-audit.js';

/** Logs a pre-screened candidate at a study-site; their identity, if given, is held apart. */
export async function createPrescreenCandidate(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { studyId: string; studySiteId: string },
  input: CreateCandidate,
): Promise<Candidate> {
  return db.transaction().execute(async (tx) => {
    const studySite = await findStudySiteForParticipants(tx, ctx, ids.studySiteId, ids.studyId);
    if (!studySite) throw notFound('study-site');
    if (!canAtStudySite(ctx, 'participant.write', studySite)) throw forbidden();
    if (input.identity) assertMayIdentify(ctx, studySite);
    const today = studySiteToday(studySite, ctx.now());
    if (input.prescreenedOn > today) throw invalidField('/prescreenedOn', `Cannot be in the future (today at the site is ${today}).`);
    const identity = input.identity ? await createIdentity(tx, ctx, studySite.id, input.identity, input.reason) : null;
    const id = await insertCandidate(tx, {
      study_id: studySite.study_id,
      study_site_id: studySite.id,
      identity_id: identity?.id ?? null,
      source: input.source,
      prescreened_on: input.prescreenedOn,
      outcome: input.outcome,
      outcome_reason: input.outcomeReason ?? null,
      // The request's clock, as its later updates use (never the database's).
      created_at: ctx.now(),
      updated_at: ctx.now(),
    });
    const row = (await findVisibleCandidate(tx, ctx, id))?.candidate;
    if (!row) throw notFound('candidate');
    await writeAuditEvent(tx, ctx, {
      entityType: 'prescreen_candidate',
      entityId: id,
      action: 'create',
      changes: diffChanges(null, candidateAuditFields(row)),
      reason: input.reason,
    });
    const identityRow = identity ? await findIdentity(tx, ctx, studySite, identity.id) : null;
    return toCandidate(row, identityRow, canIdentify(ctx, studySite));
  });
}
