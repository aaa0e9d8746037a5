import { z } from 'zod';
import { entityTypes } from '../../platform/audit/audit-events.js';
import { id } from '../../platform/http/fields.js';

export const auditQuery = z.strictObject({
  entityType: z.enum(entityTypes),
  entityId: id,
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditExportQuery = auditQuery.extend({ format: z.enum(['csv', 'json']).default('csv') });

export const auditEventSchema = z.object({
  seq: z.string(),
  occurredAt: z.iso.datetime(),
  actorUserId: id.nullable(),
  actorLabel: z.string(),
  entityType: z.enum(entityTypes),
  entityId: id,
  action: z.string(),
  changes: z.array(z.object({ field: z.string(), old: z.unknown(), new: z.unknown() })),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
