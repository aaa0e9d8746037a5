import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../audit/write-audit-event.js';
import type { RequestContext } from '../context.js';
import type { DB, UserRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import { verifyPassword } from './password.js';

export const maxFailedPasswords = 5;
export const lockoutMs = 15 * 60 * 1000;

export const accountLocked = () =>
  new AppError(423, 'Locked', 'Too many wrong passwords: this account is locked for 15 minutes. An administrator can unlock it sooner.');

/**
 * Checks a user's password for a login or an e-signature (21 CFR 11.200, 11.300(d)). Wrong
 * passwords count toward one lockout, whatever they were typed for: the count and its audit
 * row commit on their own, even though the caller's request then fails.
 */
export async function checkPassword(
  db: Kysely<DB>,
  ctx: RequestContext,
  user: UserRow,
  password: string,
  purpose: 'login' | 'signature',
): Promise<boolean> {
  const now = ctx.now();
  if (user.locked_until && new Date(user.locked_until) > now) throw accountLocked();
  const right = await verifyPassword(password, user.password_hash);
  // Guesses sent together all passed the check above before any was counted: read the lock
  // again now that the slow hash is done, and count in the database, not from `user`.
  const current = await db.selectFrom('users').select('locked_until').where('id', '=', user.id).executeTakeFirst();
  if (current?.locked_until && new Date(current.locked_until) > now) throw accountLocked();
  if (right) return true;
  const locks = await db.transaction().execute(async (tx) => {
    const { failed_login_count: failures } = await tx
      .updateTable('users')
      .set((eb) => ({ failed_login_count: eb('failed_login_count', '+', 1) }))
      .where('id', '=', user.id)
      .returning('failed_login_count')
      .executeTakeFirstOrThrow();
    const locking = failures >= maxFailedPasswords;
    if (locking) {
      await tx
        .updateTable('users')
        .set({ failed_login_count: 0, locked_until: new Date(now.getTime() + lockoutMs) })
        .where('id', '=', user.id)
        .execute();
    }
    await writeAuditEvent(tx, ctx, {
      entityType: 'user',
      entityId: user.id,
      action: locking ? 'lockout' : purpose === 'login' ? 'login_failed' : 'signature_failed',
      changes: [{ field: 'failedLoginCount', old: failures - 1, new: failures }],
    });
    return locking;
  });
  if (locks) throw accountLocked();
  return false;
}

/** After a right password, the count of wrong ones starts again; part of the caller's transaction. */
export async function resetFailedPasswords(tx: Kysely<DB>, user: UserRow): Promise<{ field: string; old: unknown; new: unknown }[]> {
  if (user.failed_login_count === 0) return [];
  await tx.updateTable('users').set({ failed_login_count: 0 }).where('id', '=', user.id).execute();
  return [{ field: 'failedLoginCount', old: user.failed_login_count, new: 0 }];
}

/** An administrator unlocks an account: no lock, and the count of wrong passwords starts again. */
export async function unlockAccount(tx: Kysely<DB>, userId: string): Promise<void> {
  await tx.updateTable('users').set({ locked_until: null, failed_login_count: 0 }).where('id', '=', userId).execute();
}
