import { z } from 'zod';
import { id, isoDate, optionalText, versionedFields } from '../../platform/http/fields.js';
import { pageQuery, pageSchema } from '../../platform/http/pagination.js';
import { identityInputSchema, identitySchema } from './participant.schemas.js';

export const candidateSources = ['referral', 'site_database', 'advertisement', 'registry', 'other'] as const;
export const candidateOutcomes = ['pending', 'to_screen', 'not_eligible', 'declined', 'unable_to_contact', 'other', 'screened'] as const;
/** 'screened' is set by screening the candidate, never by hand. */
const settableOutcomes = candidateOutcomes.filter((o) => o !== 'screened') as [string, ...string[]];

export const candidateSchema = z.object({
  id,
  studyId: id,
  studySiteId: id,
  source: z.enum(candidateSources),
  prescreenedOn: z.string(),
  outcome: z.enum(candidateOutcomes),
  outcomeReason: z.string().nullable(),
  participantId: id.nullable(),
  participantSubjectNumber: z.string().nullable().describe('The subject number of the participant the candidate became'),
  /** Present only for callers who may identify participants at the site. */
  identity: identitySchema.nullable().optional(),
  ...versionedFields,
});
export type Candidate = z.infer<typeof candidateSchema>;
export const candidatePageSchema = pageSchema(candidateSchema);

export const createCandidateSchema = z.strictObject({
  source: z.enum(candidateSources),
  prescreenedOn: isoDate,
  outcome: z.enum(settableOutcomes).default('pending'),
  outcomeReason: optionalText(1000).describe('Why the candidate is not screened'),
  identity: identityInputSchema.optional().describe('Site roles only'),
  reason: optionalText(1000),
});
export type CreateCandidate = z.infer<typeof createCandidateSchema>;

export const updateCandidateSchema = z.strictObject({
  source: z.enum(candidateSources).optional(),
  prescreenedOn: isoDate.optional(),
  outcome: z.enum(settableOutcomes).optional(),
  outcomeReason: optionalText(1000),
  identity: identityInputSchema.partial().optional().describe('Site roles only'),
  reason: optionalText(1000),
});
export type UpdateCandidate = z.infer<typeof updateCandidateSchema>;

export const listCandidatesQuery = z.strictObject({
  ...pageQuery,
  order: pageQuery.order.default('desc'),
  outcome: z.enum(candidateOutcomes).optional(),
  source: z.enum(candidateSources).optional(),
  q: optionalText(100).describe('Name: only for callers who may identify participants here'),
});
export type ListCandidatesQuery = z.infer<typeof listCandidatesQuery>;

const countSchema = z.number().int();
export const prescreenSummarySchema = z.object({
  total: countSchema,
  bySite: z.array(z.object({ studySiteId: id, siteNumber: z.string(), siteName: z.string(), count: countSchema })),
  bySource: z.array(z.object({ source: z.enum(candidateSources), count: countSchema })),
  byOutcome: z.array(z.object({ outcome: z.enum(candidateOutcomes), count: countSchema })),
  reasons: z.array(z.object({ outcome: z.enum(candidateOutcomes), reason: z.string(), count: countSchema })),
});
export type PrescreenSummary = z.infer<typeof prescreenSummarySchema>;
