import { everyStudyRole, siteRoles } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { trainingRoutes } from './training.routes.js';
import { canReadTrainingRecordHistory, canReadTrainingRequirementHistory } from './training-history.js';

const permissions = {
  'training.read': { description: 'see training records', grantedTo: everyStudyRole },
  'training.write': { description: 'file training records', grantedTo: siteRoles },
} as const satisfies Record<string, PermissionDeclaration>;

/** Who may read a record's history: whoever may see the record. */
const historyReaders = {
  training_record: canReadTrainingRecordHistory,
  training_requirement: canReadTrainingRequirementHistory,
} satisfies ModuleManifest['historyReaders'];

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}
declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

export const trainingModule: ModuleManifest = {
  name: 'training',
  routes: [trainingRoutes],
  permissions,
  historyReaders,
  tables: ['training_records', 'training_requirements'],
};
