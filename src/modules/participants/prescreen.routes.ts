import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { createPrescreenCandidate } from './create-prescreen-candidate.js';
import { listCandidates, summarizePrescreening } from './prescreen.repo.js';
import {
  candidatePageSchema,
  candidateSchema,
  createCandidateSchema,
  listCandidatesQuery,
  prescreenSummarySchema,
  updateCandidateSchema,
} from './prescreen.schemas.js';
import { updatePrescreenCandidate } from './update-prescreen-candidate.js';

const tags = ['participants'];
const params = z.strictObject({ id });
const studySiteParams = z.strictObject({ id, studySiteId: id });

/** The pre-screening log: sites keep it (identities for site roles only); sponsors read the summary. */
export function prescreenRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/studies/:id/sites/:studySiteId/prescreen-candidates',
    {
      config: { permission: 'participant.read' },
      schema: {
        tags,
        params: studySiteParams,
        description: "The study-site's pre-screening log, newest first; identities and name search for site roles only",
        querystring: listCandidatesQuery,
        response: { 200: candidatePageSchema },
      },
    },
    async (request) =>
      listCandidates(db, request.ctx, { studyId: request.params.id, studySiteId: request.params.studySiteId }, request.query),
  );

  api.post(
    '/api/studies/:id/sites/:studySiteId/prescreen-candidates',
    {
      config: { permission: 'participant.write' },
      schema: { tags, params: studySiteParams, body: createCandidateSchema, response: { 201: candidateSchema } },
    },
    async (request, reply) => {
      const { id: studyId, studySiteId } = request.params;
      const candidate = await createPrescreenCandidate(db, request.ctx, { studyId, studySiteId }, request.body);
      setEtag(reply, candidate);
      return reply.code(201).send(candidate);
    },
  );

  api.patch(
    '/api/prescreen-candidates/:id',
    {
      config: { permission: 'participant.write' },
      schema: {
        tags,
        params,
        description: 'Changes a candidate (If-Match)',
        body: updateCandidateSchema,
        response: { 200: candidateSchema },
      },
    },
    async (request, reply) => {
      const candidate = await updatePrescreenCandidate(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, candidate);
      return candidate;
    },
  );

  api.get(
    '/api/studies/:id/prescreening-summary',
    {
      config: { permission: 'participant.read' },
      schema: {
        tags,
        params,
        description: 'Counts by site, source and outcome and the reasons given, over the study-sites you see; never a person',
        response: { 200: prescreenSummarySchema },
      },
    },
    async (request) => summarizePrescreening(db, request.ctx, request.params.id),
  );
}
