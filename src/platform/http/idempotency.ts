import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, conflict } from '../errors.js';
import {
  idempotencyKeyPointer,
  parseIdempotencyKey,
  type RequestContent,
  requestFingerprint,
  type StreamedFile,
} from './idempotency-key.js';
import {
  claimIdempotencyKey,
  type KeyOwner,
  releaseIdempotencyKey,
  type StoredAnswer,
  storeIdempotentAnswer,
} from './idempotency-store.repo.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's Idempotency-Key; `reservedAt` once this request holds it. */
    idempotency?: KeyOwner & { reservedAt?: Date };
  }
}

/** The answer headers a replay repeats: what a client reads from a create. */
const replayedHeaders = ['content-type', 'etag', 'location'];
/** Tells the client that it got the first request's answer again (Stripe's name, widely copied). */
export const replayHeader = 'idempotent-replayed';

/**
 * Idempotency-Key on every POST of a logged-in user (IETF draft "The Idempotency-Key HTTP
 * Header Field"): the first request reserves the key; its 2xx answer is kept for 24 hours and
 * replayed to a retry without running the handler; a failed one releases the key.
 */
export function registerIdempotency(app: FastifyInstance): void {
  app.decorateRequest('idempotency', undefined);
  app.addHook('preValidation', takeIdempotencyKey);
  app.addHook('onSend', keepOrReleaseKey);
}

/** Thrown instead of running the handler; the error handler sends it with `replayAnswer`. */
export class StoredAnswerReplay extends Error {
  constructor(readonly answer: StoredAnswer) {
    super('Idempotent replay');
  }
}

export function replayAnswer(reply: FastifyReply, { answer }: StoredAnswerReplay) {
  return reply.code(answer.status).headers(answer.headers).header(replayHeader, 'true').send(answer.body);
}

async function takeIdempotencyKey(request: FastifyRequest): Promise<void> {
  const permission = request.routeOptions.config?.permission;
  // Public routes (logging in) set cookies, which are never stored nor replayed.
  if (request.method !== 'POST' || !request.actor || !permission || permission === 'public') return;
  const key = parseIdempotencyKey(request.headers['idempotency-key']);
  if (key === undefined) return;
  request.idempotency = { userId: request.actor.userId, key };
  // A multipart body is unread until the handler streams it: readUpload claims the key then.
  if (request.isMultipart()) return;
  await claimFor(request, { json: request.body });
}

/** readUpload's hook: an upload is fingerprinted by its fields and its file's bytes. */
export async function claimUploadIdempotencyKey(
  request: FastifyRequest,
  fields: Record<string, string>,
  file: { name: string; bytes: Buffer },
) {
  if (!request.idempotency || request.idempotency.reservedAt) return;
  await claimFor(request, { fields, file });
}

/** For uploads streamed to disk: fingerprinted by their fields and their files' hashes, taken as they passed. */
export async function claimStreamedUploadIdempotencyKey(request: FastifyRequest, fields: Record<string, string>, files: StreamedFile[]) {
  if (!request.idempotency || request.idempotency.reservedAt) return;
  await claimFor(request, { fields, files });
}

async function claimFor(request: FastifyRequest, content: RequestContent): Promise<void> {
  const owner = request.idempotency;
  if (!owner) return;
  const fingerprint = requestFingerprint(request.method, request.url, content);
  const now = request.server.now();
  const claim = await claimIdempotencyKey(request.server.database.db, owner, fingerprint, now);
  if (claim.outcome === 'reserved') {
    owner.reservedAt = claim.reservedAt;
    return;
  }
  if (claim.outcome === 'replay') throw new StoredAnswerReplay(claim.answer);
  if (claim.outcome === 'running') {
    throw conflict('A request with this Idempotency-Key is still running; retry when it has answered.', [
      { pointer: idempotencyKeyPointer, detail: 'In use by a request that has not answered yet.' },
    ]);
  }
  const detail = 'This Idempotency-Key was used for a different request; use a new key for a new request.';
  throw new AppError(422, 'Unprocessable Content', detail, [{ pointer: idempotencyKeyPointer, detail }]);
}

async function keepOrReleaseKey(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  const owner = request.idempotency;
  if (!owner?.reservedAt) return payload;
  const { db } = request.server.database;
  const body = payload == null ? Buffer.alloc(0) : typeof payload === 'string' ? Buffer.from(payload) : payload;
  // Only a success is kept: after a failure the client must be able to correct and retry. An
  // answer marked no-store (a secret shown once) is never written down, nor is a stream.
  const keep =
    reply.statusCode >= 200 &&
    reply.statusCode < 300 &&
    Buffer.isBuffer(body) &&
    !String(reply.getHeader('cache-control')).includes('no-store');
  try {
    if (keep) {
      const answer: StoredAnswer = { status: reply.statusCode, headers: headersToReplay(reply), body };
      await storeIdempotentAnswer(db, owner, owner.reservedAt, answer, request.server.now());
    } else {
      await releaseIdempotencyKey(db, owner, owner.reservedAt);
    }
  } catch (error) {
    // The change has committed: the client gets its answer; only a retry's replay is lost.
    request.log.error({ err: error }, 'could not record the Idempotency-Key answer');
  }
  return payload;
}

function headersToReplay(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of replayedHeaders) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return headers;
}
