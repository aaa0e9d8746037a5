import { can } from '../../platform/auth/authorize.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { backgroundJobRoutes } from './background-jobs.routes.js';
import { healthRoutes } from './health.routes.js';

// The install itself: the health check, and the background jobs the platform admin looks after.

const permissions = {
  // Background jobs of the whole install (parked ones, retries): the platform admin's alone.
  'job.manage': { description: 'see background jobs that failed, and retry them', grantedTo: [] },
} as const satisfies Record<string, PermissionDeclaration>;

const historyReaders = {
  // A retried job's trail is read by those who may retry jobs.
  background_job: async (_db, ctx) => can(ctx.actor, 'job.manage', {}),
} satisfies ModuleManifest['historyReaders'];

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}
declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

export const systemModule: ModuleManifest = {
  name: 'system',
  routes: [healthRoutes, backgroundJobRoutes],
  permissions,
  historyReaders,
};
