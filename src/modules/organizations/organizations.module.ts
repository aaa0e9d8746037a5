import { everyStudyRole } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { findVisibleOrganization } from './organization.repo.js';
import { organizationRoutes } from './organization.routes.js';

const permissions = {
  'organization.read': { description: 'see organizations', grantedTo: everyStudyRole },
  'organization.write': { description: 'create and edit organizations', grantedTo: [] },
} as const satisfies Record<string, PermissionDeclaration>;

/** Who may read a record's history: whoever may see the record. */
const historyReaders = {
  organization: async (db, ctx, id) => Boolean(await findVisibleOrganization(db, ctx, id)),
} satisfies ModuleManifest['historyReaders'];

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}
declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

export const organizationsModule: ModuleManifest = {
  name: 'organizations',
  routes: [organizationRoutes],
  permissions,
  historyReaders,
  tables: ['organizations'],
};
