import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { AppError } from '../errors.js';

export const idempotencyKeyPointer = 'header:/idempotency-key';

// The draft defines the value as a Structured Field string ("…"); most clients send it bare.
// A value opening with a quote must be a whole quoted string.
const quotedKey = /^"([\x21\x23-\x5b\x5d-\x7e]{1,255})"$/;
const bareKey = /^[\x21\x23-\x7e][\x21-\x7e]{0,254}$/;

/** The Idempotency-Key of a request, undefined when it has none; a malformed one is a 400. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? undefined : header;
  const key = value === undefined ? undefined : (quotedKey.exec(value)?.[1] ?? (bareKey.test(value) ? value : undefined));
  if (key === undefined) {
    const detail = 'An Idempotency-Key is 1 to 255 visible ASCII characters, without spaces; send one per request.';
    throw new AppError(400, 'Bad Request', detail, [{ pointer: idempotencyKeyPointer, detail }]);
  }
  return key;
}

/** What makes two requests "the same": the body as JSON, or an upload's fields and file. */
export type RequestContent =
  | { json: unknown }
  | { fields: Record<string, string>; file: { name: string; bytes: Buffer } }
  | { fields: Record<string, string>; files: StreamedFile[] };

/** A file streamed to disk, known by the SHA-256 taken as it passed. */
export interface StreamedFile {
  field: string;
  name: string;
  sha256: string;
}

/**
 * SHA-256 over the method, the path with its query, and the content in canonical JSON (RFC 8785),
 * so a retry that orders keys differently, or sends an upload with a new multipart boundary, is
 * still the same request.
 */
export function requestFingerprint(method: string, url: string, content: RequestContent): string {
  const comparable =
    'json' in content
      ? { json: content.json ?? null }
      : 'files' in content
        ? { fields: content.fields, files: content.files }
        : { fields: content.fields, file: { name: content.file.name, sha256: sha256(content.file.bytes) } };
  return sha256(canonicalize({ method, url, content: comparable }) ?? '');
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
