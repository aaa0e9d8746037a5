import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../platform/http/fields.js';
import { listMessages, markMessageRead } from './messages.js';
import { messageSchema, messagesQuery, messagesResponse } from './notifications.schemas.js';

const tags = ['notifications'];

export function notificationRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/notifications/messages',
    {
      // Each user reads only their own messages.
      config: { permission: 'authenticated' },
      schema: {
        tags,
        querystring: messagesQuery,
        description: "The caller's own messages (an emergency unblinding, say), newest first, with the unread count.",
        response: { 200: messagesResponse },
      },
    },
    async (request) => listMessages(db, request.ctx, request.query),
  );

  api.post(
    '/api/notifications/messages/:id/read',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        params: z.strictObject({ id }),
        description: "Marks one of your messages read; another user's message answers 404.",
        response: { 200: messageSchema },
      },
    },
    async (request) => markMessageRead(db, request.ctx, request.params.id),
  );
}
