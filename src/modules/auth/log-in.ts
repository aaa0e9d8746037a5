import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { hashPassword, verifyPassword } from '../../platform/auth/password.js';
import { createSession } from '../../platform/auth/sessions.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';

export const maxFailedLogins = 5;
export const lockoutMs = 15 * 60 * 1000;

const wrongCredentials = () => new AppError(401, 'Unauthorized', 'The e-mail or password is not right.');

/** Compared against when the e-mail is unknown, so both cases take as long. */
let decoyHash: Promise<string> | undefined;

export interface LoginResult {
  userId: string;
  sessionToken: string;
}

/**
 * Password login with lockout: 5 failures in a row lock the account for 15 minutes. Every
 * failure, lockout and success is written to the audit trail (21 CFR 11.300(d)).
 */
export async function logIn(db: Kysely<DB>, ctx: RequestContext, email: string, password: string): Promise<LoginResult> {
  const now = ctx.now();
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  if (!user || !user.is_active) {
    decoyHash ??= hashPassword('decoy password, never used');
    await verifyPassword(password, await decoyHash);
    throw wrongCredentials();
  }
  if (user.locked_until && new Date(user.locked_until) > now) {
    throw new AppError(
      423,
      'Locked',
      'Too many failed logins: this account is locked for 15 minutes. An administrator can unlock it sooner.',
    );
  }
  const valid = await verifyPassword(password, user.password_hash);
  const failures = valid ? 0 : user.failed_login_count + 1;
  const locks = failures >= maxFailedLogins;
  const token = await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ failed_login_count: locks ? 0 : failures, locked_until: locks ? new Date(now.getTime() + lockoutMs) : null })
      .where('id', '=', user.id)
      .execute();
    const changes = [{ field: 'failedLoginCount', old: user.failed_login_count, new: failures }];
    const action = valid ? 'login' : locks ? 'lockout' : 'login_failed';
    // A successful login is the user's own act; a failed one is by whoever typed the password.
    const auditCtx: RequestContext = valid
      ? {
          ...ctx,
          actor: {
            kind: 'user',
            userId: user.id,
            email: user.email,
            fullName: user.full_name,
            organizationId: user.organization_id,
            grants: [],
          },
        }
      : ctx;
    await writeAuditEvent(tx, auditCtx, { entityType: 'user', entityId: user.id, action, changes });
    return valid ? createSession(tx, user.id, now) : undefined;
  });
  if (locks) {
    throw new AppError(
      423,
      'Locked',
      'Too many failed logins: this account is locked for 15 minutes. An administrator can unlock it sooner.',
    );
  }
  if (!token) throw wrongCredentials();
  return { userId: user.id, sessionToken: token };
}
