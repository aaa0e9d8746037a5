import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { answerEligibility } from './answer-eligibility.js';
import { changeParticipantStatus } from './change-participant-status.js';
import { confirmEligibility } from './confirm-eligibility.js';
import { getParticipantPage, listParticipants } from './participant.repo.js';
import {
  confirmEligibilitySchema,
  eligibilityAnswersSchema,
  listParticipantsQuery,
  participantListSchema,
  participantPageSchema,
  participantSchema,
  participantSettingsSchema,
  recordConsentSchema,
  screenParticipantSchema,
  statusChangeSchema,
  updateParticipantSettingsSchema,
} from './participant.schemas.js';
import { getParticipantSettings, updateParticipantSettings } from './participant-settings.js';
import { prescreenRoutes } from './prescreen.routes.js';
import { recordConsent } from './record-consent.js';
import { screenParticipant } from './screen-participant.js';

const tags = ['participants'];
const params = z.strictObject({ id });
const studySiteParams = z.strictObject({ id, studySiteId: id });

export function participantRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/studies/:id/participant-settings',
    {
      config: { permission: 'participant.read' },
      schema: { tags, params, description: "How the study's subject numbers are written", response: { 200: participantSettingsSchema } },
    },
    async (request, reply) => {
      const settings = await getParticipantSettings(db, request.ctx, request.params.id);
      setEtag(reply, settings);
      return settings;
    },
  );

  api.put(
    '/api/studies/:id/participant-settings',
    {
      config: { permission: 'randomization.configure' },
      schema: {
        tags,
        params,
        description: 'Sets the subject number format (If-Match; "0" before the first save); numbers given stay as they are',
        body: updateParticipantSettingsSchema,
        response: { 200: participantSettingsSchema },
      },
    },
    async (request, reply) => {
      const settings = await updateParticipantSettings(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, settings);
      return settings;
    },
  );

  api.post(
    '/api/studies/:id/sites/:studySiteId/participants',
    {
      config: { permission: 'participant.write' },
      schema: {
        tags,
        params: studySiteParams,
        description: 'Screens a participant: status "screening" and the next subject number of this study-site',
        body: screenParticipantSchema,
        response: { 201: participantSchema },
      },
    },
    async (request, reply) => {
      const { id: studyId, studySiteId } = request.params;
      const participant = await screenParticipant(db, request.ctx, studySiteId, request.body, studyId);
      setEtag(reply, participant);
      return reply.code(201).header('Location', `/api/participants/${participant.id}`).send(participant);
    },
  );

  api.get(
    '/api/participants',
    {
      config: { permission: 'participant.read' },
      schema: { tags, querystring: listParticipantsQuery, response: { 200: participantListSchema } },
    },
    async (request) => listParticipants(db, request.ctx, request.query),
  );

  api.get(
    '/api/participants/:id',
    {
      config: { permission: 'participant.read' },
      schema: {
        tags,
        params,
        description: 'The participant page: identity only for site roles, the arm only for those who may see it',
        response: { 200: participantPageSchema },
      },
    },
    async (request, reply) => {
      const page = await getParticipantPage(db, request.ctx, request.params.id);
      setEtag(reply, page.participant);
      return page;
    },
  );

  api.post(
    '/api/participants/:id/consents',
    {
      config: { permission: 'participant.write' },
      schema: {
        tags,
        params,
        description:
          "Records a consent on the form version in force at the site that day (participant's language), obtained by a person validly delegated 'obtain_consent'",
        body: recordConsentSchema,
        response: { 201: participantPageSchema },
      },
    },
    async (request, reply) => {
      const page = await recordConsent(db, request.ctx, request.params.id, request.body);
      setEtag(reply, page.participant);
      return reply.code(201).send(page);
    },
  );

  api.post(
    '/api/participants/:id/eligibility-answers',
    {
      config: { permission: 'participant.write' },
      schema: {
        tags,
        params,
        description: 'Answers criteria of the protocol version in force at the site (met or not, with a note)',
        body: eligibilityAnswersSchema,
        response: { 200: participantPageSchema },
      },
    },
    async (request, reply) => {
      const page = await answerEligibility(db, request.ctx, request.params.id, request.body);
      setEtag(reply, page.participant);
      return page;
    },
  );

  api.post(
    '/api/participants/:id/eligibility-confirmation',
    {
      config: { permission: 'eligibility.confirm' },
      schema: {
        tags,
        params,
        description:
          "An investigator validly delegated 'assess_eligibility' confirms eligibility, signing with the password (If-Match); 409 lists the criteria in the way",
        body: confirmEligibilitySchema,
        response: { 200: participantPageSchema },
      },
    },
    async (request, reply) => {
      const page = await confirmEligibility(db, request.ctx, request.params.id, expectedVersion(request), request.body.password);
      setEtag(reply, page.participant);
      return page;
    },
  );

  api.post(
    '/api/participants/:id/status',
    {
      config: { permission: 'participant.write' },
      schema: {
        tags,
        params,
        description:
          'Screen failure, withdrawal (treatment or study), lost to follow-up, completion, on treatment, follow-up (If-Match); cancels the scheduled visits it ends',
        body: statusChangeSchema,
        response: { 200: participantPageSchema },
      },
    },
    async (request, reply) => {
      const page = await changeParticipantStatus(db, request.ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, page.participant);
      return page;
    },
  );

  prescreenRoutes(app);
}
