import { z } from 'zod';
import { countryCode, id, optionalText, requiredText, versionedFields } from '../../platform/http/fields.js';
import { signatureSchema, signRequestFields } from '../../platform/signatures/signatures.repo.js';
import { isPartialDate } from './partial-dates.js';
import { clockStatuses } from './safety-clocks.js';

export const seriousCriteria = [
  'death',
  'life_threatening',
  'hospitalisation',
  'disability',
  'congenital_anomaly',
  'important_medical_event',
] as const;
export const causalities = ['related', 'not_related'] as const;
export const expectednesses = ['expected', 'unexpected'] as const;
export const actionsTaken = ['none', 'dose_reduced', 'dose_increased', 'interrupted', 'withdrawn', 'not_applicable', 'unknown'] as const;
export const outcomes = ['recovered', 'recovering', 'not_recovered', 'recovered_with_sequelae', 'fatal', 'unknown'] as const;

const partialDate = z.string().refine(isPartialDate, { message: 'Must be a date as YYYY, YYYY-MM or YYYY-MM-DD.' });
const instant = z.iso.datetime({ offset: true, message: 'Must be an ISO 8601 instant with its offset, such as 2026-03-01T09:30:00Z.' });

export const adverseEventInput = z.strictObject({
  verbatimTerm: requiredText(500),
  codedCode: optionalText(50),
  codedTerm: optionalText(500),
  dictionaryName: optionalText(100),
  dictionaryVersion: optionalText(50),
  onsetDate: partialDate,
  resolutionDate: partialDate.nullable().optional(),
  severityGrade: z.number().int({ message: 'Must be a CTCAE grade 1 to 5.' }).min(1).max(5),
  serious: z.boolean(),
  seriousCriteria: z.array(z.enum(seriousCriteria)).max(6).default([]),
  causality: z.enum(causalities),
  expectedness: z.enum(expectednesses),
  referenceSafetyInfo: optionalText(200).describe("The Investigator's Brochure version in force"),
  referenceDocumentId: id.nullable().optional().describe("The Investigator's Brochure as a filed document of the study"),
  actionTaken: z.enum(actionsTaken),
  outcome: z.enum(outcomes),
  siteAwareAt: instant
    .optional()
    .describe('When the site learned the event is serious: required when it becomes serious; not in the future'),
  narrative: z.string().trim().max(20_000).optional().describe('The SAE report narrative, when this opens a report'),
});
export type AdverseEventInput = z.infer<typeof adverseEventInput>;

export const adverseEventSchema = z.object({
  id,
  studyId: id,
  studySiteId: id,
  participantId: id,
  subjectNumber: z.string(),
  verbatimTerm: z.string(),
  codedCode: z.string().nullable(),
  codedTerm: z.string().nullable(),
  dictionaryName: z.string().nullable(),
  dictionaryVersion: z.string().nullable(),
  onsetDate: z.string(),
  resolutionDate: z.string().nullable(),
  severityGrade: z.number().int(),
  serious: z.boolean(),
  seriousCriteria: z.array(z.enum(seriousCriteria)),
  causality: z.enum(causalities),
  expectedness: z.enum(expectednesses),
  referenceSafetyInfo: z.string().nullable(),
  referenceDocumentId: id.nullable(),
  actionTaken: z.enum(actionsTaken),
  outcome: z.enum(outcomes),
  saeReportId: id.nullable(),
  ...versionedFields,
});
export type AdverseEvent = z.infer<typeof adverseEventSchema>;
export const adverseEventListSchema = z.object({ items: z.array(adverseEventSchema) });

export const clockSchema = z.object({
  id: id.nullable().describe('A regulatory clock; null for the site clock'),
  kind: z.enum(['site', 'expedited', 'completion']),
  country: z.string().nullable(),
  timeZone: z.string().describe('The zone whose calendar the clock counts (the site zone for the site clock)'),
  dayZero: z.string().nullable(),
  dueDays: z.number().int().nullable(),
  dueAt: z.iso.datetime(),
  status: z.enum(clockStatuses),
  metAt: z.iso.datetime().nullable(),
  submissionReference: z.string().nullable(),
  version: z.number().int(),
});
export type Clock = z.infer<typeof clockSchema>;

export const reportVersionSchema = z.object({
  number: z.number().int(),
  kind: z.enum(['initial', 'follow_up']),
  narrative: z.string(),
  submittedAt: z.iso.datetime().nullable(),
  submittedByUserId: id.nullable(),
  signature: signatureSchema.nullable(),
});

export const armSchema = z.object({ code: z.string(), name: z.string() }).nullable();

export const saeReportSchema = z.object({
  id,
  adverseEventId: id,
  studyId: id,
  studyShortName: z.string(),
  studySiteId: id,
  siteNumber: z.string(),
  country: z.string(),
  siteTimeZone: z.string(),
  participantId: id,
  subjectNumber: z.string(),
  verbatimTerm: z.string(),
  seriousCriteria: z.array(z.enum(seriousCriteria)),
  status: z.enum(['open', 'closed']),
  siteAwareAt: z.iso.datetime(),
  sponsorAwareAt: z.iso.datetime().nullable(),
  sponsorExpectedness: z.enum(expectednesses).nullable(),
  sponsorCausality: z.enum(causalities).nullable(),
  susar: z.boolean().nullable(),
  fatalOrLifeThreatening: z.boolean().nullable(),
  assessedAt: z.iso.datetime().nullable(),
  closedAt: z.iso.datetime().nullable(),
  siteClock: clockSchema,
  regulatoryClocks: z.array(clockSchema),
  versions: z.array(reportVersionSchema),
  arm: armSchema.describe('Only for a caller who may see the arm (ADR 0022: the unblinding path); null for everyone else'),
  ...versionedFields,
});
export type SaeReport = z.infer<typeof saeReportSchema>;

export const saeReportSummarySchema = saeReportSchema.omit({ versions: true, arm: true }).extend({
  nextDueAt: z.iso.datetime().nullable(),
});
export type SaeReportSummary = z.infer<typeof saeReportSummarySchema>;
export const saeReportListSchema = z.object({ items: z.array(saeReportSummarySchema) });
export const listReportsQuery = z.strictObject({
  studyId: id.optional(),
  status: z.enum(['open', 'closed', 'all']).default('open'),
});

export const draftInput = z.strictObject({ narrative: z.string().trim().max(20_000) });
export const submitInput = z.strictObject({
  password: signRequestFields.password,
  // The investigator takes responsibility for what the report says (21 CFR 11.50(a)(3)).
  meaning: z.enum(['responsibility', 'authorship']).default('responsibility'),
});
export const acknowledgeInput = z.strictObject({
  sponsorAwareAt: instant.optional().describe('When the sponsor first learned of the report (day 0); now when left out; not in the future'),
});
export const assessInput = z.strictObject({
  expectedness: z.enum(expectednesses),
  causality: z.enum(causalities),
  susar: z.boolean(),
});
export const markMetInput = z.strictObject({
  submissionReference: requiredText(200),
  metAt: instant.optional().describe('When the submission was made; now when left out; not in the future'),
});

export const countryRuleSchema = z.strictObject({
  country: countryCode,
  fatalDays: z.number().int().min(1).max(90),
  completionDays: z.number().int().min(1).max(90),
  otherDays: z.number().int().min(1).max(90),
});
export const safetySettingsInput = z.strictObject({
  siteReportHours: z.number().int().min(1).max(720),
  countryRules: z.array(countryRuleSchema).max(200).default([]),
});
export type SafetySettingsInput = z.infer<typeof safetySettingsInput>;
export const safetySettingsSchema = z.object({
  studyId: id,
  siteReportHours: z.number().int(),
  countryRules: z.array(countryRuleSchema),
  version: z.number().int(),
});
export type SafetySettings = z.infer<typeof safetySettingsSchema>;
