import { z } from 'zod';
import { id, isoDate, optionalText, reason, requiredText, versionedFields } from '../../platform/http/fields.js';
import { staffRoles } from '../people/person.schemas.js';

export const trainingKinds = ['gcp', 'protocol', 'licence', 'other'] as const;
export type TrainingKind = (typeof trainingKinds)[number];

/** Where a person stands against one thing they need; `missing` only arises against a requirement. */
export const trainingStatuses = ['current', 'expiring', 'expired', 'missing'] as const;
export type TrainingStatus = (typeof trainingStatuses)[number];

const protocolVersion = requiredText(40).describe('The protocol version trained on, as the protocol names it (e.g. "3.0")');

export const trainingRecordSchema = z.object({
  id,
  personId: id,
  title: z.string(),
  kind: z.enum(trainingKinds),
  studyId: id.nullable(),
  protocolVersion: z.string().nullable(),
  completedOn: z.string(),
  expiresOn: z.string().nullable(),
  documentId: id.nullable().describe('The certificate or licence filed in the site file'),
  status: z.enum(trainingStatuses).describe('On the day of the request, 60 days counting as expiring'),
  ...versionedFields,
});
export type TrainingRecord = z.infer<typeof trainingRecordSchema>;

export const createTrainingRecordSchema = z
  .strictObject({
    title: requiredText(200),
    kind: z.enum(trainingKinds),
    studyId: id.nullable().optional(),
    protocolVersion: protocolVersion.nullable().optional(),
    completedOn: isoDate,
    expiresOn: isoDate.nullable().optional().describe('GCP: three years after completion when not given; a licence must give it'),
    documentId: id.nullable().optional(),
    reason: optionalText(1000),
  })
  .refine((v) => !v.expiresOn || v.expiresOn >= v.completedOn, {
    message: 'Training cannot expire before it was completed.',
    path: ['expiresOn'],
  });
export type CreateTrainingRecord = z.infer<typeof createTrainingRecordSchema>;

export const updateTrainingRecordSchema = z.strictObject({
  title: requiredText(200).optional(),
  studyId: id.nullable().optional(),
  protocolVersion: protocolVersion.nullable().optional(),
  completedOn: isoDate.optional(),
  expiresOn: isoDate.nullable().optional(),
  documentId: id.nullable().optional(),
  reason: optionalText(1000),
});
export type UpdateTrainingRecord = z.infer<typeof updateTrainingRecordSchema>;

export const deleteTrainingRecordQuery = z.strictObject({ reason });

export const trainingRequirementSchema = z.object({
  id,
  studyId: id,
  role: z.enum(staffRoles),
  kind: z.enum(trainingKinds),
  protocolVersion: z.string().nullable(),
  title: z.string().nullable(),
  label: z.string().describe('What the requirement asks, in words'),
  createdAt: z.iso.datetime(),
});
export type TrainingRequirement = z.infer<typeof trainingRequirementSchema>;

export const createTrainingRequirementSchema = z
  .strictObject({
    role: z.enum(staffRoles),
    kind: z.enum(trainingKinds),
    protocolVersion: protocolVersion.optional(),
    title: requiredText(200).optional().describe('For kind "other": the course, matched on its title'),
    reason: optionalText(1000),
  })
  .refine((v) => v.kind !== 'protocol' || v.protocolVersion, {
    message: 'Name the protocol version the role must be trained on.',
    path: ['protocolVersion'],
  })
  .refine((v) => v.kind === 'protocol' || !v.protocolVersion, {
    message: 'Only protocol training has a protocol version.',
    path: ['protocolVersion'],
  })
  .refine((v) => v.kind !== 'other' || v.title, { message: 'Name the course.', path: ['title'] });
export type CreateTrainingRequirement = z.infer<typeof createTrainingRequirementSchema>;

export const trainingStatusItemSchema = z.object({
  kind: z.enum(trainingKinds),
  label: z.string(),
  roles: z.array(z.enum(staffRoles)).describe('The roles that require it'),
  status: z.enum(trainingStatuses),
  recordId: id.nullable(),
  expiresOn: z.string().nullable(),
});

const statusCounts = Object.fromEntries(trainingStatuses.map((s) => [s, z.number().int()])) as Record<TrainingStatus, z.ZodNumber>;

export const personTrainingStatusSchema = z.object({
  personId: id,
  personName: z.string(),
  roles: z.array(z.enum(staffRoles)),
  status: z.enum(trainingStatuses).describe('The worst of the items; current when nothing is required'),
  items: z.array(trainingStatusItemSchema),
});

export const trainingStatusQuery = z.strictObject({
  expiringWithinDays: z.coerce.number().int().min(0).max(730).default(60),
});

export const siteTrainingStatusSchema = z.object({
  asOf: z.string(),
  expiringWithinDays: z.number().int(),
  studyId: id,
  studySiteId: id,
  ...statusCounts,
  people: z.array(personTrainingStatusSchema),
});

export const personStudyTrainingStatusSchema = personTrainingStatusSchema.extend({
  asOf: z.string(),
  expiringWithinDays: z.number().int(),
  studyId: id,
  sites: z.array(z.object({ studySiteId: id, siteId: id, siteName: z.string(), roles: z.array(z.enum(staffRoles)) })),
});
export type PersonStudyTrainingStatus = z.infer<typeof personStudyTrainingStatusSchema>;
export type SiteTrainingStatus = z.infer<typeof siteTrainingStatusSchema>;
