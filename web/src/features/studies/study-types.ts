import type { EnumOption } from '../../lib/enum-labels';

export const studyPhases = ['phase_1', 'phase_1_2', 'phase_2', 'phase_2_3', 'phase_3', 'phase_4', 'not_applicable'] as const;
export type StudyPhase = (typeof studyPhases)[number];

export const studyStatuses = ['planning', 'start_up', 'enrolling', 'follow_up', 'closed'] as const;
export type StudyStatus = (typeof studyStatuses)[number];

export interface Study {
  id: string;
  sponsorOrgId: string;
  sponsorName: string;
  croOrgId: string | null;
  croName: string | null;
  protocolNumber: string;
  title: string;
  shortName: string;
  phase: StudyPhase;
  therapeuticArea: string | null;
  indication: string | null;
  status: StudyStatus;
  enrollmentTarget: number | null;
  plannedSites: number | null;
  plannedFpiDate: string | null;
  plannedLpiDate: string | null;
  siteCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

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
