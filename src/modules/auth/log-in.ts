import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { hashPassword, verifyPassword } from '../../platform/auth/password.js';
import { checkPassword, resetFailedPasswords } from '../../platform/auth/password-check.repo.js';
import { createSession } from '../../platform/auth/sessions.repo.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { unsafeFindUserByEmail } from './auth.repo.js';

const wrongCredentials = () => new AppError(401, 'Unauthorized', 'The e-mail or password is not right.');

/** Compared against when the e-mail is unknown, so both cases take as long. */
let decoyHash: Promise<string> | undefined;

export interface LoginResult {
  userId: string;
  sessionToken: string;
}

/**
 * Password login with lockout (5 wrong passwords in a row lock the account for 15 minutes).
 * Failures, lockouts and logins are written to the audit trail (21 CFR 11.300(d)).
 */
export async function logIn(db: Kysely<DB>, ctx: RequestContext, email: string, password: string): Promise<LoginResult> {
  const user = await unsafeFindUserByEmail(db, email);
  if (!user?.is_active) {
    decoyHash ??= hashPassword('decoy password, never used');
    await verifyPassword(password, await decoyHash);
    throw wrongCredentials();
  }
  if (!(await checkPassword(db, ctx, user, password, 'login'))) throw wrongCredentials();
  const sessionToken = await db.transaction().execute(async (tx) => {
    const changes = await resetFailedPasswords(tx, user);
    // A successful login is the user's own act.
    const actor = {
      kind: 'user' as const,
      userId: user.id,
      email: user.email,
      fullName: user.full_name,
      organizationId: user.organization_id,
      grants: [],
    };
    await writeAuditEvent(tx, { ...ctx, actor }, { entityType: 'user', entityId: user.id, action: 'login', changes });
    return createSession(tx, user.id, ctx.now());
  });
  return { userId: user.id, sessionToken };
}
