import { createHash } from 'node:crypto';
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { AppError, invalidField } from '../errors.js';
import { claimStreamedUploadIdempotencyKey, claimUploadIdempotencyKey } from './idempotency.js';
import { refuseUnsafeText } from './safe-text.js';

/** What may be filed: checked from the bytes, never from the name or the declared type. */
export const allowedUploadTypes: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel workbook',
};

/** Types a browser may show inline; everything else is only downloaded. */
export const previewableTypes = new Set(['application/pdf', 'image/png', 'image/jpeg']);

export interface Upload {
  bytes: Buffer;
  /** The name as sent, cleaned for display; never used as a path. */
  fileName: string;
  mediaType: string;
  fields: Record<string, string>;
}

/** How a route names the file it expects, in the messages of a missing or misplaced file. */
export interface FileLabel {
  the: string;
  a: string;
}

/**
 * Reads a multipart request with one file part (`file`) and text fields, and claims its
 * Idempotency-Key; what the file may contain is the caller's to check.
 */
export async function readFileUpload(
  request: FastifyRequest,
  maxBytes: number,
  label: FileLabel = { the: 'the file', a: 'a file' },
): Promise<Omit<Upload, 'mediaType'>> {
  const { files, fields } = await readMultipart(request, maxBytes, ['file'], label);
  const file = files.file;
  if (!file || file.bytes.length === 0) throw invalidField('/file', `Attach ${label.a}.`);
  await claimUploadIdempotencyKey(request, fields, file);
  return { bytes: file.bytes, fileName: cleanFileName(file.name), fields };
}

/** One file of a request with several (readFileUploads): its bytes and its cleaned name. */
export interface NamedFile {
  bytes: Buffer;
  fileName: string;
}

/**
 * Reads a multipart request with several file parts, each named in `parts` and sent at most
 * once (the first is required), and text fields; claims its Idempotency-Key on all the files.
 * An empty optional part counts as not sent: a browser sends one for a file input left empty.
 */
export async function readFileUploads(
  request: FastifyRequest,
  maxBytes: number,
  parts: readonly [string, ...string[]],
  label: FileLabel,
): Promise<{ files: Record<string, NamedFile>; fields: Record<string, string> }> {
  const read = await readMultipart(request, maxBytes, parts, label);
  const [required] = parts;
  if (!read.files[required] || read.files[required].bytes.length === 0) throw invalidField(`/${required}`, `Attach ${label.a}.`);
  const files: Record<string, NamedFile> = {};
  for (const [part, file] of Object.entries(read.files)) {
    if (file.bytes.length > 0) files[part] = { bytes: file.bytes, fileName: cleanFileName(file.name) };
  }
  await claimStreamedUploadIdempotencyKey(
    request,
    read.fields,
    Object.entries(files).map(([field, file]) => ({
      field,
      name: file.fileName,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
    })),
  );
  return { files, fields: read.fields };
}

async function readMultipart(request: FastifyRequest, maxBytes: number, parts: readonly string[], label: FileLabel) {
  if (!request.isMultipart())
    throw new AppError(415, 'Unsupported Media Type', `Send ${label.the} as multipart/form-data with a part named "${parts[0]}".`);
  const fields: Record<string, string> = {};
  const files: Record<string, { bytes: Buffer; name: string }> = {};
  const named = parts.map((p) => `"${p}"`).join(', ');
  let reading = parts[0];
  try {
    // The app's multipart limits allow one file; a request with several named parts raises it to their number (the other limits stay).
    for await (const part of request.parts({ limits: { files: parts.length } })) {
      if (part.type === 'file') {
        if (!parts.includes(part.fieldname) || files[part.fieldname])
          throw invalidField(
            `/${part.fieldname}`,
            parts.length === 1 ? 'Send one file, in the part named "file".' : `Send each file once, in a part named ${named}.`,
          );
        reading = part.fieldname;
        files[part.fieldname] = { bytes: await part.toBuffer(), name: part.filename };
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(413, 'Content Too Large', `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`, [
        { pointer: `/${reading}`, detail: 'Too large.' },
      ]);
    }
    throw error;
  }
  for (const [part, file] of Object.entries(files)) refuseUnsafeText(file.name, `/${part}`);
  return { files, fields };
}

/** Reads a document upload: one file whose contents are of an allowed type, and text fields. */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Upload> {
  const upload = await readFileUpload(request, maxBytes);
  const detected = await fileTypeFromBuffer(upload.bytes);
  if (!detected || !allowedUploadTypes[detected.mime]) {
    throw invalidField(
      '/file',
      `This file is not a ${Object.values(allowedUploadTypes).join(', ')} (its contents were checked, not its name).`,
    );
  }
  return { ...upload, mediaType: detected.mime };
}

/** The last path segment, without control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const withoutControls = base.replace(/[\u0000-\u001f\u007f"]/g, '');
  const cleaned = withoutControls.trim().slice(-200);
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : 'document';
}

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 8187). */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
