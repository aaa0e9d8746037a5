import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id, optionalText } from '../../platform/http/fields.js';
import { createUser } from './create-user.js';
import { grantRole } from './grant-role.js';
import { revokeGrant } from './revoke-grant.js';
import { updateUser } from './update-user.js';
import { findVisibleUser, listGrantsOfVisibleUser, listVisibleUsers, toUser } from './user.repo.js';
import {
  createGrantSchema,
  createUserSchema,
  grantSchema,
  listUsersQuery,
  updateUserSchema,
  userPageSchema,
  userSchema,
} from './user.schemas.js';

const tags = ['users'];
const params = z.strictObject({ id });

export function userRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/users',
    { config: { permission: 'user.read' }, schema: { tags, querystring: listUsersQuery, response: { 200: userPageSchema } } },
    (request) => listVisibleUsers(db, request.ctx, request.query),
  );

  api.get(
    '/api/users/:id',
    { config: { permission: 'user.read' }, schema: { tags, params, response: { 200: userSchema } } },
    async (request, reply) => {
      const row = await findVisibleUser(db, request.ctx, request.params.id);
      if (!row) throw notFound('user');
      setEtag(reply, row);
      return toUser(row);
    },
  );

  api.post(
    '/api/users',
    { config: { permission: 'user.write' }, schema: { tags, body: createUserSchema, response: { 201: userSchema } } },
    async (request, reply) => {
      const user = await createUser(db, request.ctx, request.body);
      setEtag(reply, user);
      return reply.code(201).header('Location', `/api/users/${user.id}`).send(user);
    },
  );

  api.patch(
    '/api/users/:id',
    { config: { permission: 'user.write' }, schema: { tags, params, body: updateUserSchema, response: { 200: userSchema } } },
    async (request, reply) => {
      const user = await updateUser(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, user);
      return user;
    },
  );

  api.get(
    '/api/users/:id/grants',
    { config: { permission: 'user.read' }, schema: { tags, params, response: { 200: z.object({ items: z.array(grantSchema) }) } } },
    async (request) => {
      const items = await listGrantsOfVisibleUser(db, request.ctx, request.params.id);
      if (!items) throw notFound('user');
      return { items };
    },
  );

  api.post(
    '/api/users/:id/grants',
    { config: { permission: 'user.write' }, schema: { tags, params, body: createGrantSchema, response: { 201: grantSchema } } },
    async (request, reply) => reply.code(201).send(await grantRole(db, request.ctx, request.params.id, request.body)),
  );

  api.delete(
    '/api/users/:id/grants/:grantId',
    {
      config: { permission: 'user.write' },
      schema: { tags, params: z.strictObject({ id, grantId: id }), querystring: z.strictObject({ reason: optionalText(1000) }) },
    },
    async (request, reply) => {
      await revokeGrant(db, request.ctx, request.params.id, request.params.grantId, request.query.reason);
      return reply.code(204).send();
    },
  );
}
