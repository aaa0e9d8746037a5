import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { backgroundJobs } from './background-jobs.js';
import { demoPassword } from './demo/demo-portfolio.js';
import { isEmpty, seedDemo } from './demo/seed-demo.js';
import { domainModules } from './modules/index.js';
import { failUnfinishedImportJobs } from './modules/participant-import/fail-unfinished-import-jobs.js';
import { startAuditAnchorJob } from './platform/audit/audit-anchor-job.js';
import type { Config } from './platform/config.js';
import { openDatabase } from './platform/db/database.js';
import { prepareDatabase } from './platform/db/prepare-database.js';
import { configureEmail } from './platform/email/mailer.js';
import { buildApp } from './platform/http/build-app.js';
import { prepareJobQueues } from './platform/jobs/job-queue.js';
import { startJobRunner } from './platform/jobs/job-runner.js';
import { registerModules } from './platform/modules/registry.js';
import { contentStoreFromConfig } from './platform/storage/content-store-from-config.js';

export const webDir = join(dirname(fileURLToPath(import.meta.url)), '../web/dist');

/** Logs never carry passwords, session tokens or cookies (nor participant identifiers, later). */
export function createLogger(level: string) {
  return pino({
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', 'password', '*.sessionToken'],
      censor: '[redacted]',
    },
  });
}

export async function startServer(config: Config) {
  const logger = createLogger(config.logLevel);
  logger.info({ host: config.host, port: config.port }, listeningPlan(config));
  const database = await openDatabase(config);
  if (database.kind === 'embedded') {
    logger.warn(
      { database: 'embedded', dataDir: database.location },
      `Database: embedded PGlite in ${database.location}. For trying Trialdesk, demos and single-user use only, NOT for real trials (no fsync: a power cut can lose data). Set DATABASE_URL to use PostgreSQL.`,
    );
  } else {
    logger.info({ database: 'postgresql', location: database.location }, `Database: PostgreSQL at ${database.location}`);
  }
  const { applied } = await prepareDatabase(database.db);
  if (applied.length) logger.info({ applied }, `Applied ${applied.length} migration(s)`);
  // Before the demo seed: its users' permissions are the modules' (buildApp registers the same list).
  const modules = domainModules({ secureCookies: config.secureCookies });
  registerModules(modules);
  // Before the demo seed: marking a visit missed enqueues its follow-up in the same transaction.
  await prepareJobQueues(database.db, backgroundJobs);
  const contentStore = contentStoreFromConfig(config);
  // Before the demo seed and any request: a message stored from now on is e-mailed when e-mail is on.
  configureEmail(config.email);
  if (config.email) {
    logger.info(
      { smtp: { host: config.email.host, port: config.email.port, secure: config.email.secure }, publicUrl: config.email.publicUrl },
      `E-mail: on, through ${config.email.host}:${config.email.port}; links point to ${config.email.publicUrl}`,
    );
  } else {
    logger.info('E-mail: off (TRIALDESK_SMTP_HOST is not set). Messages still appear in the app, on the home page and the bell.');
  }
  logger.info(
    { documentStore: config.s3 ? 's3' : 'folder', location: contentStore.describe },
    `Documents' bytes: ${config.s3 ? 'S3-compatible storage' : 'folder'} ${contentStore.describe}`,
  );

  if (database.kind === 'embedded' && !config.production && (await isEmpty(database.db))) {
    // A first start waits for the demo before serving: say what it is doing, and for how long.
    const seedingSince = Date.now();
    const elapsed = () => `${((Date.now() - seedingSince) / 1000).toFixed(1)} s`;
    logger.info('Empty embedded database: seeding the demo portfolio');
    const { users } = await seedDemo(database.db, contentStore, undefined, ({ stage, step, of }) =>
      logger.info({ stage, step, of }, `Seeding the demo: ${stage} (${step}/${of}), ${elapsed()} so far`),
    );
    logger.info({ users }, `Demo seeded in ${elapsed()}. Demo accounts (password "${demoPassword}"): ${users.join(', ')}`);
  }

  // Before any import is accepted: one left unfinished by a stopped server never will finish.
  await mkdir(config.uploadStagingDir, { recursive: true });
  const abandonedImports = await failUnfinishedImportJobs(database.db, () => new Date(), config.uploadStagingDir);
  if (abandonedImports.length)
    logger.warn({ jobs: abandonedImports }, `${abandonedImports.length} participant import(s) left unfinished by a stop: marked failed`);

  const app = await buildApp({
    database,
    loggerInstance: logger,
    webDir,
    modules,
    allowedOrigins: config.allowedOrigins,
    contentStore,
    maxUploadBytes: config.maxUploadBytes,
    uploadStagingDir: config.uploadStagingDir,
  });
  app.addHook('onResponse', async (request, reply) => {
    logger.info(
      {
        reqId: request.id,
        method: request.method,
        // A calendar feed's URL is its secret: logs keep the route, not the token.
        url: request.url.split('?')[0]?.replace(/^\/ical\/[^/]+/, '/ical/…'),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const where = typeof address === 'object' && address ? address : { address: config.host, port: config.port };
  logger.info({ host: where.address, port: where.port }, `Trialdesk is ready at ${httpUrl(where.address, where.port)}`);
  logger.info(
    { auditAnchor: config.auditAnchor.dir, anchorKey: config.auditAnchor.key ? 'TRIALDESK_AUDIT_ANCHOR_KEY' : 'key file' },
    `Audit chain: its signed head is written to ${config.auditAnchor.dir} every minute and at shutdown`,
  );
  const auditAnchor = startAuditAnchorJob(database.db, config.auditAnchor, logger);
  // Every server works the queues; the database makes each job, and each scheduled window, run once.
  const jobs = await startJobRunner(database.db, backgroundJobs, { logger });
  logger.info({ jobs: backgroundJobs.map((job) => job.name) }, `Background jobs: ${backgroundJobs.length} queue(s) worked`);

  const stop = async (signal: string) => {
    logger.info({ signal }, 'Stopping');
    await jobs.stop();
    await app.close();
    // After the last request's audit rows, before the database goes.
    await auditAnchor.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return { app, database };
}

/** Said first, before the database opens: where the server will be reachable, and from where. */
function listeningPlan({ host, port }: Config): string {
  const at = `${host === '0.0.0.0' || host === '::' ? 'every network interface' : host}, port ${port === 0 ? 'any free one' : port}`;
  const reach = isLoopback(host)
    ? 'only this machine can connect; HOST=0.0.0.0 opens it to the network'
    : 'open to the network: anyone who can reach this machine can try the login (HOST=127.0.0.1 keeps it to this machine)';
  return `Trialdesk will listen on ${at} (${reach})`;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
