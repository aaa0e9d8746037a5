import { z } from 'zod';
import { id, isoDate, optionalText, requiredText, versionedFields } from '../../platform/http/fields.js';
import { pageQuery, pageSchema } from '../../platform/http/pagination.js';
import { signatureMeanings, signatureSchema, signRequestFields } from '../../platform/signatures/signatures.repo.js';

export const reviewStatuses = ['draft', 'submitted', 'approved', 'returned'] as const;
export const ruleTargets = ['site', 'principal_investigator', 'sub_investigator'] as const;
export const artifactNumber = z
  .string()
  .regex(/^\d{2}\.\d{2}\.\d{2}$/, { message: 'Must be a TMF Reference Model artifact number such as 05.02.04.' });

export const documentVersionSchema = z.object({
  id,
  versionNumber: z.number().int(),
  contentHash: z.string().describe('SHA-256 of the bytes'),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  effectiveDate: z.string().nullable(),
  expiryDate: z.string().nullable(),
  reviewStatus: z.enum(reviewStatuses),
  reviewNote: z.string().nullable(),
  uploadedByName: z.string().nullable(),
  uploadedAt: z.iso.datetime(),
  version: z.number().int(),
  signatures: z.array(signatureSchema),
});
export type DocumentVersion = z.infer<typeof documentVersionSchema>;

export const documentSchema = z.object({
  id,
  studyId: id,
  studyShortName: z.string(),
  siteId: id.nullable(),
  siteName: z.string().nullable(),
  siteTimeZone: z.string().nullable().describe("The site's IANA time zone (none for a study-level document): its times are shown in it"),
  personId: id.nullable(),
  personName: z.string().nullable(),
  artifactNumber: z.string(),
  artifactName: z.string(),
  zoneName: z.string(),
  sectionName: z.string(),
  title: z.string(),
  currentVersionId: id.nullable(),
  currentVersionNumber: z.number().int().nullable(),
  currentReviewStatus: z.enum(reviewStatuses).nullable(),
  signatureStatus: z
    .enum(['signed', 'superseded', 'unsigned'])
    .describe(
      'signed: the current version carries a signature; superseded: only an older version does, so the current one needs a new signature',
    ),
  approvedVersionId: id.nullable(),
  approvedEffectiveDate: z.string().nullable(),
  approvedExpiryDate: z.string().nullable(),
  ...versionedFields,
});
export type Document = z.infer<typeof documentSchema>;

export const documentDetailSchema = documentSchema.extend({ versions: z.array(documentVersionSchema) });
export type DocumentDetail = z.infer<typeof documentDetailSchema>;

/** Multipart form fields sent with the file of a new document. */
export const newDocumentFields = z
  .strictObject({
    studyId: id,
    siteId: id.optional(),
    personId: id.optional(),
    artifactNumber,
    title: requiredText(300),
    effectiveDate: isoDate.optional(),
    expiryDate: isoDate.optional(),
    submit: z.enum(['true', 'false']).default('true').describe('Submit the version for review at once'),
  })
  .refine((v) => !v.effectiveDate || !v.expiryDate || v.effectiveDate <= v.expiryDate, {
    message: 'A document cannot expire before it takes effect.',
    path: ['expiryDate'],
  });
export type NewDocumentFields = z.infer<typeof newDocumentFields>;

/** Multipart form fields sent with the file of a new version. */
export const newVersionFields = z
  .strictObject({
    effectiveDate: isoDate.optional(),
    expiryDate: isoDate.optional(),
    submit: z.enum(['true', 'false']).default('true'),
  })
  .refine((v) => !v.effectiveDate || !v.expiryDate || v.effectiveDate <= v.expiryDate, {
    message: 'A document cannot expire before it takes effect.',
    path: ['expiryDate'],
  });
export type NewVersionFields = z.infer<typeof newVersionFields>;

export const listDocumentsQuery = z.strictObject({
  ...pageQuery,
  sort: z.enum(['title', 'artifactNumber', 'updatedAt']).default('artifactNumber'),
  studyId: id.optional(),
  siteId: id.optional(),
  personId: id.optional(),
  artifactNumber: artifactNumber.optional(),
  reviewStatus: z.enum(reviewStatuses).optional(),
  q: optionalText(100),
});
export type ListDocumentsQuery = z.infer<typeof listDocumentsQuery>;
export const documentPageSchema = pageSchema(documentSchema);

export const approveVersionSchema = z.strictObject({ ...signRequestFields, meaning: z.enum(signatureMeanings).default('approval') });
export const returnVersionSchema = z.strictObject({ reason: requiredText(1000) });

export const documentRuleSchema = z.object({
  id,
  studyId: id,
  artifactNumber: z.string(),
  artifactName: z.string(),
  appliesTo: z.enum(ruleTargets),
  createdAt: z.iso.datetime(),
});
export type DocumentRule = z.infer<typeof documentRuleSchema>;
export const createDocumentRuleSchema = z.strictObject({ artifactNumber, appliesTo: z.enum(ruleTargets), reason: optionalText(1000) });

export const createWaiverSchema = z.strictObject({
  siteId: id,
  personId: id.nullable().optional(),
  artifactNumber,
  reason: requiredText(1000),
});
export type CreateWaiver = z.infer<typeof createWaiverSchema>;

export const tmfArtifactSchema = z.object({
  artifactNumber: z.string(),
  zoneNumber: z.string(),
  zoneName: z.string(),
  sectionNumber: z.string(),
  sectionName: z.string(),
  name: z.string(),
  definition: z.string().nullable(),
  core: z.boolean(),
  trialLevel: z.boolean(),
  countryLevel: z.boolean(),
  siteLevel: z.boolean(),
});
