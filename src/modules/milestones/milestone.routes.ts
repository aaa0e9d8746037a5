import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id, optionalText } from '../../platform/http/fields.js';
import { addDefaultMilestones } from './add-default-milestones.js';
import { addMilestoneTemplate } from './add-milestone-template.js';
import { cycleTimes } from './cycle-times.js';
import { findTemplateRow, listTemplateRowsOfVisibleStudy, studySiteMilestones, toMilestoneTemplate } from './milestone.repo.js';
import {
  createMilestoneTemplateSchema,
  cycleTimesQuery,
  cycleTimesSchema,
  deleteMilestoneTemplateQuery,
  milestoneTemplateListSchema,
  milestoneTemplateSchema,
  startupBoardSchema,
  studySiteMilestoneSchema,
  studySiteMilestonesSchema,
  updateMilestoneTemplateSchema,
  updateStudySiteMilestoneSchema,
} from './milestone.schemas.js';
import { removeMilestoneTemplate } from './remove-milestone-template.js';
import { startupBoard } from './startup-board.js';
import { updateMilestoneTemplate } from './update-milestone-template.js';
import { updateStudySiteMilestone } from './update-study-site-milestone.js';

const tags = ['milestones'];
const studyParams = z.strictObject({ id });
const templateParams = z.strictObject({ id, milestoneId: id });
const studySiteParams = z.strictObject({ id, studySiteId: id });
const recordParams = z.strictObject({ id, studySiteId: id, milestoneId: id });

export function milestoneRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/studies/:id/milestones',
    {
      config: { permission: 'milestone.read' },
      schema: {
        tags,
        params: studyParams,
        description: "The study's start-up milestone template",
        response: { 200: milestoneTemplateListSchema },
      },
    },
    async (request) => {
      const rows = await listTemplateRowsOfVisibleStudy(db, request.ctx, request.params.id);
      if (!rows) throw notFound('study');
      return { items: rows.map(toMilestoneTemplate) };
    },
  );

  api.post(
    '/api/studies/:id/milestones',
    {
      config: { permission: 'milestoneTemplate.write' },
      schema: { tags, params: studyParams, body: createMilestoneTemplateSchema, response: { 201: milestoneTemplateSchema } },
    },
    async (request, reply) => {
      const template = await addMilestoneTemplate(db, request.ctx, request.params.id, request.body);
      setEtag(reply, template);
      return reply.code(201).header('Location', `/api/studies/${template.studyId}/milestones/${template.id}`).send(template);
    },
  );

  api.post(
    '/api/studies/:id/milestones/defaults',
    {
      config: { permission: 'milestoneTemplate.write' },
      schema: {
        tags,
        params: studyParams,
        description: 'Creates the default start-up template (CDA to activation) in a study that has none',
        body: z.strictObject({ reason: optionalText(1000) }).optional(),
        response: { 201: milestoneTemplateListSchema },
      },
    },
    async (request, reply) => {
      const items = await addDefaultMilestones(db, request.ctx, request.params.id, request.body?.reason);
      return reply.code(201).send({ items });
    },
  );

  api.get(
    '/api/studies/:id/milestones/:milestoneId',
    { config: { permission: 'milestone.read' }, schema: { tags, params: templateParams, response: { 200: milestoneTemplateSchema } } },
    async (request, reply) => {
      const row = await findTemplateRow(db, request.ctx, request.params.id, request.params.milestoneId);
      if (!row) throw notFound('milestone');
      setEtag(reply, row);
      return toMilestoneTemplate(row);
    },
  );

  api.patch(
    '/api/studies/:id/milestones/:milestoneId',
    {
      config: { permission: 'milestoneTemplate.write' },
      schema: { tags, params: templateParams, body: updateMilestoneTemplateSchema, response: { 200: milestoneTemplateSchema } },
    },
    async (request, reply) => {
      const { id: studyId, milestoneId } = request.params;
      const template = await updateMilestoneTemplate(db, request.ctx, studyId, milestoneId, expectedVersion(request), request.body);
      setEtag(reply, template);
      return template;
    },
  );

  api.delete(
    '/api/studies/:id/milestones/:milestoneId',
    {
      config: { permission: 'milestoneTemplate.write' },
      schema: { tags, params: templateParams, querystring: deleteMilestoneTemplateQuery },
    },
    async (request, reply) => {
      const { id: studyId, milestoneId } = request.params;
      await removeMilestoneTemplate(db, request.ctx, studyId, milestoneId, expectedVersion(request), request.query.reason);
      return reply.code(204).send();
    },
  );

  api.get(
    '/api/studies/:id/sites/:studySiteId/milestones',
    {
      config: { permission: 'milestone.read' },
      schema: { tags, params: studySiteParams, response: { 200: studySiteMilestonesSchema } },
    },
    async (request) => {
      const view = await studySiteMilestones(db, request.ctx, request.params.id, request.params.studySiteId);
      if (!view) throw notFound('study-site');
      return view;
    },
  );

  api.patch(
    '/api/studies/:id/sites/:studySiteId/milestones/:milestoneId',
    {
      config: { permission: 'milestone.write' },
      schema: {
        tags,
        params: recordParams,
        description: 'Sets the planned or actual date of one milestone at one study-site (If-Match "0" for the first write)',
        body: updateStudySiteMilestoneSchema,
        response: { 200: studySiteMilestoneSchema },
      },
    },
    async (request, reply) => {
      const { id: studyId, studySiteId, milestoneId } = request.params;
      const item = await updateStudySiteMilestone(
        db,
        request.ctx,
        { studyId, studySiteId, milestoneId },
        expectedVersion(request),
        request.body,
      );
      setEtag(reply, item);
      return item;
    },
  );

  api.get(
    '/api/studies/:id/startup-board',
    {
      config: { permission: 'milestone.read' },
      schema: {
        tags,
        params: studyParams,
        description: "Each visible study-site's milestones, statuses and projected activation",
        response: { 200: startupBoardSchema },
      },
    },
    (request) => startupBoard(db, request.ctx, request.params.id),
  );

  api.get(
    '/api/studies/:id/cycle-times',
    {
      config: { permission: 'milestone.read' },
      schema: { tags, params: studyParams, querystring: cycleTimesQuery, response: { 200: cycleTimesSchema } },
    },
    (request) => cycleTimes(db, request.ctx, { ...request.query, studyId: request.params.id }),
  );

  api.get(
    '/api/startup/cycle-times',
    {
      config: { permission: 'milestone.read' },
      schema: {
        tags,
        querystring: cycleTimesQuery,
        description: 'Selection-to-activation cycle times across the studies and sites the caller sees',
        response: { 200: cycleTimesSchema },
      },
    },
    (request) => cycleTimes(db, request.ctx, request.query),
  );
}
