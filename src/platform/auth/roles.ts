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
  study_manager: [
    ...readAll,
    'study.create',
    'study.update',
    'site.create',
    'site.update',
    'studySite.create',
    'studySite.update',
    'document.write',
    'document.approve',
    'documentRule.write',
    'milestone.write',
    'feasibility.write',
    'protocol.write',
    'randomization.configure',
    'deviation.write',
    'deviation.assess',
  ],
  // Monitors review the site file: they approve or return documents but do not file them.
  cra: [...readAll, 'document.approve', 'milestone.write', 'deviation.write', 'deviation.assess'],
  smo_network_lead: [
    ...readAll,
    'site.create',
    'site.update',
    'studySite.update',
    'person.write',
    'document.write',
    'training.write',
    'delegation.write',
    'milestone.write',
    'feasibility.answer',
    ...siteParticipantWork,
  ],
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
  // The principal investigator signs the delegation log (ICH E6(R3) 2.3).
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
  data_manager: [...readAll],
  finance: [...readAll],
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
