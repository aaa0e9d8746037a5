import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertCan } from '../../platform/auth/authorize.js';
import { iso } from '../../platform/db/timestamps.js';
import { id } from '../../platform/http/fields.js';
import { listParkedJobs } from '../../platform/jobs/parked-jobs.repo.js';
import { retryParkedJob } from '../../platform/jobs/retry-parked-job.js';

const tags = ['system'];

const parkedJobSchema = z.object({
  id: z.string(),
  name: z.string(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  lastStartedAt: z.string().nullable(),
  parkedAt: z.string().nullable(),
});

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/**
 * Background jobs that ran out of retries, for the platform admin. A grant of platform_admin
 * on one organization is not enough: the install's jobs are the whole platform's (scope {}).
 */
export function backgroundJobRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/admin/jobs/parked',
    {
      config: { permission: 'job.manage' },
      schema: {
        tags,
        querystring: listQuery,
        response: { 200: z.object({ total: z.number().int(), items: z.array(parkedJobSchema) }) },
      },
    },
    async (request) => {
      assertCan(request.ctx, 'job.manage', {});
      const { rows, total } = await listParkedJobs(db, request.query.limit);
      return {
        total,
        items: rows.map((row) => ({
          id: row.id,
          name: row.name,
          error: row.error,
          // pg-boss counts retries: the first run is attempt 1.
          attempts: row.retry_count + 1,
          createdAt: iso(row.created_on),
          lastStartedAt: row.started_on ? iso(row.started_on) : null,
          parkedAt: row.completed_on ? iso(row.completed_on) : null,
        })),
      };
    },
  );

  api.post(
    '/api/admin/jobs/parked/:id/retry',
    { config: { permission: 'job.manage' }, schema: { tags, params: z.object({ id }), response: { 204: z.null() } } },
    async (request, reply) => {
      assertCan(request.ctx, 'job.manage', {});
      await retryParkedJob(db, request.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
