import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { invalidField } from '../errors.js';

/**
 * Our JSON body parser, in place of Fastify's: an empty body is no body (so a route whose body
 * is optional accepts a POST with nothing), and bytes that are not UTF-8 are refused instead of
 * silently becoming U+FFFD. The parsing itself stays Fastify's, with its protection against
 * __proto__ and constructor poisoning.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (bytes.length === 0) return done(null, undefined);
    if (!isUtf8(bytes)) return done(invalidField('', 'The body is not valid UTF-8.'), undefined);
    parseJson(request, bytes.toString('utf8'), done);
  });
}
