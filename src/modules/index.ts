import type { ModuleManifest } from '../platform/modules/module-manifest.js';
import { auditModule } from './audit/audit.module.js';
import { authModule } from './auth/auth.module.js';
import { calendarModule } from './calendar/calendar.module.js';
import { crfMetadataModule } from './crf-metadata/crf-metadata.module.js';
import { dataEntryModule } from './data-entry/data-entry.module.js';
import { dataQueriesModule } from './data-queries/data-queries.module.js';
import { delegationModule } from './delegation/delegation.module.js';
import { documentsModule } from './documents/documents.module.js';
import { editChecksModule } from './edit-checks/edit-checks.module.js';
import { enrollmentModule } from './enrollment/enrollment.module.js';
import { feasibilityModule } from './feasibility/feasibility.module.js';
import { assertActivationAllowed } from './milestones/assert-activation-allowed.js';
import { milestonesModule } from './milestones/milestones.module.js';
import { notificationsModule } from './notifications/notifications.module.js';
import { organizationsModule } from './organizations/organizations.module.js';
import { participantImportModule } from './participant-import/participant-import.module.js';
import { participantsModule } from './participants/participants.module.js';
import { peopleModule } from './people/people.module.js';
import { protocolsModule } from './protocols/protocols.module.js';
import { randomizationModule } from './randomization/randomization.module.js';
import { safetyModule } from './safety/safety.module.js';
import { sitesModule } from './sites/sites.module.js';
import { studiesModule } from './studies/studies.module.js';
import { studySitesModule } from './study-sites/study-sites.module.js';
import { systemModule } from './system/system.module.js';
import { trainingModule } from './training/training.module.js';
import { usersModule } from './users/users.module.js';
import { visitsModule } from './visits/visits.module.js';
import { worklistModule } from './worklist/worklist.module.js';

/**
 * Every domain module's manifest: a new module adds one line here and touches no platform file
 * (docs/architecture.md). The order is the routes' and the README role table's.
 * `secureCookies` marks the session cookie Secure even on plain-HTTP requests (it always is over HTTPS).
 */
export function domainModules(options: { secureCookies: boolean }): ModuleManifest[] {
  return [
    systemModule,
    authModule(options),
    organizationsModule,
    usersModule,
    studiesModule,
    sitesModule,
    studySitesModule({ activationGate: assertActivationAllowed }),
    auditModule,
    peopleModule,
    documentsModule,
    trainingModule,
    delegationModule,
    milestonesModule,
    feasibilityModule,
    protocolsModule,
    crfMetadataModule,
    editChecksModule,
    participantImportModule,
    participantsModule,
    randomizationModule,
    notificationsModule,
    calendarModule,
    enrollmentModule,
    visitsModule,
    dataEntryModule,
    dataQueriesModule,
    safetyModule,
    worklistModule,
  ];
}
