import type { EnumOption } from '../../lib/enum-labels';

export interface User {
  id: string;
  email: string;
  fullName: string;
  organizationId: string;
  organizationName: string;
  isActive: boolean;
  lockedUntil: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const roles = [
  'platform_admin',
  'study_manager',
  'cra',
  'smo_network_lead',
  'study_coordinator',
  'investigator',
  'data_manager',
  'finance',
  'auditor',
] as const;
export type Role = (typeof roles)[number];

export const roleOptions: EnumOption<Role>[] = [
  { value: 'platform_admin', label: 'Platform admin', color: 'red' },
  { value: 'study_manager', label: 'Study manager / CTM', color: 'indigo' },
  { value: 'cra', label: 'CRA / monitor', color: 'cyan' },
  { value: 'smo_network_lead', label: 'SMO network lead', color: 'teal' },
  { value: 'study_coordinator', label: 'Study coordinator', color: 'green' },
  { value: 'investigator', label: 'Investigator', color: 'grape' },
  { value: 'data_manager', label: 'Data manager', color: 'blue' },
  { value: 'finance', label: 'Finance', color: 'yellow' },
  { value: 'auditor', label: 'Auditor / inspector', color: 'gray' },
];

export const scopeTypes = ['platform', 'organization', 'study', 'site', 'study_site'] as const;
export type ScopeType = (typeof scopeTypes)[number];

export const scopeTypeOptions: EnumOption<ScopeType>[] = [
  { value: 'platform', label: 'Whole platform', color: 'red' },
  { value: 'organization', label: 'Organization', color: 'indigo' },
  { value: 'study', label: 'Study', color: 'blue' },
  { value: 'site', label: 'Site', color: 'orange' },
  { value: 'study_site', label: 'Study at a site', color: 'teal' },
];

/** Active, deactivated or locked out, as one badge. */
export type UserState = 'active' | 'locked' | 'inactive';

export const userStateOptions: EnumOption<UserState>[] = [
  { value: 'active', label: 'Active', color: 'green' },
  { value: 'locked', label: 'Locked', color: 'orange' },
  { value: 'inactive', label: 'Deactivated', color: 'gray' },
];

export function userState(user: Pick<User, 'isActive' | 'lockedUntil'>, now = Date.now()): UserState {
  if (!user.isActive) return 'inactive';
  if (user.lockedUntil && new Date(user.lockedUntil).getTime() > now) return 'locked';
  return 'active';
}
