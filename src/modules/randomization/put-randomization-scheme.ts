import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, type FieldError, invalid, notFound, preconditionFailed, preconditionRequired } from '../../platform/errors.js';
import { studyScope } from '../studies/study.repo.js';
import { newSeed, seedSha256 } from './permuted-blocks.js';
import {
  auditedScheme,
  countAllocations,
  findStudyForRandomization,
  insertScheme,
  newestFinalArms,
  toScheme,
  unsafeLockScheme,
  updateScheme,
} from './randomization.repo.js';
import type { PutScheme, Scheme } from './randomization.schemas.js';

/**
 * Creates or replaces a study's randomization scheme. The seed is made here, once, and kept
 * when the scheme is edited, so its published hash stays the commitment. Once a participant
 * is allocated the scheme is fixed: changing it would change the meaning of every position.
 */
export async function putRandomizationScheme(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  input: PutScheme,
  expectedVersion: number | undefined,
): Promise<{ scheme: Scheme; created: boolean }> {
  return db.transaction().execute(async (tx) => {
    const study = await findStudyForRandomization(tx, ctx, studyId);
    if (!study) throw notFound('study');
    assertCan(ctx, 'randomization.configure', studyScope(study));
    const before = await unsafeLockScheme(tx, studyId);
    if (before) {
      if ((await countAllocations(tx, ctx, before.id)) > 0) {
        throw conflict('Participants have been randomized with this scheme; it can no longer change.');
      }
      if (expectedVersion === undefined) throw preconditionRequired();
      if (before.version !== expectedVersion) throw preconditionFailed();
    }
    const arms = await resolveArms(tx, ctx, studyId, input);
    checkBlockSizes(input.blockSizes, arms);
    const columns = {
      blinding: input.blinding,
      arms: JSON.stringify(arms),
      block_sizes: JSON.stringify(input.blockSizes),
      strata_factors: JSON.stringify(input.strataFactors),
      stratify_by_site: input.stratifyBySite,
    };
    const now = ctx.now();
    let after: typeof before;
    if (before) {
      after = await updateScheme(tx, before, columns, now);
    } else {
      const seed = newSeed();
      after = await insertScheme(tx, {
        ...columns,
        study_id: studyId,
        seed,
        seed_sha256: seedSha256(seed),
        created_at: now,
        updated_at: now,
      });
      if (!after) throw conflict('Someone else created the scheme meanwhile; reload it and try again.');
    }
    await writeAuditEvent(tx, ctx, {
      entityType: 'randomization_scheme',
      entityId: after.id,
      action: before ? 'update' : 'create',
      changes: diffChanges(before ? auditedScheme(before) : null, auditedScheme(after)),
      reason: input.reason,
    });
    return { scheme: toScheme(after, 0, true), created: !before };
  });
}

/** The scheme's arms: codes of the newest final protocol version, ratios from it unless given. */
async function resolveArms(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  input: PutScheme,
): Promise<{ code: string; ratio: number }[]> {
  const protocolArms = await newestFinalArms(db, ctx, studyId);
  if (!protocolArms) throw conflict('The study has no final protocol version yet: its arms are not fixed.');
  if (!input.arms) {
    if (protocolArms.length < 2) throw invalid([{ pointer: '/arms', detail: 'The protocol has fewer than two arms.' }]);
    return protocolArms.map((arm) => ({ code: arm.code, ratio: arm.allocation_ratio }));
  }
  const byCode = new Map(protocolArms.map((arm) => [arm.code, arm]));
  const errors: FieldError[] = [];
  const arms = input.arms.map((arm, index) => {
    const inProtocol = byCode.get(arm.code);
    if (!inProtocol) errors.push({ pointer: `/arms/${index}/code`, detail: `No arm ${arm.code} in the newest final protocol version.` });
    return { code: arm.code, ratio: arm.ratio ?? inProtocol?.allocation_ratio ?? 1 };
  });
  if (errors.length > 0) throw invalid(errors);
  return arms;
}

function checkBlockSizes(blockSizes: number[], arms: { ratio: number }[]): void {
  const sum = arms.reduce((total, arm) => total + arm.ratio, 0);
  const errors = blockSizes.flatMap((size, index) =>
    size % sum === 0 ? [] : [{ pointer: `/blockSizes/${index}`, detail: `Must be a multiple of ${sum}, the sum of the arm ratios.` }],
  );
  if (errors.length > 0) throw invalid(errors);
}
