import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { addSiteToStudy } from './add-site-to-study.js';
import {
  countVisibleStudySitesByStatus,
  findVisibleStudySite,
  listVisibleStudySites,
  listVisibleStudySitesOfStudy,
  toStudySite,
} from './study-site.repo.js';
import {
  createStudySiteSchema,
  listStudySitesQuery,
  studySitePageSchema,
  studySiteSchema,
  studySiteStatuses,
  updateStudySiteSchema,
} from './study-site.schemas.js';
import { type ActivationGate, updateStudySite } from './update-study-site.js';

const tags = ['study-sites'];
const studyParams = z.strictObject({ id });
const studySiteParams = z.strictObject({ id, studySiteId: id });

/** `activationGate` comes from the milestones module, wired where the modules are listed. */
export function studySiteRoutes(app: FastifyInstance, { activationGate }: { activationGate: ActivationGate }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/study-sites',
    {
      config: { permission: 'studySite.read' },
      schema: { tags, querystring: listStudySitesQuery, response: { 200: studySitePageSchema } },
    },
    (request) => listVisibleStudySites(db, request.ctx, request.query),
  );

  api.get(
    '/api/studies/:id/sites',
    {
      config: { permission: 'studySite.read' },
      schema: {
        tags,
        params: studyParams,
        querystring: listStudySitesQuery.omit({ studyId: true }),
        response: { 200: studySitePageSchema },
      },
    },
    async (request) => {
      const page = await listVisibleStudySitesOfStudy(db, request.ctx, request.params.id, request.query);
      if (!page) throw notFound('study');
      return page;
    },
  );

  api.get(
    '/api/studies/:id/site-status-counts',
    {
      config: { permission: 'studySite.read' },
      schema: {
        tags,
        params: studyParams,
        description: 'How many of the study-sites you can see are in each status',
        response: { 200: z.object({ counts: z.record(z.enum(studySiteStatuses), z.number().int()), total: z.number().int() }) },
      },
    },
    async (request) => {
      const found = await countVisibleStudySitesByStatus(db, request.ctx, request.params.id);
      if (!found) throw notFound('study');
      const counts = Object.fromEntries(studySiteStatuses.map((status) => [status, found[status] ?? 0])) as Record<
        (typeof studySiteStatuses)[number],
        number
      >;
      return { counts, total: Object.values(counts).reduce((sum, n) => sum + n, 0) };
    },
  );

  api.post(
    '/api/studies/:id/sites',
    {
      config: { permission: 'studySite.create' },
      schema: { tags, params: studyParams, body: createStudySiteSchema, response: { 201: studySiteSchema } },
    },
    async (request, reply) => {
      const studySite = await addSiteToStudy(db, request.ctx, request.params.id, request.body);
      setEtag(reply, studySite);
      return reply.code(201).header('Location', `/api/studies/${studySite.studyId}/sites/${studySite.id}`).send(studySite);
    },
  );

  api.get(
    '/api/studies/:id/sites/:studySiteId',
    { config: { permission: 'studySite.read' }, schema: { tags, params: studySiteParams, response: { 200: studySiteSchema } } },
    async (request, reply) => {
      const row = await findVisibleStudySite(db, request.ctx, request.params.studySiteId);
      if (!row || row.study_id !== request.params.id) throw notFound('study-site');
      setEtag(reply, row);
      return toStudySite(row);
    },
  );

  api.patch(
    '/api/studies/:id/sites/:studySiteId',
    {
      config: { permission: 'studySite.update' },
      schema: { tags, params: studySiteParams, body: updateStudySiteSchema, response: { 200: studySiteSchema } },
    },
    async (request, reply) => {
      const { id: studyId, studySiteId } = request.params;
      const studySite = await updateStudySite(
        db,
        request.ctx,
        studyId,
        studySiteId,
        expectedVersion(request),
        request.body,
        activationGate,
      );
      setEtag(reply, studySite);
      return studySite;
    },
  );
}
