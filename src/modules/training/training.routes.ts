import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { utcDate } from '../../platform/dates.js';
import { notFound } from '../../platform/errors.js';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id, optionalText } from '../../platform/http/fields.js';
import { createTrainingRecord } from './create-training-record.js';
import { deleteTrainingRecord } from './delete-training-record.js';
import { addTrainingRequirement, removeTrainingRequirement } from './set-training-requirements.js';
import {
  findVisibleTrainingRecord,
  listVisibleTrainingRecords,
  listVisibleTrainingRequirements,
  toTrainingRecord,
  toTrainingRequirement,
} from './training.repo.js';
import {
  createTrainingRecordSchema,
  createTrainingRequirementSchema,
  deleteTrainingRecordQuery,
  personStudyTrainingStatusSchema,
  siteTrainingStatusSchema,
  trainingRecordSchema,
  trainingRequirementSchema,
  trainingStatusQuery,
  updateTrainingRecordSchema,
} from './training.schemas.js';
import { personStudyTrainingStatus, siteTrainingStatus } from './training-status.js';
import { updateTrainingRecord } from './update-training-record.js';

const tags = ['training'];
const params = z.strictObject({ id });
const recordParams = z.strictObject({ id, recordId: id });
const today = (now: Date) => utcDate(now);

export function trainingRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/people/:id/training',
    {
      config: { permission: 'training.read' },
      schema: { tags, params, response: { 200: z.object({ items: z.array(trainingRecordSchema) }) } },
    },
    async (request) => {
      const rows = await listVisibleTrainingRecords(db, request.ctx, request.params.id);
      if (!rows) throw notFound('person');
      return { items: rows.map((row) => toTrainingRecord(row, today(request.ctx.now()))) };
    },
  );

  api.post(
    '/api/people/:id/training',
    {
      config: { permission: 'training.write' },
      schema: { tags, params, body: createTrainingRecordSchema, response: { 201: trainingRecordSchema } },
    },
    async (request, reply) => {
      const record = await createTrainingRecord(db, request.ctx, request.params.id, request.body);
      setEtag(reply, record);
      return reply.code(201).header('Location', `/api/people/${record.personId}/training/${record.id}`).send(record);
    },
  );

  api.get(
    '/api/people/:id/training/:recordId',
    { config: { permission: 'training.read' }, schema: { tags, params: recordParams, response: { 200: trainingRecordSchema } } },
    async (request, reply) => {
      const row = await findVisibleTrainingRecord(db, request.ctx, request.params.id, request.params.recordId);
      if (!row) throw notFound('training record');
      setEtag(reply, row);
      return toTrainingRecord(row, today(request.ctx.now()));
    },
  );

  api.patch(
    '/api/people/:id/training/:recordId',
    {
      config: { permission: 'training.write' },
      schema: { tags, params: recordParams, body: updateTrainingRecordSchema, response: { 200: trainingRecordSchema } },
    },
    async (request, reply) => {
      const ids = { personId: request.params.id, recordId: request.params.recordId };
      const record = await updateTrainingRecord(db, request.ctx, ids, expectedVersion(request), request.body);
      setEtag(reply, record);
      return record;
    },
  );

  api.delete(
    '/api/people/:id/training/:recordId',
    {
      config: { permission: 'training.write' },
      schema: { tags, params: recordParams, querystring: deleteTrainingRecordQuery, description: 'Needs If-Match and a reason.' },
    },
    async (request, reply) => {
      const ids = { personId: request.params.id, recordId: request.params.recordId };
      await deleteTrainingRecord(db, request.ctx, ids, expectedVersion(request), request.query.reason);
      return reply.code(204).send();
    },
  );

  api.get(
    '/api/people/:id/training-status',
    {
      config: { permission: 'training.read' },
      schema: {
        tags,
        params,
        querystring: trainingStatusQuery.extend({ studyId: id }),
        description: "What the study requires of the person's roles at its sites, against their records.",
        response: { 200: personStudyTrainingStatusSchema },
      },
    },
    async (request) => {
      const { studyId, expiringWithinDays } = request.query;
      return personStudyTrainingStatus(db, request.ctx, request.params.id, { studyId, expiringWithinDays });
    },
  );

  api.get(
    '/api/studies/:id/sites/:studySiteId/training-status',
    {
      config: { permission: 'training.read' },
      schema: {
        tags,
        params: z.strictObject({ id, studySiteId: id }),
        querystring: trainingStatusQuery,
        description: 'Per person at the site: the training the study requires of their roles, missing, expiring, expired or current.',
        response: { 200: siteTrainingStatusSchema },
      },
    },
    async (request) => {
      const { id: studyId, studySiteId } = request.params;
      return siteTrainingStatus(db, request.ctx, { studyId, studySiteId }, request.query);
    },
  );

  api.get(
    '/api/studies/:id/training-requirements',
    {
      config: { permission: 'training.read' },
      schema: { tags, params, response: { 200: z.object({ items: z.array(trainingRequirementSchema) }) } },
    },
    async (request) => {
      const rows = await listVisibleTrainingRequirements(db, request.ctx, request.params.id);
      if (!rows) throw notFound('study');
      return { items: rows.map(toTrainingRequirement) };
    },
  );

  api.post(
    '/api/studies/:id/training-requirements',
    {
      config: { permission: 'study.update' },
      schema: { tags, params, body: createTrainingRequirementSchema, response: { 201: trainingRequirementSchema } },
    },
    async (request, reply) => reply.code(201).send(await addTrainingRequirement(db, request.ctx, request.params.id, request.body)),
  );

  api.delete(
    '/api/studies/:id/training-requirements/:requirementId',
    {
      config: { permission: 'study.update' },
      schema: { tags, params: z.strictObject({ id, requirementId: id }), querystring: z.strictObject({ reason: optionalText(1000) }) },
    },
    async (request, reply) => {
      await removeTrainingRequirement(db, request.ctx, request.params.id, request.params.requirementId, request.query.reason);
      return reply.code(204).send();
    },
  );
}
