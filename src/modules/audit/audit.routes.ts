import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditSchemas } from './audit.schemas.js';
import { exportAuditTrail } from './export-audit-trail.js';
import { historyToCsv } from './export-history.js';
import { readAuditTrail } from './read-audit-trail.js';

const tags = ['audit'];

export function auditRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;
  const { auditPageSchema, auditExportQuery, auditQuery } = auditSchemas();

  api.get(
    '/api/audit',
    {
      config: { permission: 'audit.read' },
      schema: { tags, querystring: auditQuery, response: { 200: auditPageSchema } },
    },
    (request) => readAuditTrail(db, request.ctx, request.query),
  );

  api.get(
    '/api/audit/export',
    { config: { permission: 'audit.read' }, schema: { tags, querystring: auditExportQuery, produces: ['text/csv', 'application/json'] } },
    async (request, reply) => {
      const { format, ...filters } = request.query;
      const events = await exportAuditTrail(db, request.ctx, filters);
      const name = filters.entityId ? `history-${filters.entityType}-${filters.entityId}` : `audit-trail-${filters.studyId ?? 'all'}`;
      reply.header('Content-Disposition', `attachment; filename="${name}.${format}"`);
      // The JSON says what it holds: one record's history, or the filters that selected the trail.
      const about = filters.entityId ? { entityType: filters.entityType, entityId: filters.entityId } : { filters };
      if (format === 'json') return reply.type('application/json').send(JSON.stringify({ ...about, events }, null, 2));
      return reply.type('text/csv; charset=utf-8').send(historyToCsv(events));
    },
  );
}
