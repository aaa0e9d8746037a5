import { everyStudyRole, siteRoles, studySetUp } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { feasibilityRoutes } from './feasibility.routes.js';
import { canReadInvitationHistory, canReadQuestionnaireHistory, canReadResponseHistory } from './feasibility-history.js';

const permissions = {
  'feasibility.read': { description: 'see questionnaires, answers and the short-list', grantedTo: everyStudyRole },
  'feasibility.write': { description: '**set-up**: write and send questionnaires, select or reject sites', grantedTo: studySetUp },
  'feasibility.answer': { description: 'answer a questionnaire for a site', grantedTo: siteRoles },
} as const satisfies Record<string, PermissionDeclaration>;

/** Who may read a record's history: whoever may see the record. */
const historyReaders = {
  feasibility_questionnaire: canReadQuestionnaireHistory,
  feasibility_invitation: canReadInvitationHistory,
  feasibility_response: canReadResponseHistory,
} satisfies ModuleManifest['historyReaders'];

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}
declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

export const feasibilityModule: ModuleManifest = {
  name: 'feasibility',
  routes: [feasibilityRoutes],
  permissions,
  historyReaders,
  tables: ['feasibility_questionnaires', 'feasibility_invitations', 'feasibility_responses'],
};
