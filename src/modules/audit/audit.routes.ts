import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { canReadHistory, listHistory } from './audit.repo.js';
import { auditSchemas } from './audit.schemas.js';
import { historyToCsv } from './export-history.js';

const tags = ['audit'];

export function auditRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;
  const { auditEventSchema, auditExportQuery, auditQuery } = auditSchemas();

  api.get(
    '/api/audit',
    {
      config: { permission: 'audit.read' },
      schema: { tags, querystring: auditQuery, response: { 200: z.object({ items: z.array(auditEventSchema) }) } },
    },
    async (request) => {
      const { entityType, entityId } = request.query;
      if (!(await canReadHistory(db, request.ctx, entityType, entityId))) throw notFound('record');
      return { items: await listHistory(db, entityType, entityId) };
    },
  );

  api.get(
    '/api/audit/export',
    { config: { permission: 'audit.read' }, schema: { tags, querystring: auditExportQuery, produces: ['text/csv', 'application/json'] } },
    async (request, reply) => {
      const { entityType, entityId, format } = request.query;
      if (!(await canReadHistory(db, request.ctx, entityType, entityId))) throw notFound('record');
      const events = await listHistory(db, entityType, entityId);
      const name = `history-${entityType}-${entityId}.${format}`;
      reply.header('Content-Disposition', `attachment; filename="${name}"`);
      if (format === 'json') return reply.type('application/json').send(JSON.stringify({ entityType, entityId, events }, null, 2));
      return reply.type('text/csv; charset=utf-8').send(historyToCsv(events));
    },
  );
}
