import { everyStudyRole } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { findVisibleSite } from './site.repo.js';
import { siteRoutes } from './site.routes.js';

const permissions = {
  'site.read': { description: 'see sites', grantedTo: everyStudyRole },
  'site.create': { description: 'create sites', grantedTo: ['study_manager', 'smo_network_lead'] },
  'site.update': { description: 'edit sites', grantedTo: ['study_manager', 'smo_network_lead'] },
} as const satisfies Record<string, PermissionDeclaration>;

/** Who may read a record's history: whoever may see the record. */
const historyReaders = {
  site: async (db, ctx, id) => Boolean(await findVisibleSite(db, ctx, id)),
} satisfies ModuleManifest['historyReaders'];

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}
declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

export const sitesModule: ModuleManifest = {
  name: 'sites',
  routes: [siteRoutes],
  permissions,
  historyReaders,
  tables: ['sites'],
};
