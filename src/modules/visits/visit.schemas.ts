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

/** A visit's booking: when (UTC, and the wall-clock time at the site, whose zone is named), where, with whom. */
export const appointmentSchema = z.object({
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  timeZone: z.string().describe("The site's IANA time zone, in which localStart and localEnd are given"),
  localStart: z.string().describe("Wall-clock start at the site, 'YYYY-MM-DDTHH:mm'"),
  localEnd: z.string().describe("Wall-clock end at the site, 'YYYY-MM-DDTHH:mm'"),
  room: z.string().nullable(),
  staffPersonId: id,
  staffName: z.string(),
});
export type Appointment = z.infer<typeof appointmentSchema>;

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
  siteTimeZone: z.string().describe("The site's IANA time zone: its calendar days and booked times are in it"),
  appointment: appointmentSchema.nullable().describe('The booked time, room and staff member; null when not booked'),
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

const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: "Must be a time at the site as 'YYYY-MM-DDTHH:mm'." });

export const bookVisitSchema = z.strictObject({
  startsAt: localDateTime.describe("Wall-clock start in the site's time zone, 'YYYY-MM-DDTHH:mm'; its day within the visit's window"),
  durationMinutes: z.number().int().min(5, { message: 'At least 5 minutes.' }).max(720, { message: 'At most 12 hours.' }),
  room: optionalText(100),
  staffPersonId: id.describe("The person who will see the participant: on the site's staff that day"),
  allowConflicts: z
    .boolean()
    .default(false)
    .describe('Book even when the staff member or the room is booked for another visit at that time (the answer lists them)'),
});
export type BookVisit = z.infer<typeof bookVisitSchema>;

/** Another booked visit that overlaps a booking: for the same staff member, or in the same room. */
export const bookingConflictSchema = z.object({
  on: z.enum(['staff', 'room']),
  visitId: id.nullable().describe('Null when the other visit is at a study-site you may not read'),
  label: z.string().describe("Subject number and visit code, or 'A visit of another study'"),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  localStart: z.string(),
  localEnd: z.string(),
});
export type BookingConflict = z.infer<typeof bookingConflictSchema>;

export const visitBookingSchema = z.object({
  visit: participantVisitSchema,
  conflicts: z.array(bookingConflictSchema).describe('Overlapping bookings, booked anyway (allowConflicts)'),
  warnings: z.array(z.string()).describe('What to settle before the visit, such as a staff member not validly delegated that day'),
});
export type VisitBooking = z.infer<typeof visitBookingSchema>;

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
