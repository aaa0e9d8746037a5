import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { createSite } from './create-site.js';
import { findVisibleSite, listVisibleSites, toSite } from './site.repo.js';
import { createSiteSchema, listSitesQuery, sitePageSchema, siteSchema, updateSiteSchema } from './site.schemas.js';
import { updateSite } from './update-site.js';

const tags = ['sites'];
const params = z.strictObject({ id });

export function siteRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/sites',
    { config: { permission: 'site.read' }, schema: { tags, querystring: listSitesQuery, response: { 200: sitePageSchema } } },
    (request) => listVisibleSites(db, request.ctx, request.query),
  );

  api.get(
    '/api/sites/:id',
    { config: { permission: 'site.read' }, schema: { tags, params, response: { 200: siteSchema } } },
    async (request, reply) => {
      const row = await findVisibleSite(db, request.ctx, request.params.id);
      if (!row) throw notFound('site');
      setEtag(reply, row);
      return toSite(row);
    },
  );

  api.post(
    '/api/sites',
    { config: { permission: 'site.create' }, schema: { tags, body: createSiteSchema, response: { 201: siteSchema } } },
    async (request, reply) => {
      const site = await createSite(db, request.ctx, request.body);
      setEtag(reply, site);
      return reply.code(201).header('Location', `/api/sites/${site.id}`).send(site);
    },
  );

  api.patch(
    '/api/sites/:id',
    { config: { permission: 'site.update' }, schema: { tags, params, body: updateSiteSchema, response: { 200: siteSchema } } },
    async (request, reply) => {
      const site = await updateSite(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, site);
      return site;
    },
  );
}
