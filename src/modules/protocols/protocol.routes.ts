import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { amendProtocolVersion } from './amend-protocol-version.js';
import { createProtocolVersion } from './create-protocol-version.js';
import { finalizeProtocolVersion } from './finalize-protocol-version.js';
import { getProtocolVersion, listProtocolVersions } from './protocol.repo.js';
import {
  amendProtocolVersionSchema,
  createProtocolVersionSchema,
  finalizeProtocolVersionSchema,
  protocolVersionListSchema,
  protocolVersionSchema,
  updateProtocolVersionSchema,
} from './protocol.schemas.js';
import { siteApprovalRoutes } from './site-approval.routes.js';
import { updateProtocolVersion } from './update-protocol-version.js';

const tags = ['protocols'];
const params = z.strictObject({ id });

export function protocolRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/studies/:id/protocols',
    {
      config: { permission: 'protocol.read' },
      schema: { tags, params, description: "The study's protocol versions, newest first", response: { 200: protocolVersionListSchema } },
    },
    async (request) => ({ items: await listProtocolVersions(db, request.ctx, request.params.id) }),
  );

  api.post(
    '/api/studies/:id/protocols',
    {
      config: { permission: 'protocol.write' },
      schema: {
        tags,
        params,
        description: 'Starts a protocol version (a draft) with its arms, visits, procedures and criteria; one draft at a time per study',
        body: createProtocolVersionSchema,
        response: { 201: protocolVersionSchema },
      },
    },
    async (request, reply) => {
      const version = await createProtocolVersion(db, request.ctx, request.params.id, request.body);
      setEtag(reply, version);
      return reply.code(201).header('Location', `/api/protocols/${version.id}`).send(version);
    },
  );

  api.get(
    '/api/protocols/:id',
    { config: { permission: 'protocol.read' }, schema: { tags, params, response: { 200: protocolVersionSchema } } },
    async (request, reply) => {
      const version = await getProtocolVersion(db, request.ctx, request.params.id);
      setEtag(reply, version);
      return version;
    },
  );

  api.patch(
    '/api/protocols/:id',
    {
      config: { permission: 'protocol.write' },
      schema: {
        tags,
        params,
        description: 'Changes a draft (If-Match); each section sent (arms, visits with procedures, criteria) replaces the stored one',
        body: updateProtocolVersionSchema,
        response: { 200: protocolVersionSchema },
      },
    },
    async (request, reply) => {
      const version = await updateProtocolVersion(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, version);
      return version;
    },
  );

  api.post(
    '/api/protocols/:id/finalize',
    {
      config: { permission: 'protocol.write' },
      schema: {
        tags,
        params,
        description: 'Freezes a draft (If-Match) so sites may approve it',
        body: finalizeProtocolVersionSchema,
        response: { 200: protocolVersionSchema },
      },
    },
    async (request, reply) => {
      const version = await finalizeProtocolVersion(db, request.ctx, request.params.id, expectedVersion(request), request.body?.reason);
      setEtag(reply, version);
      return version;
    },
  );

  api.post(
    '/api/protocols/:id/amend',
    {
      config: { permission: 'protocol.write' },
      schema: {
        tags,
        params,
        description: 'Starts an amendment: a new draft copied from this final version',
        body: amendProtocolVersionSchema,
        response: { 201: protocolVersionSchema },
      },
    },
    async (request, reply) => {
      const version = await amendProtocolVersion(db, request.ctx, request.params.id, request.body);
      setEtag(reply, version);
      return reply.code(201).header('Location', `/api/protocols/${version.id}`).send(version);
    },
  );

  siteApprovalRoutes(app);
}
