import type { EnumOption } from '../../lib/enum-labels';

export type StaffRole =
  | 'principal_investigator'
  | 'sub_investigator'
  | 'study_coordinator'
  | 'pharmacist'
  | 'nurse'
  | 'research_assistant'
  | 'lab_technician'
  | 'other';

export interface Person {
  id: string;
  organizationId: string;
  organizationName: string;
  userId: string | null;
  fullName: string;
  email: string | null;
  professionalTitle: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Staff {
  id: string;
  siteId: string;
  siteName: string;
  personId: string;
  personName: string;
  professionalTitle: string | null;
  role: StaffRole;
  startDate: string;
  endDate: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface PersonDetail extends Person {
  roles: Staff[];
}

export const staffRoleOptions: EnumOption<StaffRole>[] = [
  { value: 'principal_investigator', label: 'Principal investigator', color: 'grape' },
  { value: 'sub_investigator', label: 'Sub-investigator', color: 'violet' },
  { value: 'study_coordinator', label: 'Study coordinator', color: 'blue' },
  { value: 'pharmacist', label: 'Pharmacist', color: 'teal' },
  { value: 'nurse', label: 'Nurse', color: 'cyan' },
  { value: 'research_assistant', label: 'Research assistant', color: 'indigo' },
  { value: 'lab_technician', label: 'Lab technician', color: 'lime' },
  { value: 'other', label: 'Other', color: 'gray' },
];

/** A role is current from its start date until (and including) its end date. */
export function isCurrentRole(staff: Pick<Staff, 'startDate' | 'endDate'>, today = new Date().toISOString().slice(0, 10)): boolean {
  return staff.startDate <= today && (!staff.endDate || staff.endDate >= today);
}
