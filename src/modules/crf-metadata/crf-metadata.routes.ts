import type {} from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../platform/http/fields.js';
import { parseFields } from '../../platform/http/parse-fields.js';
import { readFileUpload, readFileUploads } from '../../platform/http/upload.js';
import {
  crfMetadataQuerySchema,
  crfMetadataSchema,
  importCrfMetadataFieldsSchema,
  importRedcapFieldsSchema,
  updateEventMappingSchema,
} from './crf-metadata.schemas.js';
import { findProtocolVersionForCrf } from './crf-metadata-access.js';
import { importCrfMetadata } from './import-crf-metadata.js';
import { importRedcapMetadata } from './import-redcap-metadata.js';
import { loadCrfMetadata } from './load-crf-metadata.js';
import { updateEventMapping } from './update-event-mapping.js';

const tags = ['crf-metadata'];
// The study is `:id`, as on every other /api/studies/:id route (the router shares one parameter per position).
const params = z.strictObject({ id, versionId: id });
const path = '/api/studies/:id/protocol-versions/:versionId/crf-metadata';

export function crfMetadataRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    path,
    {
      config: { permission: 'protocol.read' },
      schema: {
        tags,
        params,
        querystring: crfMetadataQuerySchema,
        description: "The protocol version's CRF metadata: study events with their visit, forms with item groups and items, texts in ?lang",
        response: { 200: crfMetadataSchema },
      },
    },
    async (request) => {
      const version = await findProtocolVersionForCrf(db, request.ctx, request.params.id, request.params.versionId);
      return loadCrfMetadata(db, version.id, request.query.lang);
    },
  );

  api.post(
    path,
    {
      config: { permission: 'protocol.write' },
      schema: {
        tags,
        params,
        consumes: ['multipart/form-data'],
        description:
          'multipart/form-data: the ODM 1.3.2 file in a part named "file"; optional text parts metaDataVersionOid and reason. Replaces a draft\'s CRF metadata (200), or adds it (201); 409 for a final version',
        response: { 200: crfMetadataSchema, 201: crfMetadataSchema },
      },
    },
    async (request, reply) => {
      const upload = await readOdmUpload(request, app.maxUploadBytes);
      const result = await importCrfMetadata(db, request.ctx, request.params.id, request.params.versionId, upload);
      return reply.code(result.created ? 201 : 200).send(result.metadata);
    },
  );

  api.post(
    `${path}/redcap`,
    {
      config: { permission: 'protocol.write' },
      schema: {
        tags,
        params,
        consumes: ['multipart/form-data'],
        description:
          'multipart/form-data: a REDCap data dictionary (CSV) in a part named "dictionary"; for a longitudinal project also "arms", "events" and "mappings" (instrument designation: arm_num, unique_event_name, form); optional text part reason. Replaces a draft\'s CRF metadata (200), or adds it (201); 409 for a final version',
        response: { 200: crfMetadataSchema, 201: crfMetadataSchema },
      },
    },
    async (request, reply) => {
      const upload = await readFileUploads(request, app.maxUploadBytes, ['dictionary', 'arms', 'events', 'mappings'], {
        the: 'the REDCap data dictionary',
        a: 'a REDCap data dictionary (CSV)',
      });
      const { reason } = parseFields(importRedcapFieldsSchema, upload.fields);
      const { dictionary, arms, events, mappings } = upload.files;
      if (!dictionary) throw new Error('readFileUploads returns the required part');
      const result = await importRedcapMetadata(db, request.ctx, request.params.id, request.params.versionId, {
        dictionary,
        arms,
        events,
        mappings,
        reason,
      });
      return reply.code(result.created ? 201 : 200).send(result.metadata);
    },
  );

  api.put(
    `${path}/event-mapping`,
    {
      config: { permission: 'protocol.write' },
      schema: {
        tags,
        params,
        description: 'Sets the protocol visit of study events (null: none); each change is audited',
        body: updateEventMappingSchema,
        response: { 200: crfMetadataSchema },
      },
    },
    async (request) => updateEventMapping(db, request.ctx, request.params.id, request.params.versionId, request.body),
  );
}

async function readOdmUpload(request: FastifyRequest, maxBytes: number) {
  // A retried upload (the web app resends under the same Idempotency-Key) gets the first answer, not a second import.
  const upload = await readFileUpload(request, maxBytes, { the: 'the ODM file', a: 'an ODM file' });
  const parsed = parseFields(importCrfMetadataFieldsSchema, upload.fields);
  return { bytes: upload.bytes, fileName: upload.fileName, metaDataVersionOid: parsed.metaDataVersionOid, reason: parsed.reason };
}
