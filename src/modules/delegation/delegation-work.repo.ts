import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findSignatures } from '../../platform/signatures/signatures.repo.js';
import { inVisibleStudySite } from '../study-sites/study-site.repo.js';
import { noWork, type WorkRows } from '../study-sites/work-rows.js';
import { hashOfRow } from './delegation.repo.js';

export interface UnsignedEntryRow {
  id: string;
  study_site_id: string;
  person_name: string;
  tasks: string[];
  start_date: string;
  end_date: string | null;
  /** Signed once, then changed: the signature no longer matches (21 CFR 11.70). */
  changed_since_signed: boolean;
}

/**
 * Entries of these study-sites' delegation logs that no valid signature of the principal
 * investigator covers: never signed, or changed since. The logs are read whole (indexed by
 * study-site, a few dozen entries each) because validity is the content hash, computed here
 * as the log page computes it.
 */
export async function listUnsignedDelegationEntries(
  db: Kysely<DB>,
  ctx: RequestContext,
  studySiteIds: string[],
  limit: number,
): Promise<WorkRows<UnsignedEntryRow>> {
  if (studySiteIds.length === 0) return noWork();
  const entries = await db
    .selectFrom('delegation_entries')
    .innerJoin('people', 'people.id', 'delegation_entries.person_id')
    .selectAll('delegation_entries')
    .select('people.full_name as person_name')
    .where('delegation_entries.study_site_id', 'in', studySiteIds)
    .where(inVisibleStudySite(ctx, 'delegation_entries.study_site_id', 'delegation.read'))
    .orderBy('delegation_entries.start_date')
    .orderBy('people.full_name')
    .orderBy('delegation_entries.id')
    .execute();
  const signatures = await findSignatures(
    db,
    'delegation_entry',
    entries.map((entry) => entry.id),
  );
  const signedHashes = new Map<string, Set<string>>();
  for (const signature of signatures) {
    const hashes = signedHashes.get(signature.entity_id) ?? new Set<string>();
    hashes.add(signature.content_hash);
    signedHashes.set(signature.entity_id, hashes);
  }
  const unsigned = entries.filter((entry) => !signedHashes.get(entry.id)?.has(hashOfRow(entry)));
  const counts = new Map<string, number>();
  for (const entry of unsigned) counts.set(entry.study_site_id, (counts.get(entry.study_site_id) ?? 0) + 1);
  return {
    rows: unsigned.slice(0, limit).map((entry) => ({
      id: entry.id,
      study_site_id: entry.study_site_id,
      person_name: entry.person_name,
      tasks: entry.tasks,
      start_date: entry.start_date,
      end_date: entry.end_date,
      changed_since_signed: signedHashes.has(entry.id),
    })),
    counts,
  };
}
