import type { Answer, ListItem } from '../../app/api-types';
import { siteToday } from '../../lib/dates';
import type { EnumOption } from '../../lib/enum-labels';

export type PersonDetail = Answer<'/api/people/{id}'>;
export type Person = ListItem<'/api/people'>;
export type Staff = ListItem<'/api/sites/{id}/staff'>;
export type StaffRole = Staff['role'];

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

/** A role is current from its start date until (and including) its end date, judged on the site's day. */
export function isCurrentRole(
  staff: Pick<Staff, 'startDate' | 'endDate' | 'siteTimeZone'>,
  today = siteToday(staff.siteTimeZone),
): boolean {
  return staff.startDate <= today && (!staff.endDate || staff.endDate >= today);
}
