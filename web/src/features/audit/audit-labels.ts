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
  sign: { label: 'Signed', color: 'teal' },
  signature_failed: { label: 'Signature refused', color: 'orange' },
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
  // A SHA-256 hash is identified by its start; the export keeps it whole.
  if (typeof value === 'string') return /^[0-9a-f]{64}$/.test(value) ? `${value.slice(0, 16)}…` : value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(', ');
  // Questions, tasks and similar lists read by their text or label; the export keeps every field.
  if (Array.isArray(value) && value.every((item) => item && typeof item === 'object' && ('text' in item || 'label' in item))) {
    return value.map((item: { text?: unknown; label?: unknown }) => String(item.text ?? item.label)).join(' · ');
  }
  const signature = value as { printedName?: unknown; meaning?: unknown };
  if (typeof signature === 'object' && typeof signature.printedName === 'string') {
    return `Signed by ${signature.printedName}${typeof signature.meaning === 'string' ? ` (${signature.meaning})` : ''}`;
  }
  return JSON.stringify(value);
}
