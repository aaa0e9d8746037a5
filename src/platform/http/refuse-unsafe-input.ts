import type { FastifyRequest } from 'fastify';
import { invalidField } from '../errors.js';
import { pointerToken, refuseUnsafeText, type UnsafeText } from './safe-text.js';

/**
 * The one gate for text arriving through routes: params, query string and JSON body of every
 * route, public ones included, are refused with 400 naming the field when they hold text the
 * database cannot store. It runs as a preHandler, after the contracts, so a route that can say
 * more (the CSV import names the row and column) may check first in its own preValidation hook.
 */
export async function refuseUnsafeInput(request: FastifyRequest): Promise<void> {
  if (request.is404) return;
  refuseUnsafeText(request.params, 'params:');
  const badBytes = findNonUtf8QueryBytes(request.url);
  if (badBytes) throw invalidField(badBytes.pointer, badBytes.detail);
  refuseUnsafeText(request.query, 'querystring:');
  refuseUnsafeText(request.body);
}

const nonUtf8 = 'Not valid UTF-8 once percent-decoded; encode the text as UTF-8.';

/**
 * The query parser keeps bytes that are not UTF-8 as escapes or turns them into U+FFFD, so the
 * value used is not the value sent: find them in the raw query string, naming the parameter.
 */
export function findNonUtf8QueryBytes(url: string): UnsafeText | undefined {
  const start = url.indexOf('?');
  if (start < 0 || !url.includes('%', start)) return undefined;
  for (const pair of url.slice(start + 1).split('&')) {
    const equals = pair.indexOf('=');
    const rawKey = equals < 0 ? pair : pair.slice(0, equals);
    const key = percentDecode(rawKey);
    if (key === undefined) return { pointer: `querystring:/${pointerToken(rawKey)}`, detail: `Parameter name: ${nonUtf8}` };
    if (equals >= 0 && percentDecode(pair.slice(equals + 1)) === undefined) {
      return { pointer: `querystring:/${pointerToken(key)}`, detail: nonUtf8 };
    }
  }
  return undefined;
}

/** Undefined when the escapes decode to bytes that are not UTF-8; a stray '%' is left as it is, as the query parser does. */
function percentDecode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' ').replace(/%(?![0-9a-fA-F]{2})/g, '%25'));
  } catch {
    return undefined;
  }
}
