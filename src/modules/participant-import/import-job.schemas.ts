import { z } from 'zod';
import { importResult } from './import.schemas.js';

/** The multipart form's text fields (its files are `participants` and, optionally, `visits`). */
export const importUploadFields = z.strictObject({
  dryRun: z.enum(['true', 'false'], { message: 'Must be "true" or "false".' }).default('false'),
});

const fieldError = z.object({
  pointer: z.string(),
  row: z.number().int().optional(),
  column: z.string().optional(),
  detail: z.string(),
});

/** The same problem+json body the synchronous import answers with its 400. */
export const importJobProblem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(fieldError).optional(),
});

export const importJobStatus = z.enum(['queued', 'checking', 'writing', 'succeeded', 'failed', 'cancelled']);

export const importJob = z
  .object({
    id: z.string(),
    studyId: z.string(),
    studySiteId: z.string(),
    status: importJobStatus,
    dryRun: z.boolean(),
    rowsTotal: z.number().int().nullable(),
    rowsChecked: z.number().int(),
    rowsWritten: z.number().int(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    result: importResult.nullable(),
    problem: importJobProblem.nullable(),
  })
  .meta({ id: 'ParticipantImportJob' });
export type ImportJob = z.infer<typeof importJob>;
export type ImportJobProblem = z.infer<typeof importJobProblem>;
