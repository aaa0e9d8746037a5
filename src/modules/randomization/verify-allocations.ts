import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { loadForAllocationReader } from './allocation-access.js';
import { allocationSequence, seedSha256 } from './permuted-blocks.js';
import { allocationRows } from './randomization.repo.js';
import type { Verification } from './randomization.schemas.js';

/**
 * Recomputes every allocation the caller may read from the stored seed, its stratum and its
 * position, and reports those that differ: a stored arm that was altered, or an algorithm that
 * changed since, shows here. Also checks the seed still hashes to the published seedSha256.
 */
export async function verifyAllocations(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<Verification> {
  const { scheme } = await loadForAllocationReader(db, ctx, studyId);
  const rows = await allocationRows(db, ctx, scheme.id).orderBy('allocations.stratum_key').orderBy('allocations.position').execute();
  const design = { arms: scheme.arms, blockSizes: scheme.block_sizes };
  // One list per stratum, as long as its furthest position.
  const lengths = new Map<string, number>();
  for (const row of rows) lengths.set(row.stratum_key, Math.max(lengths.get(row.stratum_key) ?? 0, row.position + 1));
  const lists = new Map([...lengths].map(([key, length]) => [key, allocationSequence(scheme.seed, design, key, length)]));
  const mismatches = rows.flatMap((row) => {
    const expected = lists.get(row.stratum_key)?.[row.position] as string;
    return expected === row.arm_code
      ? []
      : [
          {
            participantId: row.participant_id,
            subjectNumber: row.subject_number,
            stratumKey: row.stratum_key,
            position: row.position,
            recordedArm: row.arm_code,
            expectedArm: expected,
          },
        ];
  });
  return {
    seedSha256: scheme.seed_sha256,
    seedMatchesHash: seedSha256(scheme.seed) === scheme.seed_sha256,
    checked: rows.length,
    matching: rows.length - mismatches.length,
    mismatches,
  };
}
