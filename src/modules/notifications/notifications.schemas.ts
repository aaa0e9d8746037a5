import { z } from 'zod';
import { id } from '../../platform/http/fields.js';

export const expiringKinds = ['document', 'training'] as const;
export const expiringStatuses = ['expiring', 'expired'] as const;

/** At most this many items in one answer; the counts still cover everything. */
export const expiringLimit = 200;
/** Expired longer ago than this is no longer news: the completeness and training views still show it. */
export const expiredLookbackDays = 365;

/** How far ahead the home page looks for what expires (worklist/oversight-work.ts asks for 60 days). */
export interface ExpiringQuery {
  withinDays: number;
}

export const expiringItemSchema = z.object({
  kind: z.enum(expiringKinds),
  status: z.enum(expiringStatuses),
  expiresOn: z.string().describe('YYYY-MM-DD'),
  daysLeft: z.number().int().describe('Negative once expired'),
  title: z.string().describe('The document title, or the course title'),
  artifactNumber: z.string().nullable(),
  personId: id.nullable(),
  personName: z.string().nullable(),
  studyId: id.nullable(),
  studyShortName: z.string().nullable(),
  siteId: id.nullable(),
  siteName: z.string().nullable(),
  documentId: id.nullable(),
  trainingRecordId: id.nullable(),
  link: z.string().describe('Path in the web app'),
});
export type ExpiringItem = z.infer<typeof expiringItemSchema>;

export const expiringCounts = z.object({ expiring: z.number().int(), expired: z.number().int() });
export type ExpiringCounts = z.infer<typeof expiringCounts>;

export const expiringResponse = z.object({
  asOf: z.string().describe('YYYY-MM-DD, the day the statuses are judged on'),
  withinDays: z.number().int(),
  counts: expiringCounts.describe('Every matching item, also when the list is truncated'),
  truncated: z.boolean(),
  items: z.array(expiringItemSchema),
});
export type ExpiringResponse = z.infer<typeof expiringResponse>;

/** Messages left for one user (an emergency unblinding, say): kept until read, and after. */
export const messagesQuery = z.strictObject({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Only unread messages'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type MessagesQuery = z.infer<typeof messagesQuery>;

export const messageSchema = z.object({
  id,
  kind: z.string().describe("What happened, e.g. 'emergency_unblinding'"),
  title: z.string(),
  body: z.string(),
  entityType: z.string().nullable(),
  entityId: id.nullable(),
  link: z.string().nullable().describe('Path in the web app'),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});
export type Message = z.infer<typeof messageSchema>;

export const messagesResponse = z.object({
  counts: z.object({ total: z.number().int(), unread: z.number().int() }),
  truncated: z.boolean(),
  items: z.array(messageSchema),
});
export type MessagesResponse = z.infer<typeof messagesResponse>;
