import type { EnumOption } from '../../lib/enum-labels';
import type { StaffRole } from '../people/person-types';

export type TrainingKind = 'gcp' | 'protocol' | 'licence' | 'other';
export type TrainingStatus = 'current' | 'expiring' | 'expired' | 'missing';

export interface TrainingRecord {
  id: string;
  personId: string;
  title: string;
  kind: TrainingKind;
  studyId: string | null;
  protocolVersion: string | null;
  completedOn: string;
  expiresOn: string | null;
  documentId: string | null;
  status: TrainingStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface TrainingStatusItem {
  kind: TrainingKind;
  label: string;
  roles: StaffRole[];
  status: TrainingStatus;
  recordId: string | null;
  expiresOn: string | null;
}

export interface PersonTrainingStatus {
  personId: string;
  personName: string;
  roles: StaffRole[];
  status: TrainingStatus;
  items: TrainingStatusItem[];
}

export interface SiteTrainingStatus extends Record<TrainingStatus, number> {
  asOf: string;
  expiringWithinDays: number;
  studyId: string;
  studySiteId: string;
  people: PersonTrainingStatus[];
}

export const trainingKindOptions: EnumOption<TrainingKind>[] = [
  { value: 'gcp', label: 'GCP', color: 'blue' },
  { value: 'protocol', label: 'Protocol', color: 'grape' },
  { value: 'licence', label: 'Licence', color: 'teal' },
  { value: 'other', label: 'Other', color: 'gray' },
];

export const trainingStatusOptions: EnumOption<TrainingStatus>[] = [
  { value: 'current', label: 'Current', color: 'green' },
  { value: 'expiring', label: 'Expiring', color: 'yellow' },
  { value: 'expired', label: 'Expired', color: 'red' },
  { value: 'missing', label: 'Missing', color: 'red' },
];
