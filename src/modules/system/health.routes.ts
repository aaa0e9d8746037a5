import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pingDatabase } from './health.repo.js';

export function healthRoutes(app: FastifyInstance): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['embedded', 'postgresql']), forRealTrials: z.boolean() }) },
      },
    },
    async () => {
      await pingDatabase(app.database.db);
      const database = app.database.kind;
      return { status: 'ok' as const, database, forRealTrials: database === 'postgresql' };
    },
  );
}
