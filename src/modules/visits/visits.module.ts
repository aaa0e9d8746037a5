import { everyStudyRole, siteRoles } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { missedVisitFollowUpJob } from './missed-visit-follow-up-job.js';
import { missedVisitCheckJob } from './missed-visit-job.js';
import { visitRoutes } from './visit.routes.js';
import { visitHistoryReaders } from './visit-history.js';

const permissions = {
  'deviation.read': { description: 'see protocol deviations', grantedTo: everyStudyRole },
  'deviation.write': { description: 'report a protocol deviation', grantedTo: ['study_manager', 'cra', ...siteRoles] },
  'deviation.assess': { description: 'assess a protocol deviation', grantedTo: ['study_manager', 'cra', 'investigator'] },
} as const satisfies Record<string, PermissionDeclaration>;

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}

const historyReaders = { ...visitHistoryReaders } satisfies ModuleManifest['historyReaders'];

declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

export const visitsModule: ModuleManifest = {
  name: 'visits',
  routes: [visitRoutes],
  permissions,
  historyReaders,
  tables: ['participant_visits', 'visit_procedure_results', 'protocol_deviations'],
  jobs: [missedVisitCheckJob, missedVisitFollowUpJob],
};
