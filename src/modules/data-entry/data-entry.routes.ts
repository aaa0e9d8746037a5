import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import {
  formEntryQuerySchema,
  formEntrySchema,
  formStatusCountsSchema,
  participantFormsSchema,
  saveFormEntryResultSchema,
  saveFormEntrySchema,
  visitFormsSchema,
} from './data-entry.schemas.js';
import { getFormEntry } from './get-form-entry.js';
import { listParticipantForms, listVisitForms, studySiteFormCounts } from './list-visit-forms.js';
import { saveFormEntry } from './save-form-entry.js';

const tags = ['data-entry'];
const params = z.strictObject({ id });
const formParams = z.strictObject({ id, formOid: z.string().min(1).max(200) });

export function dataEntryRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/participants/:id/forms',
    {
      config: { permission: 'participant.read' },
      schema: {
        tags,
        params,
        description: "The participant's visits, each with the forms collected at it and their status (not started, draft, saved)",
        response: { 200: participantFormsSchema },
      },
    },
    (request) => listParticipantForms(db, request.ctx, request.params.id),
  );

  api.get(
    '/api/participant-visits/:id/forms',
    {
      config: { permission: 'participant.read' },
      schema: {
        tags,
        params,
        description:
          "The visit's forms and their status; hasCrfMetadata false (and no forms) when its protocol version has no CRF metadata",
        response: { 200: visitFormsSchema },
      },
    },
    (request) => listVisitForms(db, request.ctx, request.params.id),
  );

  api.get(
    '/api/participant-visits/:id/forms/:formOid',
    {
      config: { permission: 'participant.read' },
      schema: {
        tags,
        params: formParams,
        querystring: formEntryQuerySchema,
        description:
          'One form at the visit: its item groups and items from the CRF metadata (questions in ?lang, falling back to the default language), and the values entered. ETag: the version (0 when not started). 409 when the protocol version has no CRF metadata',
        response: { 200: formEntrySchema },
      },
    },
    async (request, reply) => {
      const entry = await getFormEntry(db, request.ctx, request.params.id, request.params.formOid, request.query.lang);
      setEtag(reply, entry);
      return entry;
    },
  );

  api.put(
    '/api/participant-visits/:id/forms/:formOid',
    {
      config: { permission: 'participant.write' },
      schema: {
        tags,
        params: formParams,
        querystring: formEntryQuerySchema,
        description:
          'Saves values of the form (If-Match; "0" for a form not started): status draft (no required-item check) or saved (complete). A value of the wrong type, outside its code list or failing a hard range check is refused naming /values/N/value and the item OID; a missing required item is named /items/GROUP/ROW/ITEM. Failed soft range checks are saved and listed. Once saved, every change needs a reason (/reason). Values not sent are kept; null clears one; removeRows removes rows of repeating groups',
        body: saveFormEntrySchema,
        response: { 200: saveFormEntryResultSchema },
      },
    },
    async (request, reply) => {
      const result = await saveFormEntry(
        db,
        request.ctx,
        request.params.id,
        request.params.formOid,
        expectedVersion(request),
        request.body,
        request.query.lang,
      );
      setEtag(reply, result.entry);
      return result;
    },
  );

  api.get(
    '/api/study-sites/:id/form-status-counts',
    {
      config: { permission: 'participant.read' },
      schema: {
        tags,
        params,
        description: "How many of the study-site's forms are draft and saved, kept as they change (no scan of the forms)",
        response: { 200: formStatusCountsSchema },
      },
    },
    (request) => studySiteFormCounts(db, request.ctx, request.params.id),
  );
}
