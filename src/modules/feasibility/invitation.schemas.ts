import { z } from 'zod';
import { id, reason, versionedFields } from '../../platform/http/fields.js';
import { pageQuery, pageSchema } from '../../platform/http/pagination.js';
import { studySiteStatuses } from '../study-sites/study-site.schemas.js';
import { questionSchema, siteQuestionSchema } from './questionnaire.schemas.js';

export const decisions = ['select', 'reject'] as const;

export const sendQuestionnaireSchema = z.strictObject({
  studySiteIds: z.array(id).min(1).max(500).describe("Study-sites of the questionnaire's study, each in status candidate."),
});
export type SendQuestionnaire = z.infer<typeof sendQuestionnaireSchema>;

const answerValue = z.union([z.boolean(), z.number(), z.string(), z.array(z.string())]).nullable();

export const responseSchema = z.object({
  id,
  status: z.enum(['draft', 'submitted']),
  answers: z.record(z.string(), answerValue.unwrap()),
  submittedAt: z.iso.datetime().nullable(),
  ...versionedFields,
});
export type Response = z.infer<typeof responseSchema>;

export const invitationSchema = z.object({
  id,
  questionnaireId: id,
  questionnaireTitle: z.string(),
  questionnaireRevision: z.number().int(),
  studyId: id,
  studyShortName: z.string(),
  studySiteId: id,
  siteId: id,
  siteName: z.string(),
  siteNumber: z.string(),
  studySiteStatus: z.enum(studySiteStatuses),
  status: z.enum(['open', 'submitted']),
  sentAt: z.iso.datetime(),
  submittedAt: z.iso.datetime().nullable(),
  decision: z.enum(decisions).nullable(),
  decisionReason: z.string().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  view: z
    .enum(['sponsor', 'site'])
    .describe('sponsor: questions with their scoring, answers once submitted; site: questions without scoring, answers as saved.'),
  version: z.number().int(),
});
export type Invitation = z.infer<typeof invitationSchema>;

export const invitationDetailSchema = invitationSchema.extend({
  questions: z.array(z.union([questionSchema, siteQuestionSchema])),
  response: responseSchema.nullable().describe('Null for the sponsor until the site submits.'),
});
export type InvitationDetail = z.infer<typeof invitationDetailSchema>;

export const listInvitationsQuery = z.strictObject({
  ...pageQuery,
  studyId: id.optional(),
  questionnaireId: id.optional(),
  status: z.enum(['open', 'submitted']).optional(),
});
export type ListInvitationsQuery = z.infer<typeof listInvitationsQuery>;
export const invitationPageSchema = pageSchema(invitationSchema);

export const saveAnswersSchema = z.strictObject({
  answers: z
    .record(z.string(), answerValue)
    .describe('Question id → answer: true/false, a number, an option value, a list of option values, or text. PUT replaces all answers.'),
});
export type SaveAnswers = z.infer<typeof saveAnswersSchema>;

export const decisionSchema = z.strictObject({
  studySiteId: id,
  decision: z.enum(decisions).describe('select: candidate → selected; reject: candidate → closed.'),
  reason,
});
export type Decision = z.infer<typeof decisionSchema>;

const historyComponentSchema = z.object({
  name: z.enum(['startup_cycle_time', 'enrollment_rate', 'screen_failure_rate']),
  unit: z.string(),
  value: z.number().nullable(),
  points: z.number().nullable(),
  available: z.boolean(),
  basis: z.string().describe('Where the value comes from, or why it is not available.'),
});

export const shortlistEntrySchema = z.object({
  rank: z.number().int(),
  invitationId: id,
  studySiteId: id,
  siteId: id,
  siteName: z.string(),
  siteNumber: z.string(),
  studySiteStatus: z.enum(studySiteStatuses),
  submittedAt: z.iso.datetime(),
  decision: z.enum(decisions).nullable(),
  score: z.object({
    final: z.number(),
    answers: z.number(),
    history: z.number().nullable().describe('Null when no history component is available.'),
  }),
  questionPoints: z.array(z.object({ questionId: id, weight: z.number(), points: z.number() })),
  history: z.array(historyComponentSchema),
});
export type ShortlistEntry = z.infer<typeof shortlistEntrySchema>;

export const shortlistQuery = z.strictObject({ questionnaireId: id });

export const shortlistSchema = z.object({
  questionnaireId: id,
  method: z.string(),
  items: z.array(shortlistEntrySchema),
});
