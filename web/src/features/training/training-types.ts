import type { Answer, ListItem } from '../../app/api-types';
import type { EnumOption } from '../../lib/enum-labels';

export type TrainingRecord = ListItem<'/api/people/{id}/training'>;
export type TrainingKind = TrainingRecord['kind'];
export type TrainingStatus = TrainingRecord['status'];
export type SiteTrainingStatus = Answer<'/api/studies/{id}/sites/{studySiteId}/training-status'>;
export type PersonTrainingStatus = SiteTrainingStatus['people'][number];
export type TrainingStatusItem = PersonTrainingStatus['items'][number];
/** One person's training against one study's requirements, at each of their sites. */
export type PersonStudyTrainingStatus = Answer<'/api/people/{id}/training-status'>;

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
