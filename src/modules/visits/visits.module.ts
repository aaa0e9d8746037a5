import { everyStudyRole, siteRoles } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { visitRoutes } from './visit.routes.js';

const permissions = {
  'deviation.read': { description: 'see protocol deviations', grantedTo: everyStudyRole },
  'deviation.write': { description: 'report a protocol deviation', grantedTo: ['study_manager', 'cra', ...siteRoles] },
  'deviation.assess': { description: 'assess a protocol deviation', grantedTo: ['study_manager', 'cra', 'investigator'] },
} as const satisfies Record<string, PermissionDeclaration>;

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}

export const visitsModule: ModuleManifest = {
  name: 'visits',
  routes: [visitRoutes],
  permissions,
  tables: ['participant_visits', 'visit_procedure_results', 'protocol_deviations'],
};
