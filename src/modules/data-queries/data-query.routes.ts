import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { findVisibleStudy } from '../studies/study.repo.js';
import { listQueries, queryCountsOfParticipant, queryCountsOfStudy, unsafeLoadQuery } from './data-query.repo.js';
import {
  dataQueryPageSchema,
  dataQueryWithMessagesSchema,
  listQueriesQuery,
  participantQueryCountsSchema,
  queryCountsQuery,
  queryCountsSchema,
  queryStepSchema,
  raiseQuerySchema,
} from './data-query.schemas.js';
import { findVisibleQuery, participantForQueries } from './data-query-access.js';
import { raiseDataQuery } from './raise-data-query.js';
import { stepDataQuery } from './step-data-query.js';

const tags = ['data queries'];
const params = z.strictObject({ id });

export function dataQueryRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.post(
    '/api/participants/:id/queries',
    {
      config: { permission: 'query.raise' },
      schema: {
        tags,
        params,
        description:
          "Raises a query about the participant's data: the casebook, a visit's form (visitId, formOid) or one item (with itemGroupOid, itemOid, repeatKey). The text must not name the participant or an arm",
        body: raiseQuerySchema,
        response: { 201: dataQueryWithMessagesSchema },
      },
    },
    async (request, reply) => {
      const query = await raiseDataQuery(db, request.ctx, request.params.id, request.body);
      setEtag(reply, query);
      return reply.code(201).send(query);
    },
  );

  api.get(
    '/api/queries',
    {
      config: { permission: 'query.read' },
      schema: {
        tags,
        querystring: listQueriesQuery,
        description: "Queries at the study-sites where you read them, oldest first: a site's inbox is studySiteId with status=unresolved",
        response: { 200: dataQueryPageSchema },
      },
    },
    async (request) => listQueries(db, request.ctx, request.query),
  );

  api.get(
    '/api/queries/counts',
    {
      config: { permission: 'query.read' },
      schema: {
        tags,
        querystring: queryCountsQuery,
        description: "A study's queries counted per study-site and status (kept as queries change, not counted per request)",
        response: { 200: queryCountsSchema },
      },
    },
    async (request) => {
      if (!(await findVisibleStudy(db, request.ctx, request.query.studyId))) throw notFound('study');
      return queryCountsOfStudy(db, request.ctx, request.query.studyId);
    },
  );

  api.get(
    '/api/queries/:id',
    {
      config: { permission: 'query.read' },
      schema: { tags, params, description: 'One query with its conversation', response: { 200: dataQueryWithMessagesSchema } },
    },
    async (request, reply) => {
      const found = await findVisibleQuery(db, request.ctx, request.params.id);
      if (!found) throw notFound('query');
      const query = await unsafeLoadQuery(db, found.row.id, request.ctx.now());
      setEtag(reply, query);
      return query;
    },
  );

  api.post(
    '/api/queries/:id/steps',
    {
      config: { permission: 'query.read' },
      schema: {
        tags,
        params,
        description:
          'Moves the query on (If-Match): answer (the site; open or answered), close (who raises queries; open or answered) or reopen (answered or closed), with a message',
        body: queryStepSchema,
        response: { 200: dataQueryWithMessagesSchema },
      },
    },
    async (request, reply) => {
      const query = await stepDataQuery(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, query);
      return query;
    },
  );

  api.get(
    '/api/participants/:id/query-counts',
    {
      config: { permission: 'query.read' },
      schema: {
        tags,
        params,
        description: "The participant's queries counted per visit form and status",
        response: { 200: participantQueryCountsSchema },
      },
    },
    async (request) => {
      const { participant } = await participantForQueries(db, request.ctx, request.params.id);
      return queryCountsOfParticipant(db, participant.id);
    },
  );
}
