import type { StaffRole } from '../people/person.schemas.js';

export const staffRoleLabels: Record<string, string> = {
  principal_investigator: 'Principal investigator',
  sub_investigator: 'Sub-investigator',
  study_coordinator: 'Study coordinator',
  pharmacist: 'Pharmacist',
  nurse: 'Nurse',
  research_assistant: 'Research assistant',
  lab_technician: 'Lab technician',
  other: 'Other',
} satisfies Record<StaffRole, string>;
