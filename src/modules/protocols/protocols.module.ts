import { everyStudyRole, studySetUp } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { protocolRoutes } from './protocol.routes.js';
import {
  canReadIcfApprovalHistory,
  canReadIcfVersionHistory,
  canReadProtocolApprovalHistory,
  canReadProtocolVersionHistory,
} from './protocol-history.js';

const permissions = {
  'protocol.read': { description: 'see protocol and consent form versions', grantedTo: everyStudyRole },
  'protocol.write': {
    description: '**set-up**: write protocol and consent form versions; record IRB/IEC approvals',
    grantedTo: studySetUp,
  },
} as const satisfies Record<string, PermissionDeclaration>;

/** Who may read a record's history: whoever may see the record. */
const historyReaders = {
  protocol_version: canReadProtocolVersionHistory,
  protocol_site_approval: canReadProtocolApprovalHistory,
  icf_version: canReadIcfVersionHistory,
  icf_site_approval: canReadIcfApprovalHistory,
} satisfies ModuleManifest['historyReaders'];

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}
declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

export const protocolsModule: ModuleManifest = {
  name: 'protocols',
  routes: [protocolRoutes],
  permissions,
  historyReaders,
  tables: [
    'protocol_versions',
    'protocol_arms',
    'protocol_visits',
    'protocol_procedures',
    'protocol_criteria',
    'protocol_site_approvals',
    'icf_versions',
    'icf_site_approvals',
  ],
};
