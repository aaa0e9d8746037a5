import { everyStudyRole, siteRoles } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { trainingRoutes } from './training.routes.js';

// Training records' history readers live in delegation-history.ts (the delegation manifest declares them): the training module cannot import the delegation module, which imports it.

const permissions = {
  'training.read': { description: 'see training records', grantedTo: everyStudyRole },
  'training.write': { description: 'file training records', grantedTo: siteRoles },
} as const satisfies Record<string, PermissionDeclaration>;

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}

export const trainingModule: ModuleManifest = {
  name: 'training',
  routes: [trainingRoutes],
  permissions,
  tables: ['training_records', 'training_requirements'],
};
