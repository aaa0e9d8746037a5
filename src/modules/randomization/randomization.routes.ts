import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { getRandomizationScheme } from './get-randomization-scheme.js';
import { allocationsToCsv, listAllocations } from './list-allocations.js';
import { listUnblindings } from './list-unblindings.js';
import { putRandomizationScheme } from './put-randomization-scheme.js';
import {
  allocationItemSchema,
  allocationsQuery,
  putSchemeSchema,
  randomizedParticipantSchema,
  randomizeSchema,
  schemeSchema,
  unblindingSchema,
  unblindResultSchema,
  unblindSchema,
  verificationSchema,
} from './randomization.schemas.js';
import { randomizeParticipant } from './randomize-participant.js';
import { unblindParticipant } from './unblind-participant.js';
import { verifyAllocations } from './verify-allocations.js';

const tags = ['randomization'];
const params = z.strictObject({ id });

/** If-Match when sent: creating the scheme needs none, replacing it does. */
const optionalVersion = (request: FastifyRequest) => (request.headers['if-match'] ? expectedVersion(request) : undefined);

export function randomizationRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/studies/:id/randomization-scheme',
    {
      config: { permission: 'participant.read' },
      schema: { tags, params, description: "The study's randomization scheme (never its seed)", response: { 200: schemeSchema } },
    },
    async (request, reply) => {
      const scheme = await getRandomizationScheme(db, request.ctx, request.params.id);
      setEtag(reply, scheme);
      return scheme;
    },
  );

  api.put(
    '/api/studies/:id/randomization-scheme',
    {
      config: { permission: 'randomization.configure' },
      schema: {
        tags,
        params,
        description:
          'Creates (201) or replaces (200, If-Match) the scheme; the server makes the secret seed. Fixed once anyone is randomized (409).',
        body: putSchemeSchema,
        response: { 200: schemeSchema, 201: schemeSchema },
      },
    },
    async (request, reply) => {
      const { scheme, created } = await putRandomizationScheme(db, request.ctx, request.params.id, request.body, optionalVersion(request));
      setEtag(reply, scheme);
      return reply.code(created ? 201 : 200).send(scheme);
    },
  );

  api.get(
    '/api/studies/:id/randomization-scheme/verification',
    {
      config: { permission: 'allocation.read' },
      schema: {
        tags,
        params,
        description: 'Recomputes every allocation from the seed, stratum and position, and lists those that differ',
        response: { 200: verificationSchema },
      },
    },
    async (request) => verifyAllocations(db, request.ctx, request.params.id),
  );

  api.get(
    '/api/studies/:id/allocations',
    {
      config: { permission: 'allocation.read' },
      schema: {
        tags,
        params,
        querystring: allocationsQuery,
        description: `The allocations (with arms) at the study-sites where the caller reads allocations: JSON {items: [${Object.keys(allocationItemSchema.shape).join(', ')}]}, or CSV with Accept: text/csv or ?format=csv`,
        produces: ['application/json', 'text/csv'],
      },
    },
    async (request, reply) => {
      const items = await listAllocations(db, request.ctx, request.params.id);
      const csv = request.query.format === 'csv' || (!request.query.format && request.headers.accept?.includes('text/csv'));
      if (!csv) return reply.type('application/json').send({ items });
      reply.header('Content-Disposition', `attachment; filename="allocations-${request.params.id}.csv"`);
      return reply.type('text/csv; charset=utf-8').send(allocationsToCsv(items));
    },
  );

  api.post(
    '/api/participants/:id/randomization',
    {
      config: { permission: 'participant.randomize' },
      schema: {
        tags,
        params,
        description: 'Randomizes a screened, consented, eligible participant in their stratum; the arm is shown only to unblinded callers',
        body: randomizeSchema,
        response: { 200: randomizedParticipantSchema },
      },
    },
    async (request, reply) => {
      const participant = await randomizeParticipant(db, request.ctx, request.params.id, request.body);
      setEtag(reply, participant);
      return participant;
    },
  );

  api.post(
    '/api/participants/:id/emergency-unblinding',
    {
      config: { permission: 'participant.unblind' },
      schema: {
        tags,
        params,
        description: 'Reveals the arm to the investigator in an emergency (password again, a reason); recorded, audited and notified',
        body: unblindSchema,
        response: { 200: unblindResultSchema },
      },
    },
    async (request) => unblindParticipant(db, request.ctx, request.params.id, request.body),
  );

  api.get(
    '/api/participants/:id/emergency-unblindings',
    {
      config: { permission: 'participant.read' },
      schema: {
        tags,
        params,
        description: "The participant's emergency unblindings: who, when, why (never the arm)",
        response: { 200: z.object({ items: z.array(unblindingSchema) }) },
      },
    },
    async (request) => ({ items: await listUnblindings(db, request.ctx, request.params.id) }),
  );
}
