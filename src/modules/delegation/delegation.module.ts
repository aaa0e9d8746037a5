import { everyStudyRole, siteRoles } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { delegationRoutes } from './delegation.routes.js';
import { canReadDelegationEntryHistory, canReadDelegationTaskHistory } from './delegation-history.js';

const permissions = {
  'delegation.read': { description: 'see the delegation log', grantedTo: everyStudyRole },
  'delegation.write': { description: 'add and end delegation log entries', grantedTo: siteRoles },
  'delegation.sign': { description: 'sign delegation log entries (e-signature)', grantedTo: ['investigator'] },
} as const satisfies Record<string, PermissionDeclaration>;

/** Who may read a record's history: whoever may see the record. */
const historyReaders = {
  delegation_task: canReadDelegationTaskHistory,
  delegation_entry: canReadDelegationEntryHistory,
} satisfies ModuleManifest['historyReaders'];

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}
declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

export const delegationModule: ModuleManifest = {
  name: 'delegation',
  routes: [delegationRoutes],
  permissions,
  historyReaders,
  tables: ['delegation_tasks', 'delegation_entries'],
};
