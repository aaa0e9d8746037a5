import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertCan, scopeIds } from '../../platform/auth/authorize.js';
import { visibleStudySites } from '../../platform/auth/scope-filters.js';
import { utcDate } from '../../platform/dates.js';
import { notFound } from '../../platform/errors.js';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id, optionalText } from '../../platform/http/fields.js';
import { findVisiblePerson } from '../people/person.repo.js';
import type { StaffRole } from '../people/person.schemas.js';
import { findVisibleStudy } from '../studies/study.repo.js';
import { findVisibleStudySite, studySiteScope } from '../study-sites/study-site.repo.js';
import { createTrainingRecord } from './create-training-record.js';
import { deleteTrainingRecord } from './delete-training-record.js';
import { addTrainingRequirement, removeTrainingRequirement } from './set-training-requirements.js';
import {
  findTrainingRecord,
  listTrainingRecords,
  listTrainingRequirements,
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
import { computeTrainingStatus, countStatuses } from './training-status.js';
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
      if (!(await findVisiblePerson(db, request.ctx, request.params.id))) throw notFound('person');
      const rows = await listTrainingRecords(db, request.params.id);
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
      const person = await findVisiblePerson(db, request.ctx, request.params.id);
      const row = person ? await findTrainingRecord(db, person.id, request.params.recordId) : undefined;
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
      const person = await findVisiblePerson(db, request.ctx, request.params.id);
      if (!person) throw notFound('person');
      const { studyId, expiringWithinDays } = request.query;
      if (!(await findVisibleStudy(db, request.ctx, studyId))) throw notFound('study');
      const asOf = today(request.ctx.now());
      // Only the study's sites the caller sees and the person works at.
      const sites = await db
        .selectFrom('study_sites')
        .innerJoin('studies', 'studies.id', 'study_sites.study_id')
        .innerJoin('sites', 'sites.id', 'study_sites.site_id')
        .innerJoin('site_staff', 'site_staff.site_id', 'study_sites.site_id')
        .select(['study_sites.id as studySiteId', 'sites.id as siteId', 'sites.name as siteName', 'site_staff.role'])
        .where('study_sites.study_id', '=', studyId)
        .where('site_staff.person_id', '=', person.id)
        .where('site_staff.start_date', '<=', asOf)
        .where((eb) => eb.or([eb('site_staff.end_date', 'is', null), eb('site_staff.end_date', '>=', asOf)]))
        .where(visibleStudySites(scopeIds(request.ctx.actor, 'training.read')))
        .orderBy('sites.name')
        .execute();
      const siteIds = [...new Set(sites.map((s) => s.siteId))];
      const [status] = await computeTrainingStatus(db, { studyId, siteIds, personId: person.id, on: asOf, expiringWithinDays });
      return {
        asOf,
        expiringWithinDays,
        studyId,
        personId: person.id,
        personName: person.full_name,
        roles: status?.roles ?? [],
        status: status?.status ?? 'current',
        items: status?.items ?? [],
        sites: siteIds.map((siteId) => {
          const rows = sites.filter((s) => s.siteId === siteId);
          return {
            studySiteId: rows[0]?.studySiteId ?? '',
            siteId,
            siteName: rows[0]?.siteName ?? '',
            roles: rows.map((r) => r.role as StaffRole),
          };
        }),
      };
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
      const studySite = await findVisibleStudySite(db, request.ctx, request.params.studySiteId);
      if (!studySite || studySite.study_id !== request.params.id) throw notFound('study-site');
      assertCan(request.ctx, 'training.read', studySiteScope(studySite));
      const asOf = today(request.ctx.now());
      const { expiringWithinDays } = request.query;
      const people = await computeTrainingStatus(db, {
        studyId: studySite.study_id,
        siteIds: [studySite.site_id],
        on: asOf,
        expiringWithinDays,
      });
      return { asOf, expiringWithinDays, studyId: studySite.study_id, studySiteId: studySite.id, ...countStatuses(people), people };
    },
  );

  api.get(
    '/api/studies/:id/training-requirements',
    {
      config: { permission: 'training.read' },
      schema: { tags, params, response: { 200: z.object({ items: z.array(trainingRequirementSchema) }) } },
    },
    async (request) => {
      if (!(await findVisibleStudy(db, request.ctx, request.params.id))) throw notFound('study');
      return { items: (await listTrainingRequirements(db, request.params.id)).map(toTrainingRequirement) };
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
