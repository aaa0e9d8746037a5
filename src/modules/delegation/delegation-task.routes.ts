import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id, optionalText } from '../../platform/http/fields.js';
import { createDelegationTaskSchema, delegationTaskSchema, updateDelegationTaskSchema } from './delegation.schemas.js';
import { listVisibleDelegationTasks, toDelegationTask } from './delegation-task.repo.js';
import { createDelegationTask, deleteDelegationTask, seedDefaultDelegationTasks, updateDelegationTask } from './set-delegation-tasks.js';

const tags = ['delegation'];
const params = z.strictObject({ id });
const taskParams = z.strictObject({ id, taskId: id });
const taskList = z.object({ items: z.array(delegationTaskSchema) });

/** The study's list of delegable tasks: kept by its managers (study.update on the study). */
export function delegationTaskRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/studies/:id/delegation-tasks',
    { config: { permission: 'delegation.read' }, schema: { tags, params, response: { 200: taskList } } },
    async (request) => {
      const rows = await listVisibleDelegationTasks(db, request.ctx, request.params.id);
      if (!rows) throw notFound('study');
      return { items: rows.map(toDelegationTask) };
    },
  );

  api.post(
    '/api/studies/:id/delegation-tasks',
    {
      config: { permission: 'study.update' },
      schema: { tags, params, body: createDelegationTaskSchema, response: { 201: delegationTaskSchema } },
    },
    async (request, reply) => {
      const task = await createDelegationTask(db, request.ctx, request.params.id, request.body);
      setEtag(reply, task);
      return reply.code(201).send(task);
    },
  );

  api.post(
    '/api/studies/:id/delegation-tasks/defaults',
    {
      config: { permission: 'study.update' },
      schema: {
        tags,
        params,
        description: 'Adds the default tasks (obtain consent, assess eligibility, …) the study does not have yet.',
        response: { 200: taskList },
      },
    },
    async (request) => ({ items: await seedDefaultDelegationTasks(db, request.ctx, request.params.id) }),
  );

  api.patch(
    '/api/studies/:id/delegation-tasks/:taskId',
    {
      config: { permission: 'study.update' },
      schema: { tags, params: taskParams, body: updateDelegationTaskSchema, response: { 200: delegationTaskSchema } },
    },
    async (request, reply) => {
      const ids = { studyId: request.params.id, taskId: request.params.taskId };
      const task = await updateDelegationTask(db, request.ctx, ids, expectedVersion(request), request.body);
      setEtag(reply, task);
      return task;
    },
  );

  api.delete(
    '/api/studies/:id/delegation-tasks/:taskId',
    {
      config: { permission: 'study.update' },
      schema: { tags, params: taskParams, querystring: z.strictObject({ reason: optionalText(1000) }) },
    },
    async (request, reply) => {
      const ids = { studyId: request.params.id, taskId: request.params.taskId };
      await deleteDelegationTask(db, request.ctx, ids, request.query.reason);
      return reply.code(204).send();
    },
  );
}
