import { z } from 'zod';
import { id, isoDate, optionalText, reason, requiredText, versionedFields } from '../../platform/http/fields.js';
import { pageQuery, pageSchema } from '../../platform/http/pagination.js';
import { languageTag } from '../protocols/icf.schemas.js';
import { studySiteSchema } from '../study-sites/study-site.schemas.js';

export const participantStatuses = [
  'screening',
  'screen_failed',
  'enrolled',
  'on_treatment',
  'follow_up',
  'completed',
  'withdrawn',
  'lost_to_follow_up',
] as const;
export type ParticipantStatus = (typeof participantStatuses)[number];

/** Identifying details: stored only in `identities`, shown only to callers who may identify. */
export const identityInputSchema = z.strictObject({
  fullName: requiredText(200),
  dateOfBirth: isoDate.nullable().optional(),
  phone: optionalText(50),
  email: z.email({ message: 'Must be an e-mail address.' }).max(254).nullable().optional(),
});
export type IdentityInput = z.infer<typeof identityInputSchema>;

export const identitySchema = z.object({
  id,
  fullName: z.string(),
  dateOfBirth: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  version: z.number().int(),
});
export type Identity = z.infer<typeof identitySchema>;

export const participantSchema = z.object({
  id,
  studyId: id,
  studySiteId: id,
  siteNumber: z.string(),
  subjectNumber: z.string(),
  status: z.enum(participantStatuses),
  candidateId: id.nullable(),
  coordinatorUserId: id.nullable(),
  consentLanguage: z.string(),
  screenedOn: z.string(),
  consentedOn: z.string().nullable(),
  screenFailedOn: z.string().nullable(),
  screenFailReason: z.string().nullable(),
  eligibilityConfirmedAt: z.iso.datetime().nullable(),
  eligibilityConfirmedByUserId: id.nullable(),
  randomizationNumber: z.string().nullable(),
  enrolledOn: z.string().nullable(),
  completedOn: z.string().nullable(),
  withdrawnOn: z.string().nullable(),
  withdrawalScope: z.enum(['treatment', 'study']).nullable(),
  withdrawalReason: z.string().nullable(),
  lostOn: z.string().nullable(),
  /** Present only for callers who may identify participants at the site. */
  fullName: z.string().optional(),
  ...versionedFields,
});
export type Participant = z.infer<typeof participantSchema>;
/** A row of the participant lists: the participant and the next visit planned for them. */
export const participantListItemSchema = participantSchema.extend({
  nextVisit: z
    .object({
      id,
      code: z.string(),
      name: z.string(),
      targetDate: z.string(),
      windowStart: z.string().nullable(),
      windowEnd: z.string().nullable(),
    })
    .nullable()
    .describe('The earliest visit still scheduled (by target date); null when none is'),
});
export type ParticipantListItem = z.infer<typeof participantListItemSchema>;
export const participantListSchema = pageSchema(participantListItemSchema);

export const listParticipantsQuery = z.strictObject({
  ...pageQuery,
  sort: z.enum(['subjectNumber', 'screenedOn', 'status']).default('subjectNumber'),
  studyId: id.optional(),
  studySiteId: id.optional(),
  status: z.enum(participantStatuses).optional(),
  q: optionalText(100).describe('Subject number; names too where you may identify participants'),
});
export type ListParticipantsQuery = z.infer<typeof listParticipantsQuery>;

export const screenParticipantSchema = z.strictObject({
  screenedOn: isoDate.optional().describe('Default: today at the site'),
  candidateId: id.optional().describe('The pre-screening candidate screened (marked "screened"); their identity is used'),
  identity: identityInputSchema.optional().describe('Identifying details of a participant not pre-screened (site roles only)'),
  coordinatorUserId: id.optional().describe('Default: you'),
  consentLanguage: languageTag.optional().describe('Default en-US: each language has its own consent form versions'),
  reason: optionalText(1000),
});
export type ScreenParticipant = z.infer<typeof screenParticipantSchema>;

export const recordConsentSchema = z.strictObject({
  icfVersionId: id,
  consentedAt: z.iso.datetime({ offset: true, message: 'Must be a date and time (ISO 8601).' }),
  obtainedByPersonId: id.describe('The person who obtained consent: validly delegated "obtain_consent" that day'),
});
export type RecordConsent = z.infer<typeof recordConsentSchema>;

export const eligibilityAnswersSchema = z.strictObject({
  answers: z
    .array(z.strictObject({ criterionId: id, met: z.boolean(), note: optionalText(2000) }))
    .min(1)
    .max(500),
});
export type EligibilityAnswers = z.infer<typeof eligibilityAnswersSchema>;

export const confirmEligibilitySchema = z.strictObject({
  password: z.string().min(1, { message: 'Enter your password to sign.' }).max(1024),
});

/** The status changes a site records; randomization (enrolled) is the randomization module's. */
export const statusChangeSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('screen_failed'), on: isoDate, reason }),
  z.strictObject({ status: z.literal('withdrawn'), scope: z.enum(['treatment', 'study']), on: isoDate, reason }),
  z.strictObject({ status: z.literal('lost_to_follow_up'), on: isoDate, reason }),
  z.strictObject({ status: z.literal('completed'), on: isoDate, reason: optionalText(1000) }),
  z.strictObject({ status: z.literal('on_treatment'), reason }),
  z.strictObject({ status: z.literal('follow_up'), reason }),
]);
export type StatusChange = z.infer<typeof statusChangeSchema>;

const consentSchema = z.object({
  id,
  kind: z.enum(['initial', 're_consent']),
  icfVersionId: id,
  icfVersionLabel: z.string(),
  language: z.string(),
  consentedAt: z.iso.datetime(),
  consentedOn: z.string(),
  obtainedByPersonId: id,
  obtainedByName: z.string(),
  recordedByUserId: id.nullable(),
});

const reconsentTaskSchema = z.object({
  id,
  icfVersionId: id,
  icfVersionLabel: z.string(),
  dueFrom: z.string(),
  status: z.enum(['open', 'done', 'cancelled']),
  consentId: id.nullable(),
  closedAt: z.iso.datetime().nullable(),
});

const criterionAnswerSchema = z.object({
  criterionId: id,
  kind: z.enum(['inclusion', 'exclusion']),
  number: z.number().int(),
  text: z.string(),
  met: z.boolean().nullable(),
  note: z.string().nullable(),
  answeredAt: z.iso.datetime().nullable(),
  answeredByUserId: id.nullable(),
});

export const participantPageSchema = z.object({
  participant: participantSchema,
  studySite: studySiteSchema,
  identity: identitySchema.optional(),
  consents: z.array(consentSchema),
  reconsentTasks: z.array(reconsentTaskSchema),
  eligibility: z.object({
    protocolVersionId: id.nullable().describe('The protocol version in force at the site today, whose criteria these are'),
    criteria: z.array(criterionAnswerSchema),
    confirmedAt: z.iso.datetime().nullable(),
    confirmedByUserId: id.nullable(),
  }),
  randomization: z
    .object({
      number: z.string().nullable(),
      enrolledOn: z.string().nullable(),
      arm: z.object({ code: z.string(), name: z.string() }).nullable().describe('Null when not randomized or you are blinded'),
    })
    .nullable(),
});
export type ParticipantPage = z.infer<typeof participantPageSchema>;

export const participantSettingsSchema = z.object({
  studyId: id,
  subjectNumberFormat: z.string(),
  version: z.number().int().describe('0 until the study saves its own settings'),
});
export type ParticipantSettings = z.infer<typeof participantSettingsSchema>;

export const updateParticipantSettingsSchema = z.strictObject({
  subjectNumberFormat: requiredText(100).describe('Tokens {site}, {study} and {seq:N} (required: the per-site sequence, N digits)'),
  reason: optionalText(1000),
});
