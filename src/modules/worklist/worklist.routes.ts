import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { buildWorklist } from './build-worklist.js';
import { myWorkSchema } from './worklist.schemas.js';

const tags = ['worklist'];

export function worklistRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/me/work',
    {
      // Any signed-in user: each section holds only what the user's grants let them act on.
      config: { permission: 'authenticated' },
      schema: {
        tags,
        description:
          "The signed-in user's work for today, in sections (visits, signatures, documents, deviations, start-up), each item linked to where it is done, with exact counts; enrollment against target for the studies they oversee; their SMO's study-sites and coordinators' load. The home page and the notification bell.",
        response: { 200: myWorkSchema },
      },
    },
    async (request) => buildWorklist(db, request.ctx),
  );
}
