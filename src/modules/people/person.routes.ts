import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { addStaffMember } from './add-staff-member.js';
import {
  findStaff,
  findVisiblePerson,
  listStaffOfPerson,
  listVisiblePeople,
  listVisibleStaffOfSite,
  toPerson,
  toStaff,
} from './person.repo.js';
import {
  addStaffSchema,
  listPeopleQuery,
  personPageSchema,
  personSchema,
  staffSchema,
  updatePersonSchema,
  updateStaffSchema,
} from './person.schemas.js';
import { updatePerson } from './update-person.js';
import { updateStaffMember } from './update-staff-member.js';

const tags = ['people'];
const params = z.strictObject({ id });
const staffParams = z.strictObject({ id, staffId: id });
const staffList = z.object({ items: z.array(staffSchema) });

export function personRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/people',
    { config: { permission: 'person.read' }, schema: { tags, querystring: listPeopleQuery, response: { 200: personPageSchema } } },
    (request) => listVisiblePeople(db, request.ctx, request.query),
  );

  api.get(
    '/api/people/:id',
    {
      config: { permission: 'person.read' },
      schema: { tags, params, response: { 200: personSchema.extend({ roles: z.array(staffSchema) }) } },
    },
    async (request, reply) => {
      const row = await findVisiblePerson(db, request.ctx, request.params.id);
      if (!row) throw notFound('person');
      setEtag(reply, row);
      const roles = await listStaffOfPerson(db, request.ctx, row.id);
      return { ...toPerson(row), roles: roles.map(toStaff) };
    },
  );

  api.patch(
    '/api/people/:id',
    { config: { permission: 'person.write' }, schema: { tags, params, body: updatePersonSchema, response: { 200: personSchema } } },
    async (request, reply) => {
      const person = await updatePerson(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, person);
      return person;
    },
  );

  api.get(
    '/api/sites/:id/staff',
    { config: { permission: 'person.read' }, schema: { tags, params, response: { 200: staffList } } },
    async (request) => {
      const rows = await listVisibleStaffOfSite(db, request.ctx, request.params.id);
      if (!rows) throw notFound('site');
      return { items: rows.map(toStaff) };
    },
  );

  api.post(
    '/api/sites/:id/staff',
    { config: { permission: 'person.write' }, schema: { tags, params, body: addStaffSchema, response: { 201: staffSchema } } },
    async (request, reply) => {
      const staff = await addStaffMember(db, request.ctx, request.params.id, request.body);
      setEtag(reply, staff);
      return reply.code(201).send(staff);
    },
  );

  api.get(
    '/api/sites/:id/staff/:staffId',
    { config: { permission: 'person.read' }, schema: { tags, params: staffParams, response: { 200: staffSchema } } },
    async (request, reply) => {
      const row = await findStaff(db, request.ctx, request.params.id, request.params.staffId);
      if (!row) throw notFound('staff member');
      setEtag(reply, row);
      return toStaff(row);
    },
  );

  api.patch(
    '/api/sites/:id/staff/:staffId',
    {
      config: { permission: 'person.write' },
      schema: { tags, params: staffParams, body: updateStaffSchema, response: { 200: staffSchema } },
    },
    async (request, reply) => {
      const staff = await updateStaffMember(
        db,
        request.ctx,
        request.params.id,
        request.params.staffId,
        expectedVersion(request),
        request.body,
      );
      setEtag(reply, staff);
      return staff;
    },
  );
}
