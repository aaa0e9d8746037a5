import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { skipBehindBulkWork } from '../db/bulk-transaction.js';
import { forbidden, unauthenticated } from '../errors.js';
import { can } from './authorize.js';
import { loadActor, resolveSession, sessionCookieName } from './sessions.repo.js';

/** The API reference pages are served by @fastify/swagger-ui and are public. */
const publicPrefixes = ['/api/docs'];

/**
 * Registered as an onRoute hook: an /api route without a declared permission stops the app
 * from starting, so a new endpoint cannot forget its access rule.
 */
export function requireRoutePermission(route: RouteOptions): void {
  if (!route.url.startsWith('/api')) return;
  if (publicPrefixes.some((prefix) => route.url.startsWith(prefix))) {
    route.config = { ...route.config, permission: 'public' };
    return;
  }
  if (!route.config?.permission) {
    throw new Error(`Route ${String(route.method)} ${route.url} declares no permission`);
  }
}

/** Resolves the session cookie into the acting user and the request context. */
export async function authenticate(request: FastifyRequest): Promise<void> {
  const app = request.server;
  request.ctx = { actor: { kind: 'anonymous' }, requestId: request.id, now: app.now };
  const token = request.cookies?.[sessionCookieName];
  if (!token) return;
  const userId = await resolveSession(app.database.db, token, app.now(), (write) => skipBehindBulkWork(app.database, write));
  if (!userId) return;
  const actor = await loadActor(app.database.db, userId);
  if (!actor) return;
  request.sessionToken = token;
  request.actor = actor;
  request.ctx = { actor, requestId: request.id, now: app.now };
}

/** Deny by default: only a public route lets an anonymous request through. */
export async function authorizeRoute(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  // Outside /api are the web app's static files and the not-found handler: nothing private.
  if (!request.routeOptions.url?.startsWith('/api')) return;
  const permission = request.routeOptions.config?.permission;
  if (permission === 'public') return;
  if (!request.actor) throw unauthenticated();
  if (permission === undefined) throw forbidden();
  if (permission !== 'authenticated' && !can(request.actor, permission)) throw forbidden();
}
