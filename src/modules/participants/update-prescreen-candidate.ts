import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { conflict, forbidden, invalidField, notFound, preconditionFailed } from '../../platform/errors.js';
import { studySiteToday } from '../study-sites/study-site.repo.js';
import { assertMayIdentify, createIdentity, updateIdentity } from './identity.js';
import { findIdentity } from './identity.repo.js';
import { canAtStudySite, canIdentify } from './participant-access.repo.js';
import { findVisibleCandidate, toCandidate } from './prescreen.repo.js';
import type { Candidate, UpdateCandidate } from './prescreen.schemas.js';
import { candidateAuditFields } from './prescreen-audit.js';

/** Changes a candidate (If-Match): source, date, outcome and reason; identity for site roles only. */
export async function updatePrescreenCandidate(
  db: Kysely<DB>,
  ctx: RequestContext,
  candidateId: string,
  expectedVersion: number,
  input: UpdateCandidate,
): Promise<Candidate> {
  return db.transaction().execute(async (tx) => {
    const found = await findVisibleCandidate(tx, ctx, candidateId);
    if (!found) throw notFound('candidate');
    const { candidate: before, studySite } = found;
    if (!canAtStudySite(ctx, 'participant.write', studySite)) throw forbidden();
    if (input.identity) assertMayIdentify(ctx, studySite);
    if (before.version !== expectedVersion) throw preconditionFailed();
    if (before.outcome === 'screened' && (input.outcome !== undefined || input.outcomeReason !== undefined)) {
      throw conflict('This candidate was screened: the outcome is settled.', [
        { pointer: '/outcome', detail: 'Current outcome: screened.' },
      ]);
    }
    if (input.prescreenedOn) {
      const today = studySiteToday(studySite, ctx.now());
      if (input.prescreenedOn > today) throw invalidField('/prescreenedOn', `Cannot be in the future (today at the site is ${today}).`);
    }
    let identityId = before.identity_id;
    if (input.identity) {
      if (identityId) await updateIdentity(tx, ctx, identityId, input.identity, input.reason);
      else if (input.identity.fullName) {
        identityId = (await createIdentity(tx, ctx, studySite.id, { ...input.identity, fullName: input.identity.fullName }, input.reason))
          .id;
      } else throw invalidField('/identity/fullName', 'Required for a candidate with no identity yet.');
    }
    const columns = {
      identity_id: identityId,
      ...(input.source !== undefined ? { source: input.source } : {}),
      ...(input.prescreenedOn !== undefined ? { prescreened_on: input.prescreenedOn } : {}),
      ...(input.outcome !== undefined ? { outcome: input.outcome } : {}),
      ...(input.outcomeReason !== undefined ? { outcome_reason: input.outcomeReason } : {}),
    };
    await updateVersioned(tx, 'prescreen_candidates', candidateId, expectedVersion, columns, ctx.now());
    const after = (await findVisibleCandidate(tx, ctx, candidateId))?.candidate;
    if (!after) throw notFound('candidate');
    const changes = diffChanges(candidateAuditFields(before), candidateAuditFields(after));
    if (changes.length > 0) {
      await writeAuditEvent(tx, ctx, {
        entityType: 'prescreen_candidate',
        entityId: candidateId,
        action: 'update',
        changes,
        reason: input.reason,
      });
    }
    const identityRow = identityId ? await findIdentity(tx, ctx, studySite, identityId) : null;
    return toCandidate(after, identityRow, canIdentify(ctx, studySite));
  });
}
