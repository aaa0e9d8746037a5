import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { etagOf, expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { studySiteSchema } from '../study-sites/study-site.schemas.js';
import { buildShortlist } from './build-shortlist.js';
import { createQuestionnaire } from './create-questionnaire.js';
import { decideStudySite } from './decide-study-site.js';
import { findVisibleInvitation, listVisibleInvitations, toInvitationDetail } from './invitation.repo.js';
import {
  decisionSchema,
  type InvitationDetail,
  invitationDetailSchema,
  invitationPageSchema,
  invitationSchema,
  listInvitationsQuery,
  saveAnswersSchema,
  sendQuestionnaireSchema,
  shortlistQuery,
  shortlistSchema,
} from './invitation.schemas.js';
import { findReadableQuestionnaire, listQuestionnairesOfStudy, requireStudyAtStudyLevel, toQuestionnaire } from './questionnaire.repo.js';
import {
  createQuestionnaireSchema,
  questionnaireListSchema,
  questionnaireSchema,
  updateQuestionnaireSchema,
} from './questionnaire.schemas.js';
import { saveAnswers, submitAnswers } from './save-answers.js';
import { sendQuestionnaire } from './send-questionnaire.js';
import { updateQuestionnaire } from './update-questionnaire.js';

const tags = ['feasibility'];
const params = z.strictObject({ id });

/** The ETag of an invitation is the version of the site's answers: the If-Match of PUT answers and submit. */
function setResponseEtag(reply: FastifyReply, detail: InvitationDetail): void {
  if (detail.response) reply.header('ETag', etagOf(detail.response.version));
}

export function feasibilityRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/studies/:id/feasibility/questionnaires',
    { config: { permission: 'feasibility.read' }, schema: { tags, params, response: { 200: questionnaireListSchema } } },
    async (request) => {
      await requireStudyAtStudyLevel(db, request.ctx, request.params.id, 'feasibility.read');
      return { items: (await listQuestionnairesOfStudy(db, request.ctx, request.params.id)).map(toQuestionnaire) };
    },
  );

  api.post(
    '/api/studies/:id/feasibility/questionnaires',
    {
      config: { permission: 'feasibility.write' },
      schema: { tags, params, body: createQuestionnaireSchema, response: { 201: questionnaireSchema } },
    },
    async (request, reply) => {
      const questionnaire = await createQuestionnaire(db, request.ctx, request.params.id, request.body);
      setEtag(reply, questionnaire);
      return reply.code(201).header('Location', `/api/feasibility/questionnaires/${questionnaire.id}`).send(questionnaire);
    },
  );

  api.get(
    '/api/feasibility/questionnaires/:id',
    { config: { permission: 'feasibility.read' }, schema: { tags, params, response: { 200: questionnaireSchema } } },
    async (request, reply) => {
      const row = await findReadableQuestionnaire(db, request.ctx, request.params.id);
      if (!row) throw notFound('questionnaire');
      setEtag(reply, row);
      return toQuestionnaire(row);
    },
  );

  api.patch(
    '/api/feasibility/questionnaires/:id',
    {
      config: { permission: 'feasibility.write' },
      schema: { tags, params, body: updateQuestionnaireSchema, response: { 200: questionnaireSchema } },
    },
    async (request, reply) => {
      const questionnaire = await updateQuestionnaire(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, questionnaire);
      return questionnaire;
    },
  );

  api.post(
    '/api/feasibility/questionnaires/:id/send',
    {
      config: { permission: 'feasibility.write' },
      schema: { tags, params, body: sendQuestionnaireSchema, response: { 201: z.object({ items: z.array(invitationSchema) }) } },
    },
    async (request, reply) => {
      const items = await sendQuestionnaire(db, request.ctx, request.params.id, expectedVersion(request), request.body.studySiteIds);
      return reply.code(201).send({ items });
    },
  );

  api.get(
    '/api/feasibility/invitations',
    {
      config: { permission: 'feasibility.read' },
      schema: { tags, querystring: listInvitationsQuery, response: { 200: invitationPageSchema } },
    },
    (request) => listVisibleInvitations(db, request.ctx, request.query),
  );

  api.get(
    '/api/feasibility/invitations/:id',
    { config: { permission: 'feasibility.read' }, schema: { tags, params, response: { 200: invitationDetailSchema } } },
    async (request, reply) => {
      const row = await findVisibleInvitation(db, request.ctx, request.params.id);
      if (!row) throw notFound('invitation');
      const detail = toInvitationDetail(request.ctx, row);
      setResponseEtag(reply, detail);
      return detail;
    },
  );

  api.put(
    '/api/feasibility/invitations/:id/answers',
    {
      config: { permission: 'feasibility.answer' },
      schema: { tags, params, body: saveAnswersSchema, response: { 200: invitationDetailSchema } },
    },
    async (request, reply) => {
      const detail = await saveAnswers(db, request.ctx, request.params.id, expectedVersion(request), request.body.answers);
      setResponseEtag(reply, detail);
      return detail;
    },
  );

  api.post(
    '/api/feasibility/invitations/:id/submit',
    { config: { permission: 'feasibility.answer' }, schema: { tags, params, response: { 200: invitationDetailSchema } } },
    async (request, reply) => {
      const detail = await submitAnswers(db, request.ctx, request.params.id, expectedVersion(request));
      setResponseEtag(reply, detail);
      return detail;
    },
  );

  api.get(
    '/api/studies/:id/feasibility/shortlist',
    {
      config: { permission: 'feasibility.read' },
      schema: { tags, params, querystring: shortlistQuery, response: { 200: shortlistSchema } },
    },
    (request) => buildShortlist(db, request.ctx, request.params.id, request.query.questionnaireId),
  );

  api.post(
    '/api/studies/:id/feasibility/decisions',
    {
      config: { permission: 'feasibility.write' },
      schema: {
        tags,
        params,
        body: decisionSchema,
        description: 'If-Match: the ETag of the study-site whose status the decision moves.',
        response: { 200: z.object({ studySite: studySiteSchema, invitation: invitationSchema }) },
      },
    },
    async (request, reply) => {
      const result = await decideStudySite(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, result.studySite);
      return result;
    },
  );
}
