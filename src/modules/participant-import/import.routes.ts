import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../platform/http/fields.js';
import { columnName, importRequest, importResult, participantColumns, visitColumns } from './import.schemas.js';
import { importParticipants } from './import-participants.js';
import { refuseUnsafeCells } from './read-import-csv.js';

const tags = ['participants'];
const params = z.strictObject({ id, studySiteId: id });
const templateParams = z.strictObject({ file: z.enum(['participants', 'visits']) });

export function participantImportRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;

  api.post(
    '/api/studies/:id/sites/:studySiteId/participant-import',
    {
      config: { permission: 'participant.write' },
      preValidation: refuseUnsafeCells,
      // A site moving a few thousand participants with their visits sends a few MB of CSV.
      bodyLimit: 32 * 1024 * 1024,
      schema: {
        tags,
        params,
        body: importRequest,
        description:
          'Imports participants and their visits from CSV text, all or nothing. Any problem answers 400 listing every error with its file (pointer), row (the header is row 1) and column; nothing is written. dryRun checks and counts without writing.',
        response: { 200: importResult },
      },
    },
    async (request) => {
      const { participantsCsv, visitsCsv, dryRun } = request.body;
      return importParticipants(
        db,
        request.ctx,
        request.params.studySiteId,
        { participants: participantsCsv, visits: visitsCsv, dryRun },
        request.params.id,
      );
    },
  );

  api.get(
    '/api/participant-import/templates/:file',
    {
      config: { permission: 'participant.write' },
      schema: { tags, params: templateParams, description: 'The header row of an import file, as CSV to fill in.', produces: ['text/csv'] },
    },
    async (request, reply) => {
      const columns = request.params.file === 'participants' ? participantColumns : visitColumns;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${request.params.file}-template.csv"`)
        .send(`${columns.map(columnName).join(',')}\r\n`);
    },
  );
}
