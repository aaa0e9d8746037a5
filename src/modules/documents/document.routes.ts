import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { parseFields } from '../../platform/http/parse-fields.js';
import { contentDisposition, previewableTypes, readUpload } from '../../platform/http/upload.js';
import { listTmfArtifacts } from '../../platform/reference/tmf-reference-model.repo.js';
import { addDocumentVersion } from './add-document-version.js';
import { approveDocumentVersion } from './approve-document-version.js';
import { documentDetail, findVersion, findVisibleDocument, listVisibleDocuments } from './document.repo.js';
import {
  approveVersionSchema,
  documentDetailSchema,
  documentPageSchema,
  listDocumentsQuery,
  newDocumentFields,
  newVersionFields,
  returnVersionSchema,
  tmfArtifactSchema,
} from './document.schemas.js';
import { returnDocumentVersion } from './return-document-version.js';
import { submitDocumentVersion } from './submit-document-version.js';
import { uploadDocument } from './upload-document.js';

const tags = ['documents'];
const params = z.strictObject({ id });
const versionParams = z.strictObject({ id, versionId: id });
const multipart = {
  consumes: ['multipart/form-data'],
  description: 'multipart/form-data: the file in a part named "file", the other fields as text parts.',
};

export function documentRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;
  const detail = async (request: { ctx: Parameters<typeof findVisibleDocument>[1] }, documentId: string) => {
    const row = await findVisibleDocument(db, request.ctx, documentId);
    if (!row) throw notFound('document');
    return documentDetail(db, row);
  };

  api.get(
    '/api/tmf/artifacts',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        description: 'The TMF Reference Model v3.3.1 artifacts, the document taxonomy',
        response: { 200: z.object({ items: z.array(tmfArtifactSchema) }) },
      },
    },
    async () => {
      const rows = await listTmfArtifacts(db);
      return {
        items: rows.map((r) => ({
          artifactNumber: r.artifact_number,
          zoneNumber: r.zone_number,
          zoneName: r.zone_name,
          sectionNumber: r.section_number,
          sectionName: r.section_name,
          name: r.name,
          definition: r.definition,
          core: r.core,
          trialLevel: r.trial_level,
          countryLevel: r.country_level,
          siteLevel: r.site_level,
        })),
      };
    },
  );

  api.get(
    '/api/documents',
    { config: { permission: 'document.read' }, schema: { tags, querystring: listDocumentsQuery, response: { 200: documentPageSchema } } },
    (request) => listVisibleDocuments(db, request.ctx, request.query),
  );

  api.post(
    '/api/documents',
    { config: { permission: 'document.write' }, schema: { tags, ...multipart, response: { 201: documentDetailSchema } } },
    async (request, reply) => {
      const upload = await readUpload(request, app.maxUploadBytes);
      const fields = parseFields(newDocumentFields, upload.fields);
      const document = await uploadDocument(db, app.contentStore, request.ctx, fields, upload);
      setEtag(reply, document);
      return reply.code(201).header('Location', `/api/documents/${document.id}`).send(document);
    },
  );

  api.get(
    '/api/documents/:id',
    { config: { permission: 'document.read' }, schema: { tags, params, response: { 200: documentDetailSchema } } },
    async (request, reply) => {
      const document = await detail(request, request.params.id);
      setEtag(reply, document);
      return document;
    },
  );

  api.post(
    '/api/documents/:id/versions',
    { config: { permission: 'document.write' }, schema: { tags, params, ...multipart, response: { 201: documentDetailSchema } } },
    async (request, reply) => {
      const version = expectedVersion(request);
      const upload = await readUpload(request, app.maxUploadBytes);
      const fields = parseFields(newVersionFields, upload.fields);
      const document = await addDocumentVersion(db, app.contentStore, request.ctx, request.params.id, version, fields, upload);
      setEtag(reply, document);
      return reply.code(201).send(document);
    },
  );

  const ids = (p: { id: string; versionId: string }) => ({ documentId: p.id, versionId: p.versionId });

  api.post(
    '/api/documents/:id/versions/:versionId/submit',
    { config: { permission: 'document.write' }, schema: { tags, params: versionParams, response: { 200: documentDetailSchema } } },
    async (request) => {
      await submitDocumentVersion(db, request.ctx, ids(request.params), expectedVersion(request));
      return detail(request, request.params.id);
    },
  );

  api.post(
    '/api/documents/:id/versions/:versionId/approve',
    {
      config: { permission: 'document.approve' },
      schema: {
        tags,
        params: versionParams,
        body: approveVersionSchema,
        description: 'An electronic signature: the password again and the meaning.',
        response: { 200: documentDetailSchema },
      },
    },
    async (request) => {
      await approveDocumentVersion(db, request.ctx, ids(request.params), expectedVersion(request), request.body);
      return detail(request, request.params.id);
    },
  );

  api.post(
    '/api/documents/:id/versions/:versionId/return',
    {
      config: { permission: 'document.approve' },
      schema: { tags, params: versionParams, body: returnVersionSchema, response: { 200: documentDetailSchema } },
    },
    async (request) => {
      await returnDocumentVersion(db, request.ctx, ids(request.params), expectedVersion(request), request.body.reason);
      return detail(request, request.params.id);
    },
  );

  api.get(
    '/api/documents/:id/versions/:versionId/content',
    {
      config: { permission: 'document.read' },
      schema: {
        tags,
        params: versionParams,
        querystring: z.strictObject({ disposition: z.enum(['inline', 'attachment']).default('attachment') }),
        produces: ['application/octet-stream'],
      },
    },
    async (request, reply) => {
      const version = await findVersion(db, request.ctx, request.params.id, request.params.versionId);
      if (!version) throw notFound('document version');
      const bytes = await app.contentStore.get(version.content_hash);
      const inline = request.query.disposition === 'inline' && previewableTypes.has(version.media_type);
      // Only sniff-checked PDFs and images are shown inline; nothing is ever served as HTML.
      reply.header('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', version.file_name));
      reply.header(
        'Content-Security-Policy',
        inline
          ? "default-src 'none'; img-src 'self'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
          : "default-src 'none'; sandbox",
      );
      // The web app previews inline content in a frame of its own origin; nothing else may frame it.
      if (inline) reply.header('X-Frame-Options', 'SAMEORIGIN');
      reply.header('Cache-Control', 'private, no-cache');
      reply.header('ETag', `"${version.content_hash}"`);
      return reply.type(version.media_type).send(bytes);
    },
  );
}
