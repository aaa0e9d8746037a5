import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { approveIcfAtSite } from './approve-icf-at-site.js';
import { approveProtocolAtSite } from './approve-protocol-at-site.js';
import { createIcfVersion } from './create-icf-version.js';
import { listIcfVersions } from './icf.repo.js';
import {
  createIcfApprovalSchema,
  createIcfVersionSchema,
  createProtocolApprovalSchema,
  icfApprovalListSchema,
  icfApprovalSchema,
  icfVersionListSchema,
  icfVersionSchema,
  protocolApprovalListSchema,
  protocolApprovalSchema,
} from './icf.schemas.js';
import { listIcfApprovals, listProtocolApprovals } from './site-approval.repo.js';

const tags = ['protocols'];
const studyParams = z.strictObject({ id });
const studySiteParams = z.strictObject({ id, studySiteId: id });

/**
 * Recording a site approval is allowed by protocol.write on the study OR studySite.update at the
 * study-site (see assertCanRecordSiteApproval). A route names one permission, so these declare
 * protocol.read (held by every role that may do either) and the use case decides.
 */
export function siteApprovalRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    '/api/studies/:id/sites/:studySiteId/protocol-approvals',
    {
      config: { permission: 'protocol.read' },
      schema: {
        tags,
        params: studySiteParams,
        description: 'The protocol versions approved at this study-site and from when, latest first',
        response: { 200: protocolApprovalListSchema },
      },
    },
    async (request) => ({
      items: await listProtocolApprovals(db, request.ctx, { studyId: request.params.id, studySiteId: request.params.studySiteId }),
    }),
  );

  api.post(
    '/api/studies/:id/sites/:studySiteId/protocol-approvals',
    {
      config: { permission: 'protocol.read' },
      schema: {
        tags,
        params: studySiteParams,
        description:
          "Records the IRB/IEC approval of a final protocol version at this study-site (protocol.write on the study or studySite.update here); not before the previous version's approval",
        body: createProtocolApprovalSchema,
        response: { 201: protocolApprovalSchema },
      },
    },
    async (request, reply) => {
      const { id: studyId, studySiteId } = request.params;
      return reply.code(201).send(await approveProtocolAtSite(db, request.ctx, { studyId, studySiteId }, request.body));
    },
  );

  api.get(
    '/api/studies/:id/icf-versions',
    {
      config: { permission: 'protocol.read' },
      schema: { tags, params: studyParams, description: "The study's consent form versions", response: { 200: icfVersionListSchema } },
    },
    async (request) => ({ items: await listIcfVersions(db, request.ctx, request.params.id) }),
  );

  api.post(
    '/api/studies/:id/icf-versions',
    {
      config: { permission: 'protocol.write' },
      schema: { tags, params: studyParams, body: createIcfVersionSchema, response: { 201: icfVersionSchema } },
    },
    async (request, reply) => {
      const icf = await createIcfVersion(db, request.ctx, request.params.id, request.body);
      setEtag(reply, icf);
      return reply.code(201).send(icf);
    },
  );

  api.get(
    '/api/studies/:id/sites/:studySiteId/icf-approvals',
    {
      config: { permission: 'protocol.read' },
      schema: {
        tags,
        params: studySiteParams,
        description: 'The consent form versions approved at this study-site, by language, latest first',
        response: { 200: icfApprovalListSchema },
      },
    },
    async (request) => ({
      items: await listIcfApprovals(db, request.ctx, { studyId: request.params.id, studySiteId: request.params.studySiteId }),
    }),
  );

  api.post(
    '/api/studies/:id/sites/:studySiteId/icf-approvals',
    {
      config: { permission: 'protocol.read' },
      schema: {
        tags,
        params: studySiteParams,
        description:
          'Records the IRB/IEC approval of a consent form version at this study-site (protocol.write on the study or studySite.update here)',
        body: createIcfApprovalSchema,
        response: { 201: icfApprovalSchema },
      },
    },
    async (request, reply) => {
      const { id: studyId, studySiteId } = request.params;
      return reply.code(201).send(await approveIcfAtSite(db, request.ctx, { studyId, studySiteId }, request.body));
    },
  );
}
