import { grants, registeredPermissions } from '../modules/registry.js';
import type { Permission } from './permission.js';

export type { Permission, PermissionNames } from './permission.js';

/** The roles of PRODUCT.md, in the order of the README's role table. */
export const roles = [
  // Manages the install, not trials: every permission but those that reveal who a participant
  // is or which arm they are on (PermissionDeclaration.notForPlatformAdmin).
  'platform_admin',
  // The sponsor's or CRO's study team: sets the study up, selects and activates sites, approves
  // the trial master file and assesses deviations. Sees participants only by subject number.
  'study_manager',
  // The monitor (ICH E6(R3) 3.11.4) reviews what the site does and records what it finds: it
  // approves or returns documents (but does not file them), records the visits it conducts
  // (the SIV is a start-up milestone), reports and assesses deviations. It changes no study
  // set-up and does no participant work.
  'cra',
  // Runs its sites' part of each study: staff, site files, training, delegation, start-up
  // dates, feasibility answers and participants. Not the study's set-up, and no investigator
  // acts (eligibility, signing the delegation log, unblinding).
  'smo_network_lead',
  // The site's day-to-day work; the investigator's decisions stay with the investigator.
  'study_coordinator',
  // The principal investigator supervises the site's conduct (ICH E6(R3) 2.3): signs the
  // delegation log, confirms eligibility, approves site documents, assesses deviations and may
  // unblind one participant in an emergency.
  'investigator',
  // Prepares or dispenses study treatment, or keeps the randomization list: sees the arm.
  'unblinded_pharmacist',
  // Raises and closes data queries; eCRF design, review flags and locks come with data capture.
  'data_manager',
  // Read-only until the finance module exists (budgets, invoices, payments).
  'finance',
  // An inspector reads everything in scope, the audit trail included, and changes nothing.
  'auditor',
] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  platform_admin: 'Platform admin',
  study_manager: 'Study manager / CTM',
  cra: 'CRA / monitor',
  smo_network_lead: 'SMO network lead',
  study_coordinator: 'Study coordinator',
  investigator: 'Investigator',
  data_manager: 'Data manager',
  finance: 'Finance',
  auditor: 'Auditor / inspector',
  unblinded_pharmacist: 'Unblinded pharmacist / statistician',
};

// The groups of roles the modules' permissions are granted to (besides the platform admin).

/** Every role that works on studies: all of them read what is in their grants' scope. */
export const everyStudyRole: readonly Role[] = roles.filter((role) => role !== 'platform_admin');

/**
 * What a study asks of every site (its record, training requirements and delegation task list,
 * start-up milestones and the activation gate, expected documents, protocol and consent form
 * versions, subject numbers and the randomization scheme, feasibility questionnaires) is the
 * sponsor's decision (ICH E6(R3) section 3, trial design and oversight), made once for every
 * site: only the study manager holds these permissions, and the platform admin.
 */
export const studySetUp: readonly Role[] = ['study_manager'];

/** The site-level roles: site staff, training, delegation, feasibility answers and participants. */
export const siteRoles: readonly Role[] = ['smo_network_lead', 'study_coordinator', 'investigator'];

/** Every permission the registered modules define, in the role table's order. */
export function permissions(): Permission[] {
  return [...registeredPermissions().keys()];
}

/** What a role may do within the scope of its grant. */
export function rolePermissions(role: Role): Permission[] {
  return permissions().filter((permission) => grants(role, permission));
}

export function roleAllows(role: Role, permission: Permission): boolean {
  return grants(role, permission);
}
