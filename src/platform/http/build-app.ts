import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, LogController } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { authenticate, authorizeRoute, requireRoutePermission } from '../auth/route-guard.js';
import type { Actor, RequestContext } from '../context.js';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import type { ModuleManifest } from '../modules/module-manifest.js';
import { registerModules } from '../modules/registry.js';
import { type ContentStore, localContentStore } from '../storage/content-store.js';
import { answerClientError } from './client-error.js';
import { registerIdempotency, replayAnswer, StoredAnswerReplay } from './idempotency.js';
import { registerJsonBodyParser } from './json-body-parser.js';
import { sendProblem, toAppError } from './problem.js';
import { refuseUnsafeInput } from './refuse-unsafe-input.js';
import type { RoutePermission } from './route-permission.js';
import { requireSameOrigin } from './same-origin.js';
import { zodValidatorCompiler } from './validator-compiler.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every /api route declares what it needs; the app refuses to start when one does not. */
    permission?: RoutePermission;
  }
  interface FastifyInstance {
    database: Database;
    now: () => Date;
    contentStore: ContentStore;
    maxUploadBytes: number;
    /** Where uploads wait for the background job that reads them, a folder per job. */
    uploadStagingDir: string;
  }
  interface FastifyRequest {
    actor?: Actor;
    ctx: RequestContext;
    sessionToken?: string;
  }
}

export type App = FastifyInstance;

export interface AppOptions {
  database: Database;
  /** The clock; tests move it to expire sessions and lockouts. */
  now?: () => Date;
  /** Where errors are logged (pino, with secrets redacted); silent when absent, as in tests. */
  loggerInstance?: FastifyBaseLogger;
  /** The built web app, served at `/`; absent in API-only tests. */
  webDir?: string;
  /** The domain modules (src/modules/index.ts): their routes, permissions, history readers and tables. */
  modules: readonly ModuleManifest[];
  /** Where documents' bytes are kept; tests that do not say get a fresh temporary folder. */
  contentStore?: ContentStore;
  /** The largest file an upload may carry (default 25 MB). */
  maxUploadBytes?: number;
  /**
   * Where uploads wait for their background job (a folder per job, deleted when it ends); the
   * server's is in its data directory, tests that do not say get a fresh temporary folder.
   */
  uploadStagingDir?: string;
  /** Origins besides the app's own whose pages may send state-changing requests. */
  allowedOrigins?: string[];
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  registerModules(options.modules);
  const app = Fastify({
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: false }),
    // One line per request is written by the server's onResponse hook, without query strings.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: true,
    bodyLimit: 1024 * 1024,
    // Errors raised before routing (the HTTP parser's, a malformed URL) are problem+json too.
    clientErrorHandler: answerClientError,
    frameworkErrors: (error, request, reply) => sendProblem(reply, request, toAppError(error, request)),
  });
  app.decorate('database', options.database);
  app.decorate('now', options.now ?? (() => new Date()));
  app.decorate('contentStore', options.contentStore ?? localContentStore(mkdtempSync(join(tmpdir(), 'trialdesk-documents-'))));
  app.decorate('maxUploadBytes', options.maxUploadBytes ?? 25 * 1024 * 1024);
  app.decorate('uploadStagingDir', options.uploadStagingDir ?? mkdtempSync(join(tmpdir(), 'trialdesk-uploads-')));
  app.decorateRequest('actor', undefined);
  app.decorateRequest('sessionToken', undefined);
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerJsonBodyParser(app);

  // Cookies are parsed in an onRequest hook of their own, which must run before authenticate.
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: app.maxUploadBytes, files: 1, fields: 20, fieldSize: 10_000 } });
  app.addHook('onRoute', requireRoutePermission);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('X-Request-Id', request.id);
  });
  app.addHook('onRequest', requireSameOrigin(options.allowedOrigins ?? []));
  app.addHook('onRequest', authenticate);
  app.addHook('onRequest', authorizeRoute);
  registerIdempotency(app);
  app.addHook('preHandler', refuseUnsafeInput);

  app.setErrorHandler((error, request, reply) =>
    error instanceof StoredAnswerReplay
      ? replayAnswer(reply, error)
      : sendProblem(reply, request, toAppError(error as FastifyError, request)),
  );
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path.startsWith('/api') || !options.webDir || request.method !== 'GET') {
      return sendProblem(reply, request, new AppError(404, 'Not Found', `No route ${request.method} ${path}.`));
    }
    // The single-page app owns every other path: deep links load index.html.
    return reply.type('text/html').sendFile('index.html');
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Trialdesk API',
        version: '0.1.0',
        description:
          'Clinical trial operations. Log in with POST /api/auth/login; the session cookie then authorizes every call. ' +
          'Errors are RFC 9457 problem+json. Writes to versioned records need If-Match with the ETag you read.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'trialdesk_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas a module names with zod's .meta({ id }) appear under components.schemas.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
  for (const module of options.modules) for (const register of module.routes) await register(app);

  if (options.webDir && existsSync(options.webDir)) {
    await app.register(fastifyStatic, { root: options.webDir, wildcard: false, index: ['index.html'] });
  } else {
    options.webDir = undefined;
  }
  return app;
}
