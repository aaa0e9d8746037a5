import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { safeCell } from '../../platform/safe-csv-cell.js';
import { loadForAllocationReader } from './allocation-access.js';
import { allocationRows, armNames } from './randomization.repo.js';
import type { AllocationItem } from './randomization.schemas.js';

/** The randomization list as allocated, in randomization-number order, for unblinded readers only. */
export async function listAllocations(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<AllocationItem[]> {
  const { scheme } = await loadForAllocationReader(db, ctx, studyId);
  const names = await armNames(db, ctx, studyId);
  const rows = await allocationRows(db, ctx, scheme.id)
    .orderBy('allocations.allocated_at')
    .orderBy('participants.randomization_number')
    .execute();
  return rows.map((row) => ({
    participantId: row.participant_id,
    subjectNumber: row.subject_number,
    siteNumber: row.site_number,
    randomizationNumber: row.randomization_number,
    stratumKey: row.stratum_key,
    position: row.position,
    armCode: row.arm_code,
    armName: names.get(row.arm_code) ?? row.arm_code,
    allocatedAt: iso(row.allocated_at),
  }));
}

export function allocationsToCsv(items: AllocationItem[]): string {
  return stringify(
    items.map((i) => [
      safeCell(i.subjectNumber),
      safeCell(i.siteNumber),
      i.randomizationNumber ?? '',
      safeCell(i.stratumKey),
      i.position,
      safeCell(i.armCode),
      safeCell(i.armName),
      i.allocatedAt,
    ]),
    {
      header: true,
      columns: ['subject_number', 'site_number', 'randomization_number', 'stratum', 'position', 'arm_code', 'arm_name', 'allocated_at_utc'],
    },
  );
}
