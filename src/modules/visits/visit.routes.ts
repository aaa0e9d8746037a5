import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { assessDeviation } from './assess-deviation.js';
import { bookVisit } from './book-visit.js';
import { cancelVisitBooking } from './cancel-visit-booking.js';
import { completeVisit } from './complete-visit.js';
import { createDeviation } from './create-deviation.js';
import { detectMissedVisits } from './detect-missed-visits.js';
import { getDeviation, listDeviations, listParticipantDeviations } from './deviation.repo.js';
import { previewVisitCompletion } from './preview-visit-completion.js';
import { recordUnscheduledVisit } from './record-unscheduled-visit.js';
import { getVisit, listParticipantVisits } from './visit.repo.js';
import {
  assessDeviationSchema,
  bookVisitSchema,
  completeVisitSchema,
  completionPreviewQuery,
  completionPreviewSchema,
  createDeviationSchema,
  deviationListSchema,
  deviationPageSchema,
  deviationSchema,
  listDeviationsQuery,
  missedVisitCheckSchema,
  participantVisitListSchema,
  participantVisitSchema,
  recordUnscheduledVisitSchema,
  visitBookingSchema,
} from './visit.schemas.js';

const tags = ['visits'];
const params = z.strictObject({ id });

export function visitRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/participants/:id/visits',
    {
      config: { permission: 'participant.read' },
      schema: {
        tags,
        params,
        description: "The participant's visits: windows, status, the procedures of each definition and what was done, deviation ids",
        response: { 200: participantVisitListSchema },
      },
    },
    async (request) => ({ items: await listParticipantVisits(db, request.ctx, request.params.id) }),
  );

  api.post(
    '/api/participants/:id/visits',
    {
      config: { permission: 'participant.write' },
      schema: {
        tags,
        params,
        description: 'Records an unscheduled visit that took place: an unscheduled visit of the protocol (code) or one named here',
        body: recordUnscheduledVisitSchema,
        response: { 201: participantVisitSchema },
      },
    },
    async (request, reply) => {
      const visit = await recordUnscheduledVisit(db, request.ctx, request.params.id, request.body);
      setEtag(reply, visit);
      return reply.code(201).send(visit);
    },
  );

  api.get(
    '/api/participant-visits/:id',
    {
      config: { permission: 'participant.read' },
      schema: { tags, params, description: 'One visit, with its procedures and deviation ids', response: { 200: participantVisitSchema } },
    },
    async (request, reply) => {
      const visit = await getVisit(db, request.ctx, request.params.id);
      setEtag(reply, visit);
      return visit;
    },
  );

  api.get(
    '/api/participant-visits/:id/completion-preview',
    {
      config: { permission: 'participant.read' },
      schema: {
        tags,
        params,
        querystring: completionPreviewQuery,
        description: 'The deviations completing the visit on actualDate would record, before it is saved. Writes nothing',
        response: { 200: completionPreviewSchema },
      },
    },
    (request) => previewVisitCompletion(db, request.ctx, request.params.id, request.query.actualDate),
  );

  api.post(
    '/api/participant-visits/:id/completion',
    {
      config: { permission: 'participant.write' },
      schema: {
        tags,
        params,
        description:
          'Records that the visit took place (If-Match): the day and every procedure of its definition, done or not with a reason. Raises out-of-window and superseded-consent deviations',
        body: completeVisitSchema,
        response: { 200: participantVisitSchema },
      },
    },
    async (request, reply) => {
      const visit = await completeVisit(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, visit);
      return visit;
    },
  );

  api.put(
    '/api/participant-visits/:id/appointment',
    {
      config: { permission: 'participant.write' },
      schema: {
        tags,
        params,
        description:
          'Books a scheduled visit, or moves its booking (If-Match): a time at the site (its zone) on a day within the window, a room, the staff member. 409 lists overlapping bookings of the person or room unless allowConflicts',
        body: bookVisitSchema,
        response: { 200: visitBookingSchema },
      },
    },
    async (request, reply) => {
      const booking = await bookVisit(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, booking.visit);
      return booking;
    },
  );

  api.delete(
    '/api/participant-visits/:id/appointment',
    {
      config: { permission: 'participant.write' },
      schema: {
        tags,
        params,
        description: "Cancels a scheduled visit's booking (If-Match); the visit stays planned in its window",
        response: { 200: participantVisitSchema },
      },
    },
    async (request, reply) => {
      const visit = await cancelVisitBooking(db, request.ctx, request.params.id, expectedVersion(request));
      setEtag(reply, visit);
      return visit;
    },
  );

  api.post(
    '/api/study-sites/:id/missed-visit-check',
    {
      config: { permission: 'participant.write' },
      schema: {
        tags,
        params,
        description: "Marks missed the visits whose window closed before the site's today, each with a deviation (also run hourly)",
        response: { 200: missedVisitCheckSchema },
      },
    },
    async (request) => detectMissedVisits(db, request.ctx, request.ctx.now(), { studySiteId: request.params.id }),
  );

  api.get(
    '/api/participants/:id/deviations',
    {
      config: { permission: 'deviation.read' },
      schema: { tags, params, description: "The participant's protocol deviations", response: { 200: deviationListSchema } },
    },
    async (request) => ({ items: await listParticipantDeviations(db, request.ctx, request.params.id) }),
  );

  api.post(
    '/api/participants/:id/deviations',
    {
      config: { permission: 'deviation.write' },
      schema: {
        tags,
        params,
        description: 'Records a deviation a person noticed; the description must not name the participant or an arm',
        body: createDeviationSchema,
        response: { 201: deviationSchema },
      },
    },
    async (request, reply) => {
      const deviation = await createDeviation(db, request.ctx, request.params.id, request.body);
      setEtag(reply, deviation);
      return reply.code(201).send(deviation);
    },
  );

  api.get(
    '/api/deviations',
    {
      config: { permission: 'deviation.read' },
      schema: {
        tags,
        querystring: listDeviationsQuery,
        description: 'Deviations at the study-sites you may read them, by the day they occurred (latest first by default)',
        response: { 200: deviationPageSchema },
      },
    },
    async (request) => listDeviations(db, request.ctx, request.query),
  );

  api.get(
    '/api/deviations/:id',
    {
      config: { permission: 'deviation.read' },
      schema: { tags, params, description: 'One protocol deviation', response: { 200: deviationSchema } },
    },
    async (request, reply) => {
      const deviation = await getDeviation(db, request.ctx, request.params.id);
      setEtag(reply, deviation);
      return deviation;
    },
  );

  api.post(
    '/api/deviations/:id/assessment',
    {
      config: { permission: 'deviation.assess' },
      schema: {
        tags,
        params,
        description: 'Assesses the deviation as important or not (If-Match); its status becomes assessed',
        body: assessDeviationSchema,
        response: { 200: deviationSchema },
      },
    },
    async (request, reply) => {
      const deviation = await assessDeviation(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, deviation);
      return deviation;
    },
  );
}
