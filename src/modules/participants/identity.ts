import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { IdentityRow } from '../../platform/db/schema-participants.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { forbidden } from '../../platform/errors.js';
import type { StudySiteJoined } from '../study-sites/study-site.repo.js';
import { insertIdentity, unsafeLockIdentity } from './identity.repo.js';
import type { Identity, IdentityInput } from './participant.schemas.js';
import { canIdentify } from './participant-access.repo.js';

/**
 * Identifying details live only in `identities` and are audited only as entity 'identity',
 * whose history is read only by those who may identify (participant-history.ts).
 */
export function toIdentity(row: IdentityRow): Identity {
  return {
    id: row.id,
    fullName: row.full_name,
    dateOfBirth: row.date_of_birth,
    phone: row.phone,
    email: row.email,
    version: row.version,
  };
}

const auditFields = (identity: Identity | null) =>
  identity && { fullName: identity.fullName, dateOfBirth: identity.dateOfBirth, phone: identity.phone, email: identity.email };

/** A caller who may not identify participants here may not send identifying details either. */
export function assertMayIdentify(ctx: RequestContext, studySite: StudySiteJoined): void {
  if (!canIdentify(ctx, studySite)) {
    throw forbidden('Identifying details (name, date of birth, phone, e-mail) are kept by site roles only.');
  }
}

export async function createIdentity(
  tx: Kysely<DB>,
  ctx: RequestContext,
  studySiteId: string,
  input: IdentityInput,
  reason?: string | null,
): Promise<Identity> {
  const row = await insertIdentity(tx, {
    study_site_id: studySiteId,
    full_name: input.fullName,
    date_of_birth: input.dateOfBirth ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
  });
  const identity = toIdentity(row);
  await writeAuditEvent(tx, ctx, {
    entityType: 'identity',
    entityId: row.id,
    action: 'create',
    changes: diffChanges(null, auditFields(identity)),
    reason,
  });
  return identity;
}

/** Replaces the identifying details sent (fields not sent stay); audited when anything changed. */
export async function updateIdentity(
  tx: Kysely<DB>,
  ctx: RequestContext,
  identityId: string,
  input: Partial<IdentityInput>,
  reason?: string | null,
): Promise<void> {
  const row = await unsafeLockIdentity(tx, identityId);
  const before = toIdentity(row);
  const after: Identity = {
    ...before,
    fullName: input.fullName ?? before.fullName,
    dateOfBirth: input.dateOfBirth === undefined ? before.dateOfBirth : input.dateOfBirth,
    phone: input.phone === undefined ? before.phone : input.phone,
    email: input.email === undefined ? before.email : input.email,
  };
  const changes = diffChanges(auditFields(before), auditFields(after));
  if (changes.length === 0) return;
  await updateVersioned(
    tx,
    'identities',
    identityId,
    row.version,
    { full_name: after.fullName, date_of_birth: after.dateOfBirth, phone: after.phone, email: after.email },
    ctx.now(),
  );
  await writeAuditEvent(tx, ctx, { entityType: 'identity', entityId: identityId, action: 'update', changes, reason });
}
