import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { AppError, invalidField } from '../../platform/errors.js';
import { claimStreamedUploadIdempotencyKey } from '../../platform/http/idempotency.js';
import { parseFields } from '../../platform/http/parse-fields.js';
import { cleanFileName } from '../../platform/http/upload.js';
import { importUploadFields } from './import-job.schemas.js';
import type { StoredImportFile } from './import-jobs.repo.js';

const fileFields = ['participants', 'visits'] as const;
type FileField = (typeof fileFields)[number];

export interface ReceivedImport {
  /** A folder of its own: deleted, with the files, when the job ends. */
  dir: string;
  paths: Partial<Record<FileField, string>>;
  files: StoredImportFile[];
  dryRun: boolean;
}

/** The job's own folder in the staging folder, found again from its id by the sweep after a restart (fail-unfinished-import-jobs.ts). */
export function importUploadDir(stagingDir: string, jobId: string): string {
  return join(stagingDir, `import-${jobId}`);
}

/** Enough of a file's start to tell a spreadsheet or an archive from text. */
const sniffBytes = 4100;

/**
 * Streams the multipart form's CSV files to disk, hashing as they pass, so no file is ever
 * held whole in memory. Refuses, before any job exists, what cannot be an import: no
 * participants file, a file over the size limit (413), a file that is not text.
 */
export async function receiveImportUpload(
  request: FastifyRequest,
  { maxBytes, stagingDir }: { maxBytes: number; stagingDir: string },
  jobId: string,
): Promise<ReceivedImport> {
  if (!request.isMultipart())
    throw new AppError(415, 'Unsupported Media Type', 'Send the files as multipart/form-data, in parts named "participants" and "visits".');
  const dir = importUploadDir(stagingDir, jobId);
  await mkdir(dir);
  try {
    const fields: Record<string, string> = {};
    const paths: Partial<Record<FileField, string>> = {};
    const files: StoredImportFile[] = [];
    for await (const part of request.parts({ limits: { files: 2, fileSize: maxBytes } })) {
      if (part.type !== 'file') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      const field = fileFields.find((name) => name === part.fieldname);
      if (!field || paths[field]) {
        part.file.resume();
        throw invalidField(`/${part.fieldname}`, 'Send at most one file in each of the parts "participants" and "visits".');
      }
      const path = join(dir, `${field}-${randomUUID()}.csv`);
      const hash = createHash('sha256');
      let size = 0;
      let head = Buffer.alloc(0);
      try {
        await pipeline(
          part.file,
          async function* (source: AsyncIterable<Buffer>) {
            for await (const chunk of source) {
              hash.update(chunk);
              size += chunk.length;
              if (head.length < sniffBytes) head = Buffer.concat([head, chunk.subarray(0, sniffBytes - head.length)]);
              yield chunk;
            }
          },
          createWriteStream(path, { flags: 'wx' }),
        );
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(field, maxBytes);
        throw error;
      }
      if (part.file.truncated) throw tooLarge(field, maxBytes);
      if (size === 0) throw invalidField(`/${field}`, `The ${field} file is empty.`);
      await refuseNonText(field, head);
      paths[field] = path;
      files.push({ field, fileName: cleanFileName(part.filename), size, sha256: hash.digest('hex') });
    }
    const { dryRun } = parseFields(importUploadFields, fields);
    if (!paths.participants) throw invalidField('/participants', 'Attach the participants file (a part named "participants").');
    // A retry with the same Idempotency-Key and the same files gets the first job, not a second one.
    await claimStreamedUploadIdempotencyKey(
      request,
      { dryRun: dryRun ?? 'false' },
      files.map(({ field, fileName, sha256 }) => ({ field, name: fileName, sha256 })).sort((a, b) => a.field.localeCompare(b.field)),
    );
    return { dir, paths, files, dryRun: dryRun === 'true' };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if ((error as { code?: string }).code === 'FST_FILES_LIMIT')
      throw invalidField('', 'Send at most two files: "participants" and "visits".');
    throw error;
  }
}

function tooLarge(field: FileField, maxBytes: number) {
  const limit = `${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB`;
  return new AppError(413, 'Content Too Large', `The ${field} file is larger than ${limit}; split it into smaller imports.`, [
    { pointer: `/${field}`, detail: `Larger than ${limit}.` },
  ]);
}

/** A CSV file is text: a NUL byte, or the signature of a known binary format, says it is something else. */
async function refuseNonText(field: FileField, head: Buffer): Promise<void> {
  const detected = await fileTypeFromBuffer(head);
  if (detected || head.includes(0))
    throw invalidField(
      `/${field}`,
      `The ${field} file is not a CSV file${detected ? ` (its contents are ${detected.ext.toUpperCase()})` : ''}: save it as CSV UTF-8.`,
    );
}
