import type { FastifyReply, FastifyRequest } from 'fastify';
import { preconditionFailed, preconditionRequired } from '../errors.js';

/** A record's version, as a strong ETag. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

export function setEtag(reply: FastifyReply, record: { version: number }): void {
  reply.header('ETag', etagOf(record.version));
}

/** The version a write expects to replace: If-Match is required, and a malformed one never matches. */
export function expectedVersion(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (!header) throw preconditionRequired();
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match?.[1]) throw preconditionFailed();
  return Number(match[1]);
}
