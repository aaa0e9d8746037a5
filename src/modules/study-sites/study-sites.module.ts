import { everyStudyRole } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { findVisibleStudySite } from './study-site.repo.js';
import { studySiteRoutes } from './study-site.routes.js';
import type { ActivationGate } from './update-study-site.js';

const permissions = {
  'studySite.read': { description: 'see the studies at each site', grantedTo: everyStudyRole },
  'studySite.create': { description: 'add a site to a study', grantedTo: ['study_manager'] },
  'studySite.update': {
    description: 'change a study-site (status, activation, target) and record its IRB/IEC approvals',
    grantedTo: ['study_manager', 'smo_network_lead'],
  },
} as const satisfies Record<string, PermissionDeclaration>;

/** Who may read a record's history: whoever may see the record. */
const historyReaders = {
  study_site: async (db, ctx, id) => Boolean(await findVisibleStudySite(db, ctx, id)),
} satisfies ModuleManifest['historyReaders'];

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}
declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

/**
 * Study-sites sit below milestones, whose gate decides whether a study-site may be activated:
 * the gate is handed in where the modules are listed (src/modules/index.ts).
 */
export const studySitesModule = ({ activationGate }: { activationGate: ActivationGate }): ModuleManifest => ({
  name: 'study-sites',
  routes: [(app) => studySiteRoutes(app, { activationGate })],
  permissions,
  historyReaders,
  tables: ['study_sites'],
});
