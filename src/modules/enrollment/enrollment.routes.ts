import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../platform/http/fields.js';
import { enrollmentQuerySchema, enrollmentSchema } from './enrollment.schemas.js';
import { getEnrollment } from './get-enrollment.js';

export function enrollmentRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/studies/:id/enrollment',
    {
      config: { permission: 'participant.read' },
      schema: {
        tags: ['enrollment'],
        params: z.strictObject({ id }),
        querystring: enrollmentQuerySchema,
        description:
          'The enrollment funnel (pre-screened to completed) per study and study-site, and its cumulative series against the target line',
        response: { 200: enrollmentSchema },
      },
    },
    (request) => getEnrollment(db, request.ctx, request.params.id, request.query),
  );
}
