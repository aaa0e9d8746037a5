import type { Socket } from 'node:net';
import { problemContentType, statusTitle } from './problem.js';

/** What the HTTP parser refuses before a request exists, by Node's error code. */
const clientErrors: Record<string, { status: number; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, detail: 'The request headers (the URL and its query string count) are too large; shorten them.' },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: { status: 413, detail: 'The chunk extensions of the body are too large.' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request took too long to arrive.' },
};
const malformed = { status: 400, detail: 'The request is not well-formed HTTP.' };

/**
 * Fastify's clientErrorHandler: errors raised by the HTTP parser never reach a route or the
 * error handler, so the problem+json answer is written to the socket here, as Node would.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, detail } = clientErrors[error.code ?? ''] ?? malformed;
  const title = statusTitle(status);
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  if (socket.writable && socket.bytesWritten === 0) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${problemContentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
