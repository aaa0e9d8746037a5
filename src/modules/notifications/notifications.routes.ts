import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listExpiring } from './list-expiring.js';
import { expiringQuery, expiringResponse } from './notifications.schemas.js';

const tags = ['notifications'];

export function notificationRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/notifications/expiring',
    {
      // Any signed-in user: the answer holds only what their grants already let them read.
      config: { permission: 'authenticated' },
      schema: {
        tags,
        querystring: expiringQuery,
        description:
          'Approved documents and training records the caller can see that expire within `withinDays` days, or expired within the last 365 days, soonest first (at most 200).',
        response: { 200: expiringResponse },
      },
    },
    async (request) => listExpiring(db, request.ctx, request.query),
  );
}
