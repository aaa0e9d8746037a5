import { z } from 'zod';
import { id, isoDate, optionalText, requiredText, versionedFields } from '../../platform/http/fields.js';
import { pageQuery, pageSchema } from '../../platform/http/pagination.js';
import { visitKinds } from '../protocols/protocol.schemas.js';

export const visitStatuses = ['scheduled', 'completed', 'missed', 'cancelled'] as const;

export const visitProcedureSchema = z.object({
  code: z.string(),
  name: z.string(),
  required: z.boolean().describe("As the protocol's schedule of activities says; false for procedures of an ad-hoc visit"),
  done: z.boolean().nullable().describe('Null until the visit is completed'),
  notDoneReason: z.string().nullable(),
});

export const participantVisitSchema = z.object({
  id,
  participantId: id,
  studySiteId: id,
  protocolVersionId: id.nullable(),
  protocolVisitId: id.nullable(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(visitKinds),
  sequence: z.number().int(),
  targetDate: z.string().nullable().describe('Null for unscheduled visits'),
  windowStart: z.string().nullable(),
  windowEnd: z.string().nullable(),
  status: z.enum(visitStatuses),
  actualDate: z.string().nullable(),
  completedAt: z.iso.datetime().nullable(),
  completedByUserId: id.nullable(),
  notes: z.string().nullable(),
  procedures: z.array(visitProcedureSchema),
  deviationIds: z.array(id),
  ...versionedFields,
});
export type ParticipantVisit = z.infer<typeof participantVisitSchema>;
export const participantVisitListSchema = z.object({ items: z.array(participantVisitSchema) });

const procedureAnswerSchema = z.strictObject({
  code: z.string().min(1).max(40),
  done: z.boolean(),
  notDoneReason: optionalText(1000).describe('Required when the procedure was not done'),
});

export const completeVisitSchema = z.strictObject({
  actualDate: isoDate.describe("The site's calendar day the visit took place; not in the site's future"),
  procedures: z.array(procedureAnswerSchema).max(200).describe("Every procedure of the visit's definition, done or not"),
  notes: optionalText(4000),
});
export type CompleteVisit = z.infer<typeof completeVisitSchema>;

export const completionPreviewQuery = z.strictObject({
  actualDate: isoDate.describe('The day the visit would be completed on'),
});
export const completionPreviewSchema = z.object({
  actualDate: z.string(),
  deviations: z
    .array(z.object({ category: z.enum(['visit_out_of_window', 'superseded_consent']), description: z.string() }))
    .describe('The deviations completing the visit on that day would record: outside its window, re-consent outstanding'),
});
export type CompletionPreview = z.infer<typeof completionPreviewSchema>;

export const recordUnscheduledVisitSchema = z
  .strictObject({
    code: z.string().min(1).max(40).optional().describe('An unscheduled visit of the protocol in force; its procedures are answered'),
    name: optionalText(200).describe('An ad-hoc visit the protocol does not define'),
    actualDate: isoDate,
    procedures: z
      .array(procedureAnswerSchema.extend({ name: optionalText(200).describe('Needed for a procedure the protocol does not define') }))
      .max(200)
      .default([]),
    notes: optionalText(4000),
  })
  .refine((v) => Boolean(v.code) || Boolean(v.name), { message: 'Give the code of an unscheduled visit or a name.', path: ['name'] });
export type RecordUnscheduledVisit = z.infer<typeof recordUnscheduledVisitSchema>;

export const deviationCategories = [
  'visit_out_of_window',
  'missed_visit',
  'superseded_consent',
  'consent',
  'eligibility',
  'procedure',
  'other',
] as const;
export const deviationStatuses = ['open', 'assessed'] as const;
export const deviationImportances = ['important', 'not_important'] as const;

export const deviationSchema = z.object({
  id,
  studyId: id,
  studySiteId: id,
  participantId: id.nullable(),
  subjectNumber: z.string().nullable(),
  visitId: id.nullable(),
  category: z.enum(deviationCategories),
  description: z.string().describe('Pseudonymous: never a name, never an arm'),
  detected: z.enum(['automatic', 'manual']),
  sourceEntityType: z.string().nullable().describe('The record it came from (participant_visit, consent), for automatic ones'),
  sourceEntityId: id.nullable(),
  occurredOn: z.string(),
  status: z.enum(deviationStatuses),
  importance: z.enum(deviationImportances).nullable(),
  assessment: z.string().nullable(),
  assessedByUserId: id.nullable(),
  assessedAt: z.iso.datetime().nullable(),
  ...versionedFields,
});
export type Deviation = z.infer<typeof deviationSchema>;
export const deviationListSchema = z.object({ items: z.array(deviationSchema) });
export const deviationPageSchema = pageSchema(deviationSchema);

export const listDeviationsQuery = z.strictObject({
  ...pageQuery,
  order: z.enum(['asc', 'desc']).default('desc'),
  studyId: id.optional(),
  studySiteId: id.optional(),
  status: z.enum(deviationStatuses).optional(),
  category: z.enum(deviationCategories).optional(),
});
export type ListDeviationsQuery = z.infer<typeof listDeviationsQuery>;

export const createDeviationSchema = z.strictObject({
  category: z.enum(deviationCategories),
  description: requiredText(4000).describe('What happened; no names, no treatment arms'),
  occurredOn: isoDate.describe("The site's calendar day it happened; not in the future"),
  visitId: id.optional().describe('The visit it concerns, if any'),
});
export type CreateDeviation = z.infer<typeof createDeviationSchema>;

export const assessDeviationSchema = z.strictObject({
  importance: z.enum(deviationImportances).describe('Important: may affect data reliability or participant safety'),
  assessment: requiredText(4000),
});
export type AssessDeviation = z.infer<typeof assessDeviationSchema>;

export const missedVisitCheckSchema = z.object({ missed: z.number().int(), deviationsCreated: z.number().int() });
