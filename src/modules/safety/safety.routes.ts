import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { getAdverseEvent, listParticipantEvents } from './adverse-event.repo.js';
import { addFollowUp, saveReportDraft } from './edit-report-versions.js';
import { markClockMet } from './mark-clock-met.js';
import { recordAdverseEvent } from './record-adverse-event.js';
import { reportSummaries, reportView } from './report-view.js';
import { findVisibleReportRow, listVisibleReportRows } from './sae-report.repo.js';
import {
  acknowledgeInput,
  adverseEventInput,
  adverseEventListSchema,
  adverseEventSchema,
  assessInput,
  draftInput,
  listReportsQuery,
  markMetInput,
  saeReportListSchema,
  saeReportSchema,
  safetySettingsInput,
  safetySettingsSchema,
  submitInput,
} from './safety.schemas.js';
import { getSafetySettings, putSafetySettings } from './safety-settings.js';
import { acknowledgeSaeReport, assessSaeReport, closeSaeReport } from './sponsor-review.js';
import { submitSaeReport } from './submit-sae-report.js';
import { updateAdverseEvent } from './update-adverse-event.js';

const tags = ['safety'];
const params = z.strictObject({ id });

export function safetyRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/participants/:id/adverse-events',
    {
      config: { permission: 'ae.read' },
      schema: { tags, params, description: "The participant's adverse events, by onset", response: { 200: adverseEventListSchema } },
    },
    async (request) => ({ items: await listParticipantEvents(db, request.ctx, request.params.id) }),
  );

  api.post(
    '/api/participants/:id/adverse-events',
    {
      config: { permission: 'ae.write' },
      schema: {
        tags,
        params,
        description: 'Records an adverse event; a serious one (with siteAwareAt) opens its SAE report and the site-to-sponsor clock',
        body: adverseEventInput,
        response: { 201: adverseEventSchema },
      },
    },
    async (request, reply) => {
      const event = await recordAdverseEvent(db, request.ctx, request.params.id, request.body);
      setEtag(reply, event);
      return reply.code(201).send(event);
    },
  );

  api.get(
    '/api/adverse-events/:id',
    {
      config: { permission: 'ae.read' },
      schema: { tags, params, description: 'One adverse event', response: { 200: adverseEventSchema } },
    },
    async (request, reply) => {
      const event = await getAdverseEvent(db, request.ctx, request.params.id);
      setEtag(reply, event);
      return event;
    },
  );

  api.put(
    '/api/adverse-events/:id',
    {
      config: { permission: 'ae.write' },
      schema: {
        tags,
        params,
        description: 'Corrects an adverse event (If-Match); marking it serious opens its SAE report',
        body: adverseEventInput,
        response: { 200: adverseEventSchema },
      },
    },
    async (request, reply) => {
      const event = await updateAdverseEvent(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, event);
      return event;
    },
  );

  api.get(
    '/api/sae-reports',
    {
      config: { permission: 'ae.read' },
      schema: {
        tags,
        querystring: listReportsQuery,
        description: 'SAE reports at the study-sites where you read them, with their clocks, the next deadline first',
        response: { 200: saeReportListSchema },
      },
    },
    async (request) => {
      const rows = await listVisibleReportRows(db, request.ctx, request.query);
      const items = await reportSummaries(db, rows, request.ctx.now());
      const key = (due: string | null) => due ?? '9999';
      items.sort((a, b) => key(a.nextDueAt).localeCompare(key(b.nextDueAt)));
      return { items };
    },
  );

  api.get(
    '/api/sae-reports/:id',
    {
      config: { permission: 'ae.read' },
      schema: { tags, params, description: 'One SAE report with its versions and clocks', response: { 200: saeReportSchema } },
    },
    async (request, reply) => {
      const found = await findVisibleReportRow(db, request.ctx, request.params.id);
      if (!found) throw notFound('SAE report');
      const report = await reportView(db, request.ctx, found.row);
      setEtag(reply, report);
      return report;
    },
  );

  const step = <Body extends z.ZodType>(
    path: string,
    permission: 'ae.write' | 'sae.submit' | 'sae.assess',
    description: string,
    body: Body,
    run: (
      reportId: string,
      version: number,
      input: z.infer<Body>,
      ctx: Parameters<typeof reportView>[1],
    ) => Promise<z.infer<typeof saeReportSchema>>,
  ) =>
    api.post(
      `/api/sae-reports/:id/${path}`,
      { config: { permission }, schema: { tags, params, description, body, response: { 200: saeReportSchema } } },
      async (request, reply) => {
        const report = await run(request.params.id, expectedVersion(request), request.body as z.infer<Body>, request.ctx);
        setEtag(reply, report);
        return report;
      },
    );

  step('draft', 'ae.write', "Saves the draft version's narrative (If-Match)", draftInput, (rid, v, input, ctx) =>
    saveReportDraft(db, ctx, rid, v, input.narrative),
  );
  step('follow-ups', 'ae.write', 'Starts a follow-up version (If-Match); refused on a closed report', draftInput, (rid, v, input, ctx) =>
    addFollowUp(db, ctx, rid, v, input.narrative),
  );
  step(
    'submit',
    'sae.submit',
    'The investigator submits the draft version, signed with the password (If-Match)',
    submitInput,
    (rid, v, input, ctx) => submitSaeReport(db, ctx, rid, v, input),
  );
  step(
    'acknowledge',
    'sae.assess',
    "The sponsor acknowledges receipt: its awareness time is the regulatory clocks' day 0",
    acknowledgeInput,
    (rid, v, input, ctx) => acknowledgeSaeReport(db, ctx, rid, v, input),
  );
  step(
    'assessment',
    'sae.assess',
    "The sponsor's expectedness, causality and SUSAR decision; a SUSAR starts a clock per country",
    assessInput,
    (rid, v, input, ctx) => assessSaeReport(db, ctx, rid, v, input),
  );
  step('close', 'sae.assess', 'Closes the report: no follow-up after', z.strictObject({}), (rid, v, _input, ctx) =>
    closeSaeReport(db, ctx, rid, v),
  );

  api.post(
    '/api/sae-clocks/:id/met',
    {
      config: { permission: 'sae.assess' },
      schema: {
        tags,
        params,
        description: "Records the regulatory submission that meets a clock (If-Match on the clock's version); answers its report",
        body: markMetInput,
        response: { 200: saeReportSchema },
      },
    },
    async (request, reply) => {
      const report = await markClockMet(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, report);
      return report;
    },
  );

  api.get(
    '/api/studies/:id/safety-settings',
    {
      config: { permission: 'ae.read' },
      schema: {
        tags,
        params,
        description: "The study's safety clock settings (version 0: the defaults)",
        response: { 200: safetySettingsSchema },
      },
    },
    async (request, reply) => {
      const settings = await getSafetySettings(db, request.ctx, request.params.id);
      setEtag(reply, settings);
      return settings;
    },
  );

  api.put(
    '/api/studies/:id/safety-settings',
    {
      config: { permission: 'safety.configure' },
      schema: {
        tags,
        params,
        description: 'Sets the site-to-sponsor hours and per-country SUSAR days (If-Match; "0" the first time)',
        body: safetySettingsInput,
        response: { 200: safetySettingsSchema },
      },
    },
    async (request, reply) => {
      const settings = await putSafetySettings(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, settings);
      return settings;
    },
  );
}
