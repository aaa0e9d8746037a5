import type { Kysely } from 'kysely';
import { assertCan } from '../../platform/auth/authorize.js';
import type { Permission } from '../../platform/auth/roles.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { DocumentVersionRow } from '../../platform/db/schema-start-up.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { conflict, notFound, preconditionFailed } from '../../platform/errors.js';
import { type DocumentJoined, documentScope, findVersion, findVisibleDocument } from './document.repo.js';

/**
 * A version about to move in review: visible, in the caller's scope for the permission, at the
 * version the caller read, and in one of the states the move starts from.
 */
export async function loadVersionForReview(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { documentId: string; versionId: string },
  permission: Permission,
  expectedVersion: number,
  from: string[],
): Promise<{ document: DocumentJoined; version: DocumentVersionRow }> {
  const document = await findVisibleDocument(db, ctx, ids.documentId);
  const version = document ? await findVersion(db, ctx, ids.documentId, ids.versionId) : undefined;
  if (!document || !version) throw notFound('document version');
  assertCan(ctx, permission, documentScope(document));
  if (version.version !== expectedVersion) throw preconditionFailed();
  if (!from.includes(version.review_status)) {
    throw conflict(`This version is ${version.review_status}; it can move only from ${from.join(' or ')}.`);
  }
  return { document, version };
}

/** Moves a version's review status, only from the version the caller read. */
export async function setReviewStatus(
  tx: Kysely<DB>,
  version: DocumentVersionRow,
  status: string,
  note: string | null,
  now: Date,
): Promise<void> {
  await updateVersioned(tx, 'document_versions', version.id, version.version, { review_status: status, review_note: note }, now);
}
