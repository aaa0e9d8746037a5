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
  'participant.read',
  'participant.write',
  'participant.identify',
  'eligibility.confirm',
  'participant.randomize',
  'allocation.read',
  'participant.unblind',
  'randomization.configure',
  'deviation.read',
  'deviation.write',
  'deviation.assess',
] as const;
export type Permission = (typeof permissions)[number];

export interface Grant {
  id: string;
  userId: string;
  role: string;
  scopeType: string;
  scopeId: string | null;
  scopeName: string;
  createdAt: string;
}

export interface Session {
  user: { id: string; email: string; fullName: string; organizationId: string; organizationName: string };
  grants: Grant[];
  permissions: Permission[];
}

export interface Health {
  status: 'ok';
  database: 'embedded' | 'postgresql';
  forRealTrials: boolean;
}
