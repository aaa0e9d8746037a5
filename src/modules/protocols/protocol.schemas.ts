import { z } from 'zod';
import { id, optionalText, requiredText, versionedFields } from '../../platform/http/fields.js';

export const visitKinds = ['screening', 'baseline', 'treatment', 'follow_up', 'end_of_study', 'unscheduled'] as const;
export const visitAnchors = ['consent', 'randomization', 'baseline'] as const;
export const criterionKinds = ['inclusion', 'exclusion'] as const;
export const protocolStatuses = ['draft', 'final'] as const;

const code = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, { message: 'Letters, digits, _ . -, starting with a letter or digit (at most 40).' });
const days = z.number().int({ message: 'Must be a whole number of days.' });
const versionLabel = requiredText(100).describe('As printed on the protocol: "1.0", "2.0 (Amendment 1)"');

export const armInputSchema = z.strictObject({
  code,
  name: requiredText(200),
  allocationRatio: z.number().int({ message: 'Must be a whole number.' }).min(1, { message: 'At least 1.' }).max(100),
  blindedLabel: optionalText(100).describe('What blinded staff see instead of the name, e.g. "Treatment A"'),
});

export const procedureInputSchema = z.strictObject({
  code,
  name: requiredText(200),
  required: z.boolean().default(true),
});

export const visitInputSchema = z.strictObject({
  code: code.describe('Unique in the version; stable across amendments (visits are matched by code)'),
  name: requiredText(200),
  kind: z.enum(visitKinds),
  anchor: z.enum(visitAnchors).nullable().default(null).describe('Null only for unscheduled visits'),
  targetDay: days
    .min(-3650)
    .max(3650)
    .nullable()
    .default(null)
    .describe('Days from the anchor (0 or negative for screening relative to baseline); null only for unscheduled visits'),
  windowBeforeDays: days.min(0, { message: 'Must be 0 or more.' }).max(3650).default(0),
  windowAfterDays: days.min(0, { message: 'Must be 0 or more.' }).max(3650).default(0),
  procedures: z.array(procedureInputSchema).max(200).default([]),
});

export const criterionInputSchema = z.strictObject({
  kind: z.enum(criterionKinds),
  number: z.number().int().min(1).max(1000),
  text: requiredText(4000),
});

/** The schedule of activities and eligibility, replaced as a whole (each list is in protocol order). */
const structureFields = {
  arms: z.array(armInputSchema).max(50),
  visits: z.array(visitInputSchema).max(300),
  criteria: z.array(criterionInputSchema).max(500),
};

export const createProtocolVersionSchema = z.strictObject({
  versionLabel,
  summaryOfChanges: optionalText(10_000),
  arms: structureFields.arms.default([]),
  visits: structureFields.visits.default([]),
  criteria: structureFields.criteria.default([]),
  reason: optionalText(1000),
});
export type CreateProtocolVersion = z.infer<typeof createProtocolVersionSchema>;

export const updateProtocolVersionSchema = z.strictObject({
  versionLabel: versionLabel.optional(),
  summaryOfChanges: optionalText(10_000),
  arms: structureFields.arms.optional(),
  visits: structureFields.visits.optional(),
  criteria: structureFields.criteria.optional(),
  reason: optionalText(1000),
});
export type UpdateProtocolVersion = z.infer<typeof updateProtocolVersionSchema>;

export const amendProtocolVersionSchema = z.strictObject({
  versionLabel,
  summaryOfChanges: optionalText(10_000),
  reason: optionalText(1000),
});
export type AmendProtocolVersion = z.infer<typeof amendProtocolVersionSchema>;

export const finalizeProtocolVersionSchema = z.strictObject({ reason: optionalText(1000) }).optional();

export type ProtocolStructure = {
  arms: z.infer<typeof armInputSchema>[];
  visits: z.infer<typeof visitInputSchema>[];
  criteria: z.infer<typeof criterionInputSchema>[];
};

const armSchema = z.object({
  id,
  code: z.string(),
  name: z.string(),
  allocationRatio: z.number().int(),
  blindedLabel: z.string().nullable(),
  sequence: z.number().int(),
});

const procedureSchema = z.object({ id, code: z.string(), name: z.string(), required: z.boolean(), sequence: z.number().int() });

const visitSchema = z.object({
  id,
  code: z.string(),
  name: z.string(),
  kind: z.enum(visitKinds),
  anchor: z.enum(visitAnchors).nullable(),
  targetDay: z.number().int().nullable(),
  windowBeforeDays: z.number().int(),
  windowAfterDays: z.number().int(),
  sequence: z.number().int(),
  procedures: z.array(procedureSchema),
});

const criterionSchema = z.object({ id, kind: z.enum(criterionKinds), number: z.number().int(), text: z.string() });

const summaryFields = {
  id,
  studyId: id,
  versionNumber: z.number().int().describe('1, 2, 3 … in the order versions were made'),
  versionLabel: z.string(),
  status: z.enum(protocolStatuses).describe('A final version is frozen; a change is an amendment (a new version)'),
  summaryOfChanges: z.string().nullable(),
  amendsVersionId: id.nullable(),
  finalizedAt: z.iso.datetime().nullable(),
  ...versionedFields,
};

export const protocolVersionSummarySchema = z.object({
  ...summaryFields,
  armCount: z.number().int(),
  visitCount: z.number().int(),
  criterionCount: z.number().int(),
});
export type ProtocolVersionSummary = z.infer<typeof protocolVersionSummarySchema>;

export const protocolVersionSchema = z.object({
  ...summaryFields,
  arms: z.array(armSchema),
  visits: z.array(visitSchema),
  criteria: z.array(criterionSchema),
});
export type ProtocolVersion = z.infer<typeof protocolVersionSchema>;

export const protocolVersionListSchema = z.object({ items: z.array(protocolVersionSummarySchema) });
