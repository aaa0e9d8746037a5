import type { Grant } from './auth/authorize.js';

/** Who is acting: a logged-in user with the grants read at the start of this request. */
export interface Actor {
  kind: 'user';
  userId: string;
  email: string;
  fullName: string;
  organizationId: string;
  grants: Grant[];
}

/** A job, a migration, the demo seeder or the CLI acting for the operator. */
export interface SystemActor {
  kind: 'system';
  label: string;
}

/** A request without a session: may only reach public routes, and can do nothing. */
export interface AnonymousActor {
  kind: 'anonymous';
}

/** Passed to every use case: there is no query path without it (bar `unsafe...` functions). */
export interface RequestContext {
  actor: Actor | SystemActor | AnonymousActor;
  requestId: string;
  now(): Date;
}

export function systemContext(label: string, now: () => Date = () => new Date()): RequestContext {
  return { actor: { kind: 'system', label }, requestId: `system:${label}`, now };
}

export type AnyActor = RequestContext['actor'];

export function actorLabel(actor: AnyActor): string {
  if (actor.kind === 'user') return `${actor.fullName} <${actor.email}>`;
  return actor.kind === 'system' ? `system:${actor.label}` : 'anonymous';
}

export function actorUserId(actor: AnyActor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}
