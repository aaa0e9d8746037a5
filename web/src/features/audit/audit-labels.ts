import { humanize } from '../../lib/enum-labels';

const actionLabels: Record<string, { label: string; color: string }> = {
  create: { label: 'Created', color: 'green' },
  update: { label: 'Updated', color: 'blue' },
  delete: { label: 'Deleted', color: 'red' },
  status_change: { label: 'Status changed', color: 'grape' },
  login: { label: 'Logged in', color: 'gray' },
  login_failed: { label: 'Login failed', color: 'orange' },
  lockout: { label: 'Locked out', color: 'red' },
  logout: { label: 'Logged out', color: 'gray' },
  grant: { label: 'Role granted', color: 'teal' },
  revoke: { label: 'Role revoked', color: 'red' },
};

export function actionLabel(action: string): { label: string; color: string } {
  return actionLabels[action] ?? { label: humanize(action), color: 'gray' };
}

// Field names that read badly when only humanized.
const fieldLabels: Record<string, string> = {
  plannedFpiDate: 'Planned FPI date',
  plannedLpiDate: 'Planned LPI date',
  sponsorOrgId: 'Sponsor',
  croOrgId: 'CRO',
  smoOrgId: 'SMO',
  organizationId: 'Organization',
  siteId: 'Site',
  studyId: 'Study',
  scopeId: 'Scope',
  isActive: 'Active',
  principalInvestigator: 'Principal investigator',
};

export function fieldLabel(field: string): string {
  return fieldLabels[field] ?? humanize(field);
}

/** A changed value as text: empty shows as an em dash so "cleared" is visible. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
