import { everyStudyRole, siteRoles, studySetUp } from '../../platform/auth/roles.js';
import type { ModuleManifest, PermissionDeclaration } from '../../platform/modules/module-manifest.js';
import { safetyRoutes } from './safety.routes.js';
import { safetyHistoryReaders } from './safety-history.js';

/**
 * Who does what in safety reporting (ADR 0022): the site records adverse events and writes SAE
 * reports, the investigator submits them signed (ICH E6(R3) 2.7: the investigator reports SAEs to
 * the sponsor), and the sponsor's side (the study manager: ADR 0022 says why no new role)
 * acknowledges, assesses, decides SUSAR and records the regulatory submissions. Everyone on the
 * study reads them, by subject number only.
 */
const permissions = {
  'ae.read': { description: 'see adverse events, SAE reports and their clocks', grantedTo: everyStudyRole },
  'ae.write': { description: 'record or correct an adverse event, write an SAE report', grantedTo: siteRoles },
  'sae.submit': { description: 'submit an SAE report to the sponsor with a signature', grantedTo: ['investigator'] },
  'sae.assess': {
    description: 'acknowledge an SAE report, assess it, decide SUSAR, record regulatory submissions',
    grantedTo: ['study_manager'],
  },
  'safety.configure': { description: "set the study's safety clocks (site hours, per-country SUSAR days)", grantedTo: studySetUp },
} as const satisfies Record<string, PermissionDeclaration>;

declare module '../../platform/auth/permission.js' {
  interface PermissionNames extends Record<keyof typeof permissions, true> {}
}

const historyReaders = { ...safetyHistoryReaders } satisfies ModuleManifest['historyReaders'];

declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

/** Adverse events, SAE reports and their reporting clocks (issue 13, items 1-3). */
export const safetyModule: ModuleManifest = {
  name: 'safety',
  routes: [safetyRoutes],
  permissions,
  historyReaders,
  tables: [
    'adverse_events',
    'sae_reports',
    'sae_report_versions',
    'sae_regulatory_clocks',
    'safety_study_settings',
    'safety_country_rules',
  ],
};
