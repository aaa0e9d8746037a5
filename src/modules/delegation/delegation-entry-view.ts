import type { Kysely } from 'kysely';
import { assertCan } from '../../platform/auth/authorize.js';
import type { Permission } from '../../platform/auth/roles.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { notFound } from '../../platform/errors.js';
import { toSignature } from '../../platform/signatures/signatures.repo.js';
import { findVisibleStudySite, studySiteScope } from '../study-sites/study-site.repo.js';
import { type DelegationFacts, type EntryRow, hashOfRow, loadDelegationFacts } from './delegation.repo.js';
import type { DelegationEntry } from './delegation.schemas.js';
import { entryValidity } from './delegation-validity.js';

/**
 * The study-site whose log is read or written: outside the caller's scope (another sponsor's,
 * another site's) it answers 404; inside it without the permission, 403.
 */
export async function loadStudySiteForLog(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { studyId: string; studySiteId: string },
  permission: Permission,
) {
  const studySite = await findVisibleStudySite(db, ctx, ids.studySiteId);
  if (!studySite || studySite.study_id !== ids.studyId) throw notFound('study-site');
  assertCan(ctx, permission, studySiteScope(studySite));
  return studySite;
}

export function toDelegationEntry(facts: DelegationFacts, row: EntryRow, on: string): DelegationEntry {
  const hash = hashOfRow(row);
  return {
    id: row.id,
    studyId: facts.studySite.study_id,
    studySiteId: row.study_site_id,
    personId: row.person_id,
    personName: row.person_name,
    tasks: row.tasks.map((code) => ({ code, label: facts.tasks.find((t) => t.code === code)?.label ?? code })),
    startDate: row.start_date,
    endDate: row.end_date,
    contentHash: hash,
    signatures: facts.signatures.filter((s) => s.entity_id === row.id).map((s) => toSignature(s, hash)),
    asOf: on,
    ...entryValidity(facts, row, on),
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** One entry with its validity on a day; undefined when the log has no such entry. */
export async function entryView(
  db: Kysely<DB>,
  ctx: RequestContext,
  studySiteId: string,
  entryId: string,
  on: string,
): Promise<DelegationEntry | undefined> {
  const facts = await loadDelegationFacts(db, ctx, studySiteId, { entryId });
  const row = facts?.entries[0];
  return facts && row ? toDelegationEntry(facts, row, on) : undefined;
}

export async function listEntryViews(
  db: Kysely<DB>,
  ctx: RequestContext,
  studySiteId: string,
  on: string,
  personId?: string,
): Promise<DelegationEntry[]> {
  const facts = await loadDelegationFacts(db, ctx, studySiteId, { personId });
  return facts ? facts.entries.map((row) => toDelegationEntry(facts, row, on)) : [];
}
