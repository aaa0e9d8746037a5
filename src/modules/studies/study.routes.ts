import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { createStudy } from './create-study.js';
import { findVisibleStudy, listVisibleStudies, toStudy } from './study.repo.js';
import { createStudySchema, listStudiesQuery, studyPageSchema, studySchema, updateStudySchema } from './study.schemas.js';
import { updateStudy } from './update-study.js';

const tags = ['studies'];
const params = z.strictObject({ id });

export function studyRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/studies',
    { config: { permission: 'study.read' }, schema: { tags, querystring: listStudiesQuery, response: { 200: studyPageSchema } } },
    (request) => listVisibleStudies(db, request.ctx, request.query),
  );

  api.get(
    '/api/studies/:id',
    { config: { permission: 'study.read' }, schema: { tags, params, response: { 200: studySchema } } },
    async (request, reply) => {
      const row = await findVisibleStudy(db, request.ctx, request.params.id);
      if (!row) throw notFound('study');
      setEtag(reply, row);
      return toStudy(row);
    },
  );

  api.post(
    '/api/studies',
    { config: { permission: 'study.create' }, schema: { tags, body: createStudySchema, response: { 201: studySchema } } },
    async (request, reply) => {
      const study = await createStudy(db, request.ctx, request.body);
      setEtag(reply, study);
      return reply.code(201).header('Location', `/api/studies/${study.id}`).send(study);
    },
  );

  api.patch(
    '/api/studies/:id',
    { config: { permission: 'study.update' }, schema: { tags, params, body: updateStudySchema, response: { 200: studySchema } } },
    async (request, reply) => {
      const study = await updateStudy(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, study);
      return study;
    },
  );
}
