import type { EnumOption } from '../../lib/enum-labels';

export type ReviewStatus = 'draft' | 'submitted' | 'approved' | 'returned';
export type RuleTarget = 'site' | 'principal_investigator' | 'sub_investigator';
export type CompletenessStatus = 'complete' | 'expiring' | 'expired' | 'pending' | 'missing' | 'waived';

export interface Signature {
  id: string;
  signerUserId: string;
  printedName: string;
  meaning: string;
  signedAt: string;
  contentHash: string;
  valid: boolean;
}

export interface DocumentVersion {
  id: string;
  versionNumber: number;
  contentHash: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  effectiveDate: string | null;
  expiryDate: string | null;
  reviewStatus: ReviewStatus;
  reviewNote: string | null;
  uploadedByName: string | null;
  uploadedAt: string;
  version: number;
  signatures: Signature[];
}

export interface TrialDocument {
  id: string;
  studyId: string;
  studyShortName: string;
  siteId: string | null;
  siteName: string | null;
  personId: string | null;
  personName: string | null;
  artifactNumber: string;
  artifactName: string;
  zoneName: string;
  sectionName: string;
  title: string;
  currentVersionId: string | null;
  currentVersionNumber: number | null;
  currentReviewStatus: ReviewStatus | null;
  signatureStatus: 'signed' | 'superseded' | 'unsigned';
  approvedVersionId: string | null;
  approvedEffectiveDate: string | null;
  approvedExpiryDate: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface DocumentDetail extends TrialDocument {
  versions: DocumentVersion[];
}

export interface TmfArtifact {
  artifactNumber: string;
  zoneNumber: string;
  zoneName: string;
  sectionNumber: string;
  sectionName: string;
  name: string;
  definition: string | null;
  core: boolean;
  trialLevel: boolean;
  countryLevel: boolean;
  siteLevel: boolean;
}

export interface CompletenessItem {
  artifactNumber: string;
  artifactName: string;
  appliesTo: RuleTarget;
  personId: string | null;
  personName: string | null;
  status: CompletenessStatus;
  documentId: string | null;
  expiryDate: string | null;
  waiverReason: string | null;
}

export interface SiteCompleteness extends Record<CompletenessStatus, number> {
  studySiteId: string;
  siteId: string;
  siteName: string;
  siteNumber: string;
  expected: number;
  percent: number;
  items: CompletenessItem[];
}

export interface Completeness {
  asOf: string;
  expiringWithinDays: number;
  sites: SiteCompleteness[];
}

export interface DocumentRule {
  id: string;
  studyId: string;
  artifactNumber: string;
  artifactName: string;
  appliesTo: RuleTarget;
  createdAt: string;
}

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
