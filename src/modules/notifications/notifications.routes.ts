import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../platform/http/fields.js';
import { getEmailPreferences, setEmailPreferences } from './email-preferences.js';
import { emailPreferencesInput, emailPreferencesSchema } from './email-preferences.schemas.js';
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

  api.get(
    '/api/me/email-preferences',
    {
      // Each user reads and sets only their own.
      config: { permission: 'authenticated' },
      schema: {
        tags,
        description:
          'Every kind of message, each with how you receive it by e-mail: immediately, in the daily digest, or never (it still appears in the app).',
        response: { 200: emailPreferencesSchema },
      },
    },
    async (request) => getEmailPreferences(db, request.ctx),
  );

  api.put(
    '/api/me/email-preferences',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        body: emailPreferencesInput,
        description: 'Sets how you receive the kinds given by e-mail; kinds not given keep their setting. Audited.',
        response: { 200: emailPreferencesSchema },
      },
    },
    async (request) => setEmailPreferences(db, request.ctx, request.body),
  );
}
