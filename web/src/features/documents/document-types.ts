import type { Answer, ListItem } from '../../app/api-types';
import type { EnumOption } from '../../lib/enum-labels';

export type DocumentDetail = Answer<'/api/documents/{id}'>;
export type TrialDocument = ListItem<'/api/documents'>;
export type DocumentVersion = DocumentDetail['versions'][number];
export type Signature = DocumentVersion['signatures'][number];
export type ReviewStatus = DocumentVersion['reviewStatus'];
export type TmfArtifact = ListItem<'/api/tmf/artifacts'>;
export type Completeness = Answer<'/api/studies/{id}/completeness'>;
export type SiteCompleteness = Completeness['sites'][number];
export type CompletenessItem = NonNullable<SiteCompleteness['items']>[number];
export type CompletenessStatus = CompletenessItem['status'];
export type DocumentRule = ListItem<'/api/studies/{id}/document-rules'>;
export type RuleTarget = DocumentRule['appliesTo'];

export const reviewStatusOptions: EnumOption<ReviewStatus>[] = [
  { value: 'draft', label: 'Draft', color: 'gray' },
  { value: 'submitted', label: 'Submitted for review', color: 'blue' },
  { value: 'approved', label: 'Approved', color: 'green' },
  { value: 'returned', label: 'Returned', color: 'orange' },
];

export const completenessStatusOptions: EnumOption<CompletenessStatus>[] = [
  { value: 'complete', label: 'Complete', color: 'green' },
  { value: 'expiring', label: 'Expiring', color: 'yellow' },
  { value: 'expired', label: 'Expired', color: 'red' },
  { value: 'pending', label: 'Pending review', color: 'blue' },
  { value: 'missing', label: 'Missing', color: 'red' },
  { value: 'waived', label: 'Waived', color: 'gray' },
];

export const ruleTargetOptions: EnumOption<RuleTarget>[] = [
  { value: 'site', label: 'The site', color: 'gray' },
  { value: 'principal_investigator', label: 'Principal investigator', color: 'grape' },
  { value: 'sub_investigator', label: 'Each sub-investigator', color: 'violet' },
];

export const signatureStatusOptions: EnumOption<TrialDocument['signatureStatus']>[] = [
  { value: 'signed', label: 'Signed', color: 'green' },
  { value: 'superseded', label: 'Needs a new signature', color: 'orange' },
  { value: 'unsigned', label: 'Not signed', color: 'gray' },
];

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const previewable = (mediaType: string) => mediaType === 'application/pdf' || mediaType.startsWith('image/');
