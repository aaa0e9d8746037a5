import { everyStudyRole } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { auditRoutes } from './audit.routes.js';

// The audit trail's history and export. The trail itself (audit_events) is the platform's: every module writes it.

const permissions = {
  'audit.read': { description: 'read the history of what one may see', grantedTo: everyStudyRole },
} as const satisfies Record<string, PermissionDeclaration>;

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}

export const auditModule: ModuleManifest = {
  name: 'audit',
  routes: [auditRoutes],
  permissions,
};
