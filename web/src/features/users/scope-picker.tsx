import type { ReactNode } from 'react';
import { answer, api } from '../../app/api-client';
import { type RemoteOption, RemoteSelect } from '../../components/remote-select';
import { searchOrganizations } from '../organizations/organization-api';
import { searchSites } from '../sites/site-api';
import type { ScopeType } from './user-types';

async function searchStudies(q: string, signal: AbortSignal): Promise<RemoteOption[]> {
  const page = await answer(api.GET('/api/studies', { params: { query: { q, limit: 50 } }, signal }));
  return page.items.map((study) => ({ value: study.id, label: `${study.shortName} (${study.protocolNumber})` }));
}

async function searchStudySites(q: string, signal: AbortSignal): Promise<RemoteOption[]> {
  const page = await answer(api.GET('/api/study-sites', { params: { query: { q, limit: 50, sort: 'siteName' } }, signal }));
  return page.items.map((studySite) => ({
    value: studySite.id,
    label: `${studySite.studyShortName} · site ${studySite.siteNumber} · ${studySite.siteName}`,
  }));
}

const pickers: Record<
  Exclude<ScopeType, 'platform'>,
  { label: string; search: (q: string, signal: AbortSignal) => Promise<RemoteOption[]> }
> = {
  organization: { label: 'Organization', search: searchOrganizations() },
  study: { label: 'Study', search: searchStudies },
  site: { label: 'Site', search: searchSites },
  study_site: { label: 'Study at a site', search: searchStudySites },
};

interface ScopePickerProps {
  scopeType: ScopeType;
  value: string | null;
  onChange: (value: string | null) => void;
  error?: ReactNode;
}

/** Picks what a grant applies to: searches the kind of record the scope type names. */
export function ScopePicker({ scopeType, value, onChange, error }: ScopePickerProps) {
  if (scopeType === 'platform') return null;
  const picker = pickers[scopeType];
  return (
    <RemoteSelect
      // A new scope type is a new search: remount so the old choice and text do not linger.
      key={scopeType}
      label={picker.label}
      description="Type to search"
      queryKey={['scope-picker', scopeType]}
      search={picker.search}
      required
      value={value}
      onChange={(next) => onChange(next)}
      error={error}
      placeholder={`Search ${picker.label.toLowerCase()}`}
    />
  );
}
