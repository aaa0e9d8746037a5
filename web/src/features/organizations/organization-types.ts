import type { EnumOption } from '../../lib/enum-labels';

export const organizationKinds = ['sponsor', 'cro', 'smo', 'site', 'vendor'] as const;
export type OrganizationKind = (typeof organizationKinds)[number];

export interface Organization {
  id: string;
  name: string;
  kind: OrganizationKind;
  country: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const organizationKindOptions: EnumOption<OrganizationKind>[] = [
  { value: 'sponsor', label: 'Sponsor', color: 'indigo' },
  { value: 'cro', label: 'CRO', color: 'cyan' },
  { value: 'smo', label: 'SMO', color: 'teal' },
  { value: 'site', label: 'Site', color: 'orange' },
  { value: 'vendor', label: 'Vendor', color: 'gray' },
];
