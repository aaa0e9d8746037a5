import type { Answer } from '../../app/api-types';
import type { EnumOption } from '../../lib/enum-labels';

export type Organization = Answer<'/api/organizations/{id}'>;
export type OrganizationKind = Organization['kind'];

export const organizationKindOptions: EnumOption<OrganizationKind>[] = [
  { value: 'sponsor', label: 'Sponsor', color: 'indigo' },
  { value: 'cro', label: 'CRO', color: 'cyan' },
  { value: 'smo', label: 'SMO', color: 'teal' },
  { value: 'site', label: 'Site', color: 'orange' },
  { value: 'vendor', label: 'Vendor', color: 'gray' },
];
