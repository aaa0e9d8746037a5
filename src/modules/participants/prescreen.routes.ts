import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../platform/errors.js';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { findStudyForProtocols } from '../protocols/protocol.repo.js';
import { createPrescreenCandidate } from './create-prescreen-candidate.js';
import { canIdentify, findStudySiteForParticipants } from './participant-access.js';
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
    async (request) => {
      const studySite = await findStudySiteForParticipants(db, request.ctx, request.params.studySiteId, request.params.id);
      if (!studySite) throw notFound('study-site');
      const mayIdentify = canIdentify(request.ctx, studySite);
      if (request.query.q && !mayIdentify) {
        const detail = 'Searching candidates by name is for site roles only.';
        throw new AppError(403, 'Forbidden', detail, [{ pointer: 'querystring:/q', detail }]);
      }
      return listCandidates(db, studySite.id, mayIdentify, request.query);
    },
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
    async (request) => {
      if (!(await findStudyForProtocols(db, request.ctx, request.params.id))) throw notFound('study');
      return summarizePrescreening(db, request.ctx, request.params.id);
    },
  );
}
