import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Role } from '../auth/roles.js';
import type { RequestContext } from '../context.js';
import type { DB } from '../db/schema.js';
import type { AnyJobDefinition } from '../jobs/job-definition.js';

/** Adds a module's routes to the app. */
export type RoutesPlugin = (app: FastifyInstance) => unknown;

/** Whether this caller may read the audit history of one record: true when they may see the record. */
export type HistoryReader = (db: Kysely<DB>, ctx: RequestContext, id: string) => Promise<boolean>;

/** One permission a module defines, and who holds it. */
export interface PermissionDeclaration {
  /** What it lets its holder do, in the words of the README's role table. */
  description: string;
  /** The roles that hold it. The platform admin holds every permission but those marked `notForPlatformAdmin`. */
  grantedTo: readonly Role[];
  /** It reveals who a participant is or which arm they are on: the platform admin manages the install, not trials. */
  notForPlatformAdmin?: true;
}

/**
 * Everything the platform needs to know about a domain module, in one place (docs/architecture.md).
 * The platform and the audit module read the registered manifests; they import no module.
 * A module's manifest also adds its permission names to `Permission` (auth/roles.ts) and its
 * audited entity types to `EntityType` (audit/audit-events.ts), so both stay checked by the compiler.
 */
export interface ModuleManifest {
  /** The module's folder under src/modules. */
  name: string;
  /** Its routes, registered in this order. */
  routes: readonly RoutesPlugin[];
  /** The permissions it defines, in the order the README's role table lists them. */
  permissions?: Readonly<Record<string, PermissionDeclaration>>;
  /** One reader per entity type it writes to the audit trail: who may read that record's history. */
  historyReaders?: Readonly<Record<string, HistoryReader>>;
  /** The tables it owns: it alone writes them. */
  tables?: readonly (keyof DB)[];
  /** Its background jobs (src/platform/jobs): each gets a queue, and `serve` works them. */
  jobs?: readonly AnyJobDefinition[];
}
