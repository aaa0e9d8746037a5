import { everyStudyRole, siteRoles } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { findVisiblePerson } from './person.repo.js';
import { personRoutes } from './person.routes.js';
import { canReadSiteStaffHistory } from './person-history.repo.js';

const permissions = {
  'person.read': { description: 'see site staff', grantedTo: everyStudyRole },
  'person.write': { description: 'add and edit site staff and their roles at sites', grantedTo: siteRoles },
} as const satisfies Record<string, PermissionDeclaration>;

/** Who may read a record's history: whoever may see the record. */
const historyReaders = {
  person: async (db, ctx, id) => Boolean(await findVisiblePerson(db, ctx, id)),
  site_staff: canReadSiteStaffHistory,
} satisfies ModuleManifest['historyReaders'];

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}
declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

export const peopleModule: ModuleManifest = {
  name: 'people',
  routes: [personRoutes],
  permissions,
  historyReaders,
  tables: ['people', 'site_staff'],
};
