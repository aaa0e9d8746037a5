import type { FastifyInstance } from 'fastify';
import { auditRoutes } from './audit/audit.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { calendarRoutes } from './calendar/calendar.routes.js';
import { delegationRoutes } from './delegation/delegation.routes.js';
import { completenessRoutes } from './documents/completeness.routes.js';
import { documentRoutes } from './documents/document.routes.js';
import { enrollmentRoutes } from './enrollment/enrollment.routes.js';
import { feasibilityRoutes } from './feasibility/feasibility.routes.js';
import { assertActivationAllowed } from './milestones/assert-activation-allowed.js';
import { milestoneRoutes } from './milestones/milestone.routes.js';
import { notificationRoutes } from './notifications/notifications.routes.js';
import { organizationRoutes } from './organizations/organization.routes.js';
import { participantImportRoutes } from './participant-import/import.routes.js';
import { participantRoutes } from './participants/participant.routes.js';
import { personRoutes } from './people/person.routes.js';
import { protocolRoutes } from './protocols/protocol.routes.js';
import { randomizationRoutes } from './randomization/randomization.routes.js';
import { siteRoutes } from './sites/site.routes.js';
import { studyRoutes } from './studies/study.routes.js';
import { studySiteRoutes } from './study-sites/study-site.routes.js';
import { healthRoutes } from './system/health.routes.js';
import { trainingRoutes } from './training/training.routes.js';
import { userRoutes } from './users/user.routes.js';
import { visitRoutes } from './visits/visit.routes.js';

/**
 * Every domain module's routes, in one list: a new module adds one line here.
 * `secureCookies` marks the session cookie Secure even on plain-HTTP requests (it always is over HTTPS).
 */
export function domainModules(options: { secureCookies: boolean }): ((app: FastifyInstance) => void)[] {
  return [
    healthRoutes,
    (app) => authRoutes(app, options),
    organizationRoutes,
    userRoutes,
    studyRoutes,
    siteRoutes,
    // Study-sites sit below milestones: the activation gate is handed to them here.
    (app) => studySiteRoutes(app, { activationGate: assertActivationAllowed }),
    personRoutes,
    documentRoutes,
    completenessRoutes,
    trainingRoutes,
    delegationRoutes,
    feasibilityRoutes,
    milestoneRoutes,
    protocolRoutes,
    participantImportRoutes,
    randomizationRoutes,
    notificationRoutes,
    calendarRoutes,
    enrollmentRoutes,
    participantRoutes,
    visitRoutes,
    auditRoutes,
  ];
}
