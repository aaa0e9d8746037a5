/** Every permission a route or use case can ask for. */
export const permissions = [
  'organization.read',
  'organization.write',
  'user.read',
  'user.write',
  'study.read',
  'study.create',
  'study.update',
  'site.read',
  'site.create',
  'site.update',
  'studySite.read',
  'studySite.create',
  'studySite.update',
  'audit.read',
  'person.read',
  'person.write',
  'document.read',
  'document.write',
  'document.approve',
  'documentRule.write',
  'training.read',
  'training.write',
  'delegation.read',
  'delegation.write',
  'delegation.sign',
  'milestone.read',
  'milestone.write',
  'milestoneTemplate.write',
  'feasibility.read',
  'feasibility.write',
  'feasibility.answer',
  'protocol.read',
  'protocol.write',
  // Participants are pseudonymous (subject numbers) for everyone who reads a study.
  'participant.read',
  'participant.write',
  // Names, contact details and dates of birth: site-level roles only (PRODUCT.md, data protection).
  'participant.identify',
  'eligibility.confirm',
  'participant.randomize',
  // The treatment arm of a blinded study: unblinded roles only.
  'allocation.read',
  'participant.unblind',
  'randomization.configure',
  'deviation.read',
  'deviation.write',
  'deviation.assess',
  // Background jobs of the whole install (parked ones, retries): the platform admin's alone.
  'job.manage',
] as const;
export type Permission = (typeof permissions)[number];

const readAll: Permission[] = [
  'organization.read',
  'study.read',
  'site.read',
  'studySite.read',
  'audit.read',
  'person.read',
  'document.read',
  // Everyone who reads a study follows its sites' start-up.
  'milestone.read',
  // Monitors and inspectors review staff training and the delegation log (ICH E6(R3) 3.11.4).
  'training.read',
  'delegation.read',
  // Feasibility answers and the short-list are read at study level (sponsor, CRO, study grants).
  'feasibility.read',
  // Everyone on a study works to its protocol: sites run its visits, monitors check against it.
  'protocol.read',
  'participant.read',
  'deviation.read',
];

/**
 * What a study asks of every site: its record, training requirements and delegation task list
 * (study.update), start-up milestones and the activation gate, expected documents, protocol and
 * consent form versions, subject numbers and the randomization scheme, feasibility
 * questionnaires. They are the sponsor's decisions (ICH E6(R3) section 3, trial design and
 * oversight), made once for every site: only the study manager holds them, and the platform admin.
 */
export const studySetUp: Permission[] = [
  'study.update',
  'milestoneTemplate.write',
  'documentRule.write',
  'protocol.write',
  'randomization.configure',
  'feasibility.write',
];

/** What a site-level role does with participants: screening, consent, visits, identities. */
const siteParticipantWork: Permission[] = ['participant.write', 'participant.identify', 'participant.randomize', 'deviation.write'];

/**
 * The platform admin manages the install, not trials: every permission but those that reveal
 * who a participant is or which arm they are on.
 */
const notForPlatformAdmin: Permission[] = ['participant.identify', 'allocation.read', 'participant.unblind'];

/** The roles of PRODUCT.md and what each may do within the scope of its grant. */
export const rolePermissions = {
  platform_admin: permissions.filter((p) => !notForPlatformAdmin.includes(p)),
  // The sponsor's or CRO's study team: sets the study up, selects and activates sites, approves
  // the trial master file and assesses deviations. Sees participants only by subject number.
  study_manager: [
    ...readAll,
    ...studySetUp,
    'study.create',
    'site.create',
    'site.update',
    'studySite.create',
    'studySite.update',
    'document.write',
    'document.approve',
    // Sponsor-side milestones at each site: CDA, contract and budget signed, greenlight.
    'milestone.write',
    'deviation.write',
    'deviation.assess',
  ],
  // The monitor (ICH E6(R3) 3.11.4) reviews what the site does and records what it finds: it
  // approves or returns documents (but does not file them), records the visits it conducts
  // (the SIV is a start-up milestone), reports and assesses deviations. It changes no study
  // set-up and does no participant work.
  cra: [...readAll, 'document.approve', 'milestone.write', 'deviation.write', 'deviation.assess'],
  // Runs its sites' part of each study: staff, site files, training, delegation, start-up
  // dates, feasibility answers and participants. Not the study's set-up, and no investigator
  // acts (eligibility, signing the delegation log, unblinding).
  smo_network_lead: [
    ...readAll,
    'site.create',
    'site.update',
    // Keeps the study-site record (target, status) and its IRB/IEC approval dates.
    'studySite.update',
    'person.write',
    'document.write',
    'training.write',
    'delegation.write',
    'milestone.write',
    'feasibility.answer',
    ...siteParticipantWork,
  ],
  // The site's day-to-day work; the investigator's decisions stay with the investigator.
  study_coordinator: [
    ...readAll,
    'person.write',
    'document.write',
    'training.write',
    'delegation.write',
    'milestone.write',
    'feasibility.answer',
    ...siteParticipantWork,
  ],
  // The principal investigator supervises the site's conduct (ICH E6(R3) 2.3): signs the
  // delegation log, confirms eligibility, approves site documents, assesses deviations and may
  // unblind one participant in an emergency.
  investigator: [
    ...readAll,
    'person.write',
    'document.write',
    'document.approve',
    'training.write',
    'delegation.write',
    'delegation.sign',
    'feasibility.answer',
    ...siteParticipantWork,
    'eligibility.confirm',
    'participant.unblind',
    'deviation.assess',
  ],
  // Prepares or dispenses study treatment, or keeps the randomization list: sees the arm.
  unblinded_pharmacist: [...readAll, 'allocation.read'],
  // Read-only until data capture exists: eCRF design, queries and locks are not built yet.
  data_manager: [...readAll],
  // Read-only until the finance module exists (budgets, invoices, payments).
  finance: [...readAll],
  // An inspector reads everything in scope, the audit trail included, and changes nothing.
  auditor: [...readAll],
} satisfies Record<string, Permission[]>;

export type Role = keyof typeof rolePermissions;
export const roles = Object.keys(rolePermissions) as Role[];

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

export function roleAllows(role: Role, permission: Permission): boolean {
  return (rolePermissions[role] as readonly Permission[]).includes(permission);
}
