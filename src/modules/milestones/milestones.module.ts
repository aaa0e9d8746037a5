import { everyStudyRole, studySetUp } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { canReadMilestoneTemplateHistory, canReadStudySiteMilestoneHistory } from './milestone.repo.js';
import { milestoneRoutes } from './milestone.routes.js';

const permissions = {
  'milestone.read': { description: 'see start-up milestones, the board and cycle times', grantedTo: everyStudyRole },
  'milestone.write': {
    description: "record a study-site's planned and actual milestone dates",
    grantedTo: ['study_manager', 'cra', 'smo_network_lead', 'study_coordinator'],
  },
  'milestoneTemplate.write': {
    description: "**set-up**: define a study's start-up milestones and those required for activation",
    grantedTo: studySetUp,
  },
} as const satisfies Record<string, PermissionDeclaration>;

/** Who may read a record's history: whoever may see the record. */
const historyReaders = {
  milestone_template: canReadMilestoneTemplateHistory,
  study_site_milestone: canReadStudySiteMilestoneHistory,
} satisfies ModuleManifest['historyReaders'];

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}
declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

export const milestonesModule: ModuleManifest = {
  name: 'milestones',
  routes: [milestoneRoutes],
  permissions,
  historyReaders,
  tables: ['milestone_templates', 'study_site_milestones'],
};
