import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { can } from '../../platform/auth/authorize.js';
import { type Permission, permissions as registeredPermissionNames } from '../../platform/auth/roles.js';
import { endSession, loadActor, sessionAbsoluteLimitMs, sessionCookieName } from '../../platform/auth/sessions.repo.js';
import { unauthenticated } from '../../platform/errors.js';
import { id } from '../../platform/http/fields.js';
import { unsafeListGrantsOfUser } from '../users/user.repo.js';
import { grantSchema } from '../users/user.schemas.js';
import { unsafeFindOwnAccount } from './auth.repo.js';
import { logIn } from './log-in.js';
import { sessionCookieOptions } from './session-cookie.js';

const tags = ['auth'];

/** The permissions are the registered modules': read when the routes are added, after buildApp registered them. */
const meSchemaOf = (permissions: [Permission, ...Permission[]]) =>
  z.object({
    user: z.object({ id, email: z.string(), fullName: z.string(), organizationId: id, organizationName: z.string() }),
    grants: z.array(grantSchema),
    permissions: z.array(z.enum(permissions)).describe('Permissions held at one scope or more; each record is still checked'),
  });

/** `secureCookies`: mark the session cookie Secure on plain-HTTP requests too (it always is over HTTPS). */
export function authRoutes(app: FastifyInstance, options: { secureCookies: boolean }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;
  const permissions = registeredPermissionNames();
  const meSchema = meSchemaOf(permissions as [Permission, ...Permission[]]);

  const me = async (userId: string) => {
    const user = await unsafeFindOwnAccount(db, userId);
    return {
      user: {
        id: user.id,
        email: user.email,
        fullName: user.full_name,
        organizationId: user.organization_id,
        organizationName: user.organization_name,
      },
      grants: await unsafeListGrantsOfUser(db, userId),
    };
  };

  api.post(
    '/api/auth/login',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        body: z.strictObject({ email: z.string().max(254), password: z.string().max(1024) }),
        response: { 200: meSchema },
      },
    },
    async (request, reply) => {
      const { userId, sessionToken } = await logIn(db, request.ctx, request.body.email, request.body.password);
      reply.setCookie(sessionCookieName, sessionToken, {
        ...sessionCookieOptions(options.secureCookies),
        maxAge: sessionAbsoluteLimitMs / 1000,
      });
      const actor = await loadActor(db, userId);
      return { ...(await me(userId)), permissions: permissions.filter((p) => actor && can(actor, p)) };
    },
  );

  api.post('/api/auth/logout', { config: { permission: 'authenticated' }, schema: { tags } }, async (request, reply) => {
    const { actor, sessionToken } = request;
    if (actor && sessionToken) {
      await db.transaction().execute(async (tx) => {
        await endSession(tx, sessionToken, app.now());
        await writeAuditEvent(tx, request.ctx, { entityType: 'user', entityId: actor.userId, action: 'logout', changes: [] });
      });
    }
    reply.clearCookie(sessionCookieName, sessionCookieOptions(options.secureCookies));
    return reply.code(204).send();
  });

  api.get('/api/me', { config: { permission: 'authenticated' }, schema: { tags, response: { 200: meSchema } } }, async (request) => {
    const actor = request.actor;
    if (!actor) throw unauthenticated();
    return { ...(await me(actor.userId)), permissions: permissions.filter((p) => can(actor, p)) };
  });
}
