import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { localDate, utcDate } from '../../platform/dates.js';
import { notFound } from '../../platform/errors.js';
import { id, optionalText } from '../../platform/http/fields.js';
import { completenessStatuses, computeCompleteness } from './completeness.js';
import { listVisibleSitesOfStudy } from './completeness.repo.js';
import { createDocumentRuleSchema, createWaiverSchema, documentRuleSchema, ruleTargets } from './document.schemas.js';
import { listVisibleDocumentRules } from './document-rules.repo.js';
import { addDocumentRule, removeDocumentRule } from './set-document-rules.js';
import { waiveDocument } from './waive-document.js';

const tags = ['documents'];
const params = z.strictObject({ id });

const itemSchema = z.object({
  artifactNumber: z.string(),
  artifactName: z.string(),
  appliesTo: z.enum(ruleTargets),
  personId: id.nullable(),
  personName: z.string().nullable(),
  status: z.enum(completenessStatuses),
  documentId: id.nullable(),
  expiryDate: z.string().nullable(),
  waiverReason: z.string().nullable(),
});
const siteCompletenessSchema = z.object({
  studySiteId: id,
  siteId: id,
  siteName: z.string(),
  siteNumber: z.string(),
  timeZone: z.string().describe("The site's IANA time zone: asked for one site, its file is judged on the site's day"),
  expected: z.number().int(),
  percent: z.number().int(),
  ...Object.fromEntries(completenessStatuses.map((s) => [s, z.number().int()])),
  items: z.array(itemSchema),
});
const completenessQuery = z.strictObject({
  expiringWithinDays: z.coerce.number().int().min(0).max(730).default(60),
  siteId: id.optional(),
  withItems: z.enum(['true', 'false']).default('false'),
});

export function completenessRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/studies/:id/completeness',
    {
      config: { permission: 'document.read' },
      schema: {
        tags,
        params,
        querystring: completenessQuery,
        description: 'What the study expects of each site and investigator against what is filed, approved and current.',
        response: { 200: z.object({ asOf: z.string(), expiringWithinDays: z.number().int(), sites: z.array(siteCompletenessSchema) }) },
      },
    },
    async (request) => {
      const { expiringWithinDays, siteId, withItems } = request.query;
      const sites = await listVisibleSitesOfStudy(db, request.ctx, request.params.id, siteId);
      if (!sites) throw notFound('study');
      // One site's file is judged on the site's day (its binder names that zone); a study's
      // sites together on the UTC day, as no one site's day is theirs.
      const [only] = sites;
      const asOf = siteId && only && sites.length === 1 ? localDate(request.ctx.now(), only.timeZone) : utcDate(request.ctx.now());
      const result = await computeCompleteness(db, request.params.id, sites, asOf, expiringWithinDays);
      return { asOf, expiringWithinDays, sites: withItems === 'true' ? result : result.map((s) => ({ ...s, items: [] })) };
    },
  );

  api.get(
    '/api/studies/:id/document-rules',
    {
      config: { permission: 'document.read' },
      schema: { tags, params, response: { 200: z.object({ items: z.array(documentRuleSchema) }) } },
    },
    async (request) => {
      const items = await listVisibleDocumentRules(db, request.ctx, request.params.id);
      if (!items) throw notFound('study');
      return { items };
    },
  );

  api.post(
    '/api/studies/:id/document-rules',
    {
      config: { permission: 'documentRule.write' },
      schema: { tags, params, body: createDocumentRuleSchema, response: { 201: documentRuleSchema } },
    },
    async (request, reply) => reply.code(201).send(await addDocumentRule(db, request.ctx, request.params.id, request.body)),
  );

  api.delete(
    '/api/studies/:id/document-rules/:ruleId',
    {
      config: { permission: 'documentRule.write' },
      schema: { tags, params: z.strictObject({ id, ruleId: id }), querystring: z.strictObject({ reason: optionalText(1000) }) },
    },
    async (request, reply) => {
      await removeDocumentRule(db, request.ctx, request.params.id, request.params.ruleId, request.query.reason);
      return reply.code(204).send();
    },
  );

  api.post(
    '/api/studies/:id/document-waivers',
    {
      config: { permission: 'documentRule.write' },
      schema: { tags, params, body: createWaiverSchema, response: { 201: z.object({ id }) } },
    },
    async (request, reply) => reply.code(201).send(await waiveDocument(db, request.ctx, request.params.id, request.body)),
  );
}
