import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { id } from '../../platform/http/fields.js';
import { listStudyTrailActors } from './audit.repo.js';
import { auditSchemas } from './audit.schemas.js';
import { actorName } from './describe-change.js';
import { exportAuditTrail } from './export-audit-trail.js';
import { historyToCsv } from './export-history.js';
import { readAuditTrail } from './read-audit-trail.js';
import { trailScopeOfStudy } from './trail-scope.js';

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
    '/api/audit/actors',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        description: "Everyone who acted in a study's trail as the caller may read it: the choices of the trail's user filter",
        querystring: z.strictObject({ studyId: id }),
        response: { 200: z.object({ items: z.array(z.object({ userId: id, name: z.string(), label: z.string() })) }) },
      },
    },
    async (request) => {
      const scope = await trailScopeOfStudy(db, request.ctx, request.query.studyId);
      if (!scope) throw notFound('study');
      const actors = await listStudyTrailActors(db, scope);
      return { items: actors.map((actor) => ({ ...actor, name: actorName(actor.label) })) };
    },
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
