import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../platform/http/fields.js';
import {
  calendarFeedListSchema,
  calendarSchema,
  createdCalendarFeedSchema,
  myCalendarQuerySchema,
  siteCalendarQuerySchema,
  siteCalendarSchema,
} from './calendar.schemas.js';
import { listFeedsOfCaller } from './calendar-feed.repo.js';
import { createCalendarFeed } from './create-calendar-feed.js';
import { listCoordinatorCalendar } from './list-coordinator-calendar.js';
import { listSiteCalendar } from './list-site-calendar.js';
import { renderCalendarFeed } from './render-calendar-feed.js';
import { revokeCalendarFeed } from './revoke-calendar-feed.js';

const tags = ['calendar'];

export function calendarRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/sites/:id/calendar',
    {
      config: { permission: 'participant.read' },
      schema: {
        tags,
        params: z.strictObject({ id }),
        querystring: siteCalendarQuerySchema,
        description: "A site's visits in a range (day, week or month view) with their windows, overdue and upcoming",
        response: { 200: siteCalendarSchema },
      },
    },
    (request) => listSiteCalendar(db, request.ctx, request.params.id, request.query),
  );

  api.get(
    '/api/calendar',
    {
      config: { permission: 'participant.read' },
      schema: {
        tags,
        querystring: myCalendarQuerySchema,
        description: 'The visits of the participants the caller (or the given coordinator) coordinates, across sites and studies',
        response: { 200: calendarSchema },
      },
    },
    (request) => listCoordinatorCalendar(db, request.ctx, request.query),
  );

  api.post(
    '/api/calendar/feeds',
    {
      config: { permission: 'participant.read' },
      schema: {
        tags,
        body: z.strictObject({}).optional(),
        description: 'Opens an iCalendar feed of your visits; its secret URL is in this answer only',
        response: { 201: createdCalendarFeedSchema },
      },
    },
    async (request, reply) => {
      const feed = await createCalendarFeed(db, request.ctx);
      // The URL is a secret shown once: no cache, and no Idempotency-Key replay, may keep it.
      return reply.code(201).header('Cache-Control', 'private, no-store').send(feed);
    },
  );

  // Listing and revoking need no participant grant: someone who lost theirs can still end a feed.
  api.get(
    '/api/calendar/feeds',
    {
      config: { permission: 'authenticated' },
      schema: { tags, description: 'Your calendar feeds (never their URLs)', response: { 200: calendarFeedListSchema } },
    },
    async (request) => ({ items: await listFeedsOfCaller(db, request.ctx) }),
  );

  api.delete(
    '/api/calendar/feeds/:id',
    {
      config: { permission: 'authenticated' },
      schema: { tags, params: z.strictObject({ id }), description: 'Revokes one of your feeds: its URL stops working at once' },
    },
    async (request, reply) => {
      await revokeCalendarFeed(db, request.ctx, request.params.id);
      return reply.code(204).send();
    },
  );

  // Outside /api: calendar apps cannot log in, so the secret in the path is the credential.
  api.get(
    '/ical/:token.ics',
    {
      config: { permission: 'public' },
      schema: { tags, params: z.strictObject({ token: z.string().max(100) }), hide: true },
    },
    async (request, reply) => {
      const body = await renderCalendarFeed(db, request.ctx, request.params.token);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('Cache-Control', 'private, no-store')
        .header('Referrer-Policy', 'no-referrer')
        .send(body);
    },
  );
}
