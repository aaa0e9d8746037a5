import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RequestContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { contentDisposition } from '../../platform/http/upload.js';
import { type StudySiteJoined, studySiteToday } from '../study-sites/study-site.repo.js';
import { createDelegationEntry } from './create-delegation-entry.js';
import { loadDelegationFacts } from './delegation.repo.js';
import {
  checkDelegationQuery,
  createDelegationEntrySchema,
  delegationEntrySchema,
  listDelegationQuery,
  onQuery,
  signDelegationEntrySchema,
  updateDelegationEntrySchema,
  validitySchema,
} from './delegation.schemas.js';
import { entryView, listEntryViews, loadStudySiteForLog } from './delegation-entry-view.js';
import { delegationTaskRoutes } from './delegation-task.routes.js';
import { evaluateWithFacts } from './evaluate-delegation.js';
import { exportDelegationLog } from './export-delegation-log.js';
import { signDelegationEntry } from './sign-delegation-entry.js';
import { updateDelegationEntry } from './update-delegation-entry.js';

const tags = ['delegation'];
const siteParams = z.strictObject({ id, studySiteId: id });
const entryParams = z.strictObject({ id, studySiteId: id, entryId: id });
const base = '/api/studies/:id/sites/:studySiteId/delegation';
/** Validity is judged on the site's day, the day its staff work on (and the other modules check). */
const siteToday = (ctx: RequestContext, studySite: Pick<StudySiteJoined, 'time_zone'>) => studySiteToday(studySite, ctx.now());
const ids = (p: { id: string; studySiteId: string }) => ({ studyId: p.id, studySiteId: p.studySiteId });

/** The delegation of authority log of a study at a site, and the study's task list. */
export function delegationRoutes(app: FastifyInstance): void {
  delegationTaskRoutes(app);
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    base,
    {
      config: { permission: 'delegation.read' },
      schema: {
        tags,
        params: siteParams,
        querystring: listDelegationQuery,
        description: "Every entry with whether it is valid on the day (the site's today, or ?on=) and why not.",
        response: { 200: z.object({ asOf: z.string(), items: z.array(delegationEntrySchema) }) },
      },
    },
    async (request) => {
      const studySite = await loadStudySiteForLog(db, request.ctx, ids(request.params), 'delegation.read');
      const asOf = request.query.on ?? siteToday(request.ctx, studySite);
      return { asOf, items: await listEntryViews(db, request.ctx, studySite.id, asOf, request.query.personId) };
    },
  );

  api.post(
    base,
    {
      config: { permission: 'delegation.write' },
      schema: { tags, params: siteParams, body: createDelegationEntrySchema, response: { 201: delegationEntrySchema } },
    },
    async (request, reply) => {
      const entry = await createDelegationEntry(db, request.ctx, ids(request.params), request.body);
      setEtag(reply, entry);
      return reply
        .code(201)
        .header('Location', `${request.url.split('?')[0]}/${entry.id}`)
        .send(entry);
    },
  );

  api.get(
    `${base}/check`,
    {
      config: { permission: 'delegation.read' },
      schema: {
        tags,
        params: siteParams,
        querystring: checkDelegationQuery,
        description: 'May this person do this task here on the day? The same decision the other modules enforce.',
        response: { 200: validitySchema },
      },
    },
    async (request) => {
      const studySite = await loadStudySiteForLog(db, request.ctx, ids(request.params), 'delegation.read');
      const facts = await loadDelegationFacts(db, request.ctx, studySite.id, { personId: request.query.personId });
      if (!facts) throw notFound('study-site');
      const { personId, task, on } = request.query;
      return evaluateWithFacts(facts, { personId, task, on: on ?? siteToday(request.ctx, studySite) });
    },
  );

  api.get(
    `${base}/export.pdf`,
    {
      config: { permission: 'delegation.read' },
      schema: { tags, params: siteParams, querystring: z.strictObject(onQuery), produces: ['application/pdf'] },
    },
    async (request, reply) => {
      const exported = await exportDelegationLog(db, request.ctx, ids(request.params), request.query.on);
      reply.header('Content-Disposition', contentDisposition('attachment', exported.fileName));
      reply.header('X-Content-SHA256', exported.contentSha256);
      reply.header('Cache-Control', 'private, no-store');
      return reply.type('application/pdf').send(exported.pdf);
    },
  );

  api.get(
    `${base}/:entryId`,
    {
      config: { permission: 'delegation.read' },
      schema: { tags, params: entryParams, querystring: z.strictObject(onQuery), response: { 200: delegationEntrySchema } },
    },
    async (request, reply) => {
      const studySite = await loadStudySiteForLog(db, request.ctx, ids(request.params), 'delegation.read');
      const entry = await entryView(
        db,
        request.ctx,
        studySite.id,
        request.params.entryId,
        request.query.on ?? siteToday(request.ctx, studySite),
      );
      if (!entry) throw notFound('delegation entry');
      setEtag(reply, entry);
      return entry;
    },
  );

  api.patch(
    `${base}/:entryId`,
    {
      config: { permission: 'delegation.write' },
      schema: { tags, params: entryParams, body: updateDelegationEntrySchema, response: { 200: delegationEntrySchema } },
    },
    async (request, reply) => {
      const target = { ...ids(request.params), entryId: request.params.entryId };
      const entry = await updateDelegationEntry(db, request.ctx, target, expectedVersion(request), request.body);
      setEtag(reply, entry);
      return entry;
    },
  );

  api.post(
    `${base}/:entryId/sign`,
    {
      config: { permission: 'delegation.sign' },
      schema: {
        tags,
        params: entryParams,
        body: signDelegationEntrySchema,
        description: "The principal investigator's electronic signature: the password again and the meaning (approval by default).",
        response: { 200: delegationEntrySchema },
      },
    },
    async (request, reply) => {
      const target = { ...ids(request.params), entryId: request.params.entryId };
      const entry = await signDelegationEntry(db, request.ctx, target, expectedVersion(request), request.body);
      setEtag(reply, entry);
      return entry;
    },
  );
}
