import { labelOf } from '../../lib/enum-labels';
import { studySiteStatusOptions } from '../study-sites/study-site-types';
import { phaseOptions, studyStatusOptions } from './study-types';

/** Words for enum values in a study's or study-site's history. */
export function describeStudyValue(field: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (field === 'phase') return labelOf(phaseOptions, value as never);
  if (field === 'status') return labelOf(studyStatusOptions, value as never);
  return undefined;
}

export function describeStudySiteValue(field: string, value: unknown): string | undefined {
  if (field === 'status' && typeof value === 'string') return labelOf(studySiteStatusOptions, value as never);
  return undefined;
}
