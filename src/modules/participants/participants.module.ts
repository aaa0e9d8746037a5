import { everyStudyRole, siteRoles } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { participantRoutes } from './participant.routes.js';
import { participantHistoryReaders } from './participant-history.js';

// Its history readers (participant-history.ts) also cover the records of migration 0008 that the randomization and visits modules write.

const permissions = {
  // Participants are pseudonymous (subject numbers) for everyone who reads a study.
  'participant.read': { description: 'see participants by subject number', grantedTo: everyStudyRole },
  'participant.write': { description: 'pre-screen, screen, consent, record visits, change status, import', grantedTo: siteRoles },
  // Names, contact details and dates of birth: site-level roles only (PRODUCT.md, data protection).
  'participant.identify': {
    description: "see participants' names, contact details and dates of birth",
    grantedTo: siteRoles,
    notForPlatformAdmin: true,
  },
  'eligibility.confirm': { description: 'confirm eligibility (e-signature)', grantedTo: ['investigator'] },
} as const satisfies Record<string, PermissionDeclaration>;

const historyReaders = { ...participantHistoryReaders } satisfies ModuleManifest['historyReaders'];

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}
declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

export const participantsModule: ModuleManifest = {
  name: 'participants',
  routes: [participantRoutes],
  permissions,
  historyReaders,
  tables: [
    'identities',
    'participant_settings',
    'subject_number_counters',
    'prescreen_candidates',
    'participants',
    'consents',
    'reconsent_tasks',
    'eligibility_answers',
  ],
};
