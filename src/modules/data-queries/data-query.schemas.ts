import { z } from 'zod';
import { id, isoDate, requiredText, versionedFields } from '../../platform/http/fields.js';
import { pageQuery, pageSchema } from '../../platform/http/pagination.js';

export const queryStatuses = ['open', 'answered', 'closed'] as const;
export type QueryStatus = (typeof queryStatuses)[number];
export const queryScopes = ['participant', 'form', 'item'] as const;
export const messageKinds = ['question', 'answer', 'close', 'reopen'] as const;

/** An ODM OID: what the form's metadata names a form, item group or item by. */
const oid = z
  .string()
  .trim()
  .min(1, { message: 'Required.' })
  .max(200, { message: 'At most 200 characters.' })
  .regex(/^[A-Za-z0-9._-]+$/, { message: 'Must be an OID (letters, digits, dot, dash, underscore).' });

export const dataQueryMessageSchema = z.object({
  id,
  kind: z.enum(messageKinds),
  text: z.string(),
  authorUserId: id.nullable(),
  authorLabel: z.string(),
  createdAt: z.iso.datetime(),
});

export const dataQuerySchema = z.object({
  id,
  studyId: id,
  studySiteId: id,
  participantId: id,
  subjectNumber: z.string().nullable().describe('Participants are named by subject number only'),
  visitId: id.nullable(),
  visitCode: z.string().nullable(),
  formOid: z.string().nullable(),
  itemGroupOid: z.string().nullable(),
  repeatKey: z.number().int().nullable(),
  itemOid: z.string().nullable(),
  scope: z.enum(queryScopes),
  origin: z.enum(['manual', 'edit_check']),
  checkKey: z.string().nullable().describe('The edit check that opened it'),
  status: z.enum(queryStatuses),
  text: z.string(),
  assigneeUserId: id.nullable(),
  assigneeName: z.string().nullable(),
  dueOn: z.string().nullable(),
  openedAt: z.iso.datetime(),
  openedByUserId: id.nullable(),
  answeredAt: z.iso.datetime().nullable(),
  closedAt: z.iso.datetime().nullable(),
  ageDays: z.number().int().describe('Days open: until it was closed, or until now'),
  overdue: z.boolean().describe('Not closed and past its due day (UTC)'),
  ...versionedFields,
});
export type DataQuery = z.infer<typeof dataQuerySchema>;
export const dataQueryWithMessagesSchema = dataQuerySchema.extend({ messages: z.array(dataQueryMessageSchema) });
export type DataQueryWithMessages = z.infer<typeof dataQueryWithMessagesSchema>;
export const dataQueryPageSchema = pageSchema(dataQuerySchema);
export const dataQueryListSchema = z.object({ items: z.array(dataQuerySchema) });

export const raiseQuerySchema = z
  .strictObject({
    visitId: id.optional().describe('The visit whose form it is about (with formOid)'),
    formOid: oid.optional(),
    itemGroupOid: oid.optional(),
    repeatKey: z.number().int().min(1).max(10_000).optional().describe('The row of a repeating group (1 otherwise)'),
    itemOid: oid.optional(),
    text: requiredText(4000).describe('The question; no names (sponsor monitors read it)'),
    assigneeUserId: id.optional(),
    dueOn: isoDate.optional(),
  })
  .refine((q) => !q.formOid || q.visitId, { message: 'Name the visit of the form.', path: ['visitId'] })
  .refine((q) => !q.visitId || q.formOid, { message: 'Name the form of the visit.', path: ['formOid'] })
  .refine((q) => !q.itemOid || q.itemGroupOid, { message: 'Name the item group of the item.', path: ['itemGroupOid'] })
  .refine((q) => !q.itemGroupOid || q.itemOid, { message: 'Name the item in the group.', path: ['itemOid'] })
  .refine((q) => !q.itemOid || q.formOid, { message: 'Name the form of the item.', path: ['formOid'] });
export type RaiseQuery = z.infer<typeof raiseQuerySchema>;

export const queryActions = ['answer', 'close', 'reopen'] as const;
export type QueryAction = (typeof queryActions)[number];
export const queryStepSchema = z.strictObject({
  action: z.enum(queryActions).describe('answer (site), close (who raises queries), reopen (an answered or closed query)'),
  text: requiredText(4000),
});
export type QueryStep = z.infer<typeof queryStepSchema>;

export const listQueriesQuery = z.strictObject({
  ...pageQuery,
  studyId: id.optional(),
  studySiteId: id.optional(),
  participantId: id.optional(),
  status: z.enum(['open', 'answered', 'closed', 'unresolved']).optional().describe('unresolved: open or answered'),
  assignedToMe: z.enum(['true', 'false']).optional(),
});
export type ListQueriesQuery = z.infer<typeof listQueriesQuery>;

export const queryCountsQuery = z.strictObject({ studyId: id });
export const queryCountsSchema = z.object({
  sites: z.array(
    z.object({ studySiteId: id, siteName: z.string(), open: z.number().int(), answered: z.number().int(), closed: z.number().int() }),
  ),
  total: z.object({ open: z.number().int(), answered: z.number().int(), closed: z.number().int() }),
});
export type QueryCounts = z.infer<typeof queryCountsSchema>;

export const participantQueryCountsSchema = z.object({
  forms: z.array(
    z.object({
      visitId: id.nullable(),
      formOid: z.string().nullable(),
      open: z.number().int(),
      answered: z.number().int(),
      closed: z.number().int(),
    }),
  ),
});
export type ParticipantQueryCounts = z.infer<typeof participantQueryCountsSchema>;
