import { z } from 'zod';
import type { EntityType } from '../../platform/audit/audit-events.js';
import { id } from '../../platform/http/fields.js';
import { registeredHistoryReaders } from '../../platform/modules/registry.js';

/** The audited entity types of the registered modules: read when the routes are added, after buildApp registered them. */
const entityTypeSchema = () => z.enum([...registeredHistoryReaders().keys()] as [EntityType, ...EntityType[]]);

const auditEventFields = {
  seq: z.string(),
  occurredAt: z.iso.datetime(),
  actorUserId: id.nullable(),
  actorLabel: z.string(),
  entityId: id,
  action: z.string(),
  changes: z.array(z.object({ field: z.string(), old: z.unknown(), new: z.unknown() })),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  hash: z.string(),
};

export function auditSchemas() {
  const entityType = entityTypeSchema();
  const auditQuery = z.strictObject({ entityType, entityId: id });
  return {
    auditQuery,
    auditExportQuery: auditQuery.extend({ format: z.enum(['csv', 'json']).default('csv') }),
    auditEventSchema: z.object({ ...auditEventFields, entityType }),
  };
}

export type AuditQuery = { entityType: EntityType; entityId: string };
export type AuditEvent = z.infer<z.ZodObject<typeof auditEventFields>> & { entityType: EntityType };
