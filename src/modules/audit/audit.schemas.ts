import { z } from 'zod';
import type { AuditAction, EntityType } from '../../platform/audit/audit-events.js';
import { id, isoDate } from '../../platform/http/fields.js';
import { pageQuery, pageSchema } from '../../platform/http/pagination.js';
import { registeredHistoryReaders } from '../../platform/modules/registry.js';

/** The audited entity types of the registered modules: read when the routes are added, after buildApp registered them. */
const entityTypeSchema = () => z.enum([...registeredHistoryReaders().keys()] as [EntityType, ...EntityType[]]);

export const auditActions = [
  'create',
  'update',
  'delete',
  'status_change',
  'login',
  'login_failed',
  'lockout',
  'logout',
  'sign',
  'signature_failed',
] as const satisfies readonly AuditAction[];

const storedChangeSchema = z.object({ field: z.string(), old: z.unknown(), new: z.unknown() });

/** A change as a person reads it: the field's label; the values as words (names for record ids, labels for codes, "key: value" for objects, "—" for nothing). */
const readableChangeSchema = z.object({ field: z.string(), label: z.string(), oldText: z.string(), newText: z.string() });

const auditEventFields = {
  seq: z.string(),
  occurredAt: z.iso.datetime(),
  actorUserId: id.nullable(),
  actorLabel: z.string(),
  /** The actor's name as recorded at the time, without the e-mail. */
  actorName: z.string(),
  entityId: id,
  entityTypeLabel: z.string(),
  /** The record's name (a subject number, a document title, a site), or its kind when it cannot be named. */
  entityLabel: z.string(),
  action: z.string(),
  actionLabel: z.string(),
  /** Each changed field with its values exactly as recorded. */
  changes: z.array(storedChangeSchema),
  /** The same changes as a person reads them; those from nothing to nothing are left out. */
  readableChanges: z.array(readableChangeSchema),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  hash: z.string(),
};

export function auditSchemas() {
  const entityType = entityTypeSchema();
  const auditQuery = z.strictObject({
    studyId: id.optional().describe("A study's whole trail; required unless entityId is given or the caller is the platform admin."),
    entityType: entityType.optional().describe('With entityId: that record’s history. Without: only records of this type.'),
    entityId: id.optional(),
    userId: id.optional().describe('Only what this user did.'),
    action: z.enum(auditActions).optional(),
    from: isoDate.optional().describe('First UTC day, YYYY-MM-DD.'),
    to: isoDate.optional().describe('Last UTC day, YYYY-MM-DD (included).'),
    limit: pageQuery.limit,
    cursor: pageQuery.cursor,
    order: pageQuery.order.describe('Oldest first (asc, the default) or newest first (desc).'),
  });
  return {
    auditQuery,
    auditExportQuery: auditQuery.omit({ limit: true, cursor: true }).extend({ format: z.enum(['csv', 'json']).default('csv') }),
    auditPageSchema: pageSchema(z.object({ ...auditEventFields, entityType })),
  };
}

export type AuditQuery = z.infer<ReturnType<typeof auditSchemas>['auditQuery']>;
export type AuditExportQuery = z.infer<ReturnType<typeof auditSchemas>['auditExportQuery']>;
export type AuditEvent = z.infer<z.ZodObject<typeof auditEventFields>> & { entityType: EntityType };
export type ReadableChange = z.infer<typeof readableChangeSchema>;
