import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/** Methods that change nothing (RFC 9110 safe methods); every other one is checked. */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request that a browser sent from another origin (CSRF).
 *
 * The session cookie's SameSite=Strict is not enough: "site" ignores the port and subdomains,
 * so a page on another port of the same host is same-site and its form POSTs carry the cookie.
 * The Origin header is what browsers send on every such request and pages cannot forge it; the
 * app's own origin is the one the request was addressed to (protocol and Host, from the
 * proxy's X-Forwarded-* headers: trustProxy is on), plus the configured `allowedOrigins` for a
 * web app served elsewhere. Without Origin, Sec-Fetch-Site (also set by the browser) decides.
 *
 * A request with neither header passes: browsers always send one of them on a cross-origin
 * write, so such a request comes from curl, the CLI or another server, which hold the session
 * cookie only if its owner gave it to them; refusing them would protect nobody.
 */
export function requireSameOrigin(allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins);
  return async function sameOrigin(request: FastifyRequest): Promise<void> {
    if (safeMethods.has(request.method)) return;
    const origin = request.headers.origin;
    if (origin !== undefined) {
      const sent = asOrigin(origin);
      if (sent !== undefined && (sent === ownOrigin(request) || allowed.has(sent))) return;
      throw crossOrigin(
        'headers:/origin',
        `Requests that change data are accepted only from this app's own pages, not from ${sent ?? 'an opaque origin'}.`,
      );
    }
    const site = request.headers['sec-fetch-site'];
    if (site === undefined || site === 'same-origin' || site === 'none') return;
    throw crossOrigin('headers:/sec-fetch-site', "Requests that change data are accepted only from this app's own pages.");
  };
}

/** The origin the request was addressed to, as a browser would write it in Origin. */
function ownOrigin(request: FastifyRequest): string | undefined {
  return asOrigin(`${String(request.protocol).toLowerCase()}://${request.host}`);
}

/** Origins compare in their serialized form (lower case, no default port); "null" and garbage match nothing. */
function asOrigin(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const origin = new URL(value).origin;
  return origin === 'null' ? undefined : origin;
}

function crossOrigin(pointer: string, detail: string): AppError {
  return new AppError(403, 'Forbidden', detail, [{ pointer, detail: 'Not this application.' }]);
}
