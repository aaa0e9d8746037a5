import { can } from '../../platform/auth/authorize.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { findVisibleUser } from './user.repo.js';
import { userRoutes } from './user.routes.js';

const permissions = {
  'user.read': { description: 'see users and their grants', grantedTo: [] },
  'user.write': { description: 'create users, grant and revoke roles', grantedTo: [] },
} as const satisfies Record<string, PermissionDeclaration>;

/** Who may read a record's history: whoever may see the record. */
const historyReaders = {
  user: async (db, ctx, id) => Boolean(await findVisibleUser(db, ctx, id)),
  // Grants outlive their deletion in the trail; only those who manage users read their history.
  grant: async (_db, ctx) => can(ctx.actor, 'user.read', { organizationIds: [] }),
} satisfies ModuleManifest['historyReaders'];

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}
declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

export const usersModule: ModuleManifest = {
  name: 'users',
  routes: [userRoutes],
  permissions,
  historyReaders,
  tables: ['users', 'grants'],
};
