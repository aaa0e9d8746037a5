import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { createOrganization } from './create-organization.js';
import { findVisibleOrganization, listVisibleOrganizations, toOrganization } from './organization.repo.js';
import {
  createOrganizationSchema,
  listOrganizationsQuery,
  organizationPageSchema,
  organizationSchema,
  updateOrganizationSchema,
} from './organization.schemas.js';
import { updateOrganization } from './update-organization.js';

const tags = ['organizations'];
const params = z.strictObject({ id });

export function organizationRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/organizations',
    {
      config: { permission: 'organization.read' },
      schema: { tags, querystring: listOrganizationsQuery, response: { 200: organizationPageSchema } },
    },
    (request) => listVisibleOrganizations(db, request.ctx, request.query),
  );

  api.get(
    '/api/organizations/:id',
    { config: { permission: 'organization.read' }, schema: { tags, params, response: { 200: organizationSchema } } },
    async (request, reply) => {
      const row = await findVisibleOrganization(db, request.ctx, request.params.id);
      if (!row) throw notFound('organization');
      setEtag(reply, row);
      return toOrganization(row);
    },
  );

  api.post(
    '/api/organizations',
    {
      config: { permission: 'organization.write' },
      schema: { tags, body: createOrganizationSchema, response: { 201: organizationSchema } },
    },
    async (request, reply) => {
      const organization = await createOrganization(db, request.ctx, request.body);
      setEtag(reply, organization);
      return reply.code(201).header('Location', `/api/organizations/${organization.id}`).send(organization);
    },
  );

  api.patch(
    '/api/organizations/:id',
    {
      config: { permission: 'organization.write' },
      schema: { tags, params, body: updateOrganizationSchema, response: { 200: organizationSchema } },
    },
    async (request, reply) => {
      const organization = await updateOrganization(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, organization);
      return organization;
    },
  );
}
