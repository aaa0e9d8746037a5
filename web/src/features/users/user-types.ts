import type { Answer, ListItem } from '../../app/api-types';
import type { EnumOption } from '../../lib/enum-labels';

export type User = Answer<'/api/users/{id}'>;
export type Grant = ListItem<'/api/users/{id}/grants'>;
export type Role = Grant['role'];
export type ScopeType = Grant['scopeType'];

// A Record, so that a role the server adds fails the type check until it has a label here.
const roleBadges: Record<Role, Omit<EnumOption<Role>, 'value'>> = {
  platform_admin: { label: 'Platform admin', color: 'red' },
  study_manager: { label: 'Study manager / CTM', color: 'indigo' },
  cra: { label: 'CRA / monitor', color: 'cyan' },
  smo_network_lead: { label: 'SMO network lead', color: 'teal' },
  study_coordinator: { label: 'Study coordinator', color: 'green' },
  investigator: { label: 'Investigator', color: 'grape' },
  data_manager: { label: 'Data manager', color: 'blue' },
  finance: { label: 'Finance', color: 'yellow' },
  auditor: { label: 'Auditor / inspector', color: 'gray' },
  unblinded_pharmacist: { label: 'Unblinded pharmacist / statistician', color: 'pink' },
};

export const roleOptions: EnumOption<Role>[] = (Object.keys(roleBadges) as Role[]).map((value) => ({ value, ...roleBadges[value] }));

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
