import type { Answer } from '../../app/api-types';
import type { EnumOption } from '../../lib/enum-labels';

export type Study = Answer<'/api/studies/{id}'>;
export type StudyPhase = Study['phase'];
export type StudyStatus = Study['status'];

export const phaseOptions: EnumOption<StudyPhase>[] = [
  { value: 'phase_1', label: 'Phase 1', color: 'gray' },
  { value: 'phase_1_2', label: 'Phase 1/2', color: 'gray' },
  { value: 'phase_2', label: 'Phase 2', color: 'gray' },
  { value: 'phase_2_3', label: 'Phase 2/3', color: 'gray' },
  { value: 'phase_3', label: 'Phase 3', color: 'gray' },
  { value: 'phase_4', label: 'Phase 4', color: 'gray' },
  { value: 'not_applicable', label: 'Not applicable', color: 'gray' },
];

export const studyStatusOptions: EnumOption<StudyStatus>[] = [
  { value: 'planning', label: 'Planning', color: 'gray' },
  { value: 'start_up', label: 'Start-up', color: 'yellow' },
  { value: 'enrolling', label: 'Enrolling', color: 'green' },
  { value: 'follow_up', label: 'Follow-up', color: 'blue' },
  { value: 'closed', label: 'Closed', color: 'dark' },
];
