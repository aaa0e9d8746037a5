import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { expectedVersion, setEtag } from '../../platform/http/etag.js';
import { id } from '../../platform/http/fields.js';
import { createEditCheck } from './create-edit-check.js';
import {
  createEditCheckSchema,
  editCheckListSchema,
  editCheckSchema,
  ruleTestRunSchema,
  translatedRedcapSchema,
  translateRedcapSchema,
  updateEditCheckSchema,
} from './edit-checks.schemas.js';
import { listEditChecks } from './list-edit-checks.js';
import { runEditCheckTests } from './run-edit-check-tests.js';
import { translateRedcap } from './translate-redcap.js';
import { updateEditCheck } from './update-edit-check.js';

const tags = ['edit-checks'];
// The study is `:id`, as on every other /api/studies/:id route (the router shares one parameter per position).
const params = z.strictObject({ id, versionId: id });
const ruleParams = z.strictObject({ id, versionId: id, ruleId: id });
const path = '/api/studies/:id/protocol-versions/:versionId/edit-checks';

export function editChecksRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.get(
    path,
    {
      config: { permission: 'protocol.read' },
      schema: {
        tags,
        params,
        description: "The cross-item edit checks of the protocol version's CRF metadata, active and not, and the items they may read",
        response: { 200: editCheckListSchema },
      },
    },
    async (request) => listEditChecks(db, request.ctx, request.params.id, request.params.versionId),
  );

  api.post(
    path,
    {
      config: { permission: 'protocol.write' },
      schema: {
        tags,
        params,
        description:
          "Adds a rule (CEL expression, true = fires) to a draft version; 400 names /expression with the parser's message; 409 for a final version",
        body: createEditCheckSchema,
        response: { 201: editCheckSchema },
      },
    },
    async (request, reply) => {
      const rule = await createEditCheck(db, request.ctx, request.params.id, request.params.versionId, request.body);
      setEtag(reply, rule);
      return reply.code(201).send(rule);
    },
  );

  api.patch(
    `${path}/:ruleId`,
    {
      config: { permission: 'protocol.write' },
      schema: {
        tags,
        params: ruleParams,
        description: 'Edits a rule of a draft version, or deactivates it (active: false); If-Match with the ETag read',
        body: updateEditCheckSchema,
        response: { 200: editCheckSchema },
      },
    },
    async (request, reply) => {
      const { id: studyId, versionId: protocolVersionId, ruleId } = request.params;
      const rule = await updateEditCheck(db, request.ctx, { studyId, protocolVersionId, ruleId }, expectedVersion(request), request.body);
      setEtag(reply, rule);
      return rule;
    },
  );

  api.post(
    `${path}/:ruleId/run-tests`,
    {
      config: { permission: 'protocol.read' },
      schema: {
        tags,
        params: ruleParams,
        description:
          "Runs the rule's test cases: pass or fail per case, with what the rule did (fires, passes, skipped, error); writes nothing",
        response: { 200: ruleTestRunSchema },
      },
    },
    async (request) => {
      const { id: studyId, versionId: protocolVersionId, ruleId } = request.params;
      return runEditCheckTests(db, request.ctx, { studyId, protocolVersionId, ruleId });
    },
  );

  api.post(
    `${path}/translate-redcap`,
    {
      config: { permission: 'protocol.read' },
      schema: {
        tags,
        params,
        description:
          'Translates REDCap branching logic or a calculation into an edit check expression; 400 at /logic for what it cannot translate',
        body: translateRedcapSchema,
        response: { 200: translatedRedcapSchema },
      },
    },
    async (request) => translateRedcap(db, request.ctx, request.params.id, request.params.versionId, request.body.logic),
  );
}
