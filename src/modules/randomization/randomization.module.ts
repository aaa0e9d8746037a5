import { siteRoles, studySetUp } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { randomizationRoutes } from './randomization.routes.js';
import { randomizationHistoryReaders } from './randomization-history.js';

const permissions = {
  'participant.randomize': { description: 'randomize a participant', grantedTo: siteRoles },
  // The treatment arm of a blinded study: unblinded roles only.
  'allocation.read': {
    description: 'see treatment arms in a blinded study',
    grantedTo: ['unblinded_pharmacist'],
    notForPlatformAdmin: true,
  },
  'participant.unblind': { description: 'unblind one participant in an emergency', grantedTo: ['investigator'], notForPlatformAdmin: true },
  'randomization.configure': {
    description: '**set-up**: set the randomization scheme and the subject number format',
    grantedTo: studySetUp,
  },
} as const satisfies Record<string, PermissionDeclaration>;

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}

const historyReaders = { ...randomizationHistoryReaders } satisfies ModuleManifest['historyReaders'];

declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

export const randomizationModule: ModuleManifest = {
  name: 'randomization',
  routes: [randomizationRoutes],
  permissions,
  historyReaders,
  tables: ['randomization_schemes', 'randomization_strata', 'allocations', 'emergency_unblindings'],
};
