import type { Answer } from '../../app/api-types';
import type { EnumOption } from '../../lib/enum-labels';

export type StudySite = Answer<'/api/studies/{id}/sites/{studySiteId}'>;
export type StudySiteStatus = StudySite['status'];

export const studySiteStatusOptions: EnumOption<StudySiteStatus>[] = [
  { value: 'candidate', label: 'Candidate', color: 'gray' },
  { value: 'selected', label: 'Selected', color: 'cyan' },
  { value: 'start_up', label: 'Start-up', color: 'yellow' },
  { value: 'active', label: 'Active', color: 'green' },
  { value: 'enrollment_closed', label: 'Enrollment closed', color: 'orange' },
  { value: 'closed', label: 'Closed', color: 'dark' },
];

/** The same moves the server allows (study-site.schemas.ts); the server still decides. */
export const studySiteTransitions: Record<StudySiteStatus, StudySiteStatus[]> = {
  candidate: ['selected', 'closed'],
  selected: ['candidate', 'start_up', 'closed'],
  start_up: ['selected', 'active', 'closed'],
  active: ['enrollment_closed', 'closed'],
  enrollment_closed: ['active', 'closed'],
  closed: [],
};
