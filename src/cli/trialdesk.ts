#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { backgroundJobs } from '../background-jobs.js';
import { demoPassword } from '../demo/demo-portfolio.js';
import { isEmpty, seedDemo } from '../demo/seed-demo.js';
import { domainModules } from '../modules/index.js';
import { findVisibleOrganizationByName } from '../modules/organizations/organization.repo.js';
import { createUser } from '../modules/users/create-user.js';
import { grantRole } from '../modules/users/grant-role.js';
import { detectMissedVisits } from '../modules/visits/detect-missed-visits.js';
import { verifyAuditAnchor } from '../platform/audit/verify-audit-anchor.js';
import { verifyAuditChain } from '../platform/audit/verify-audit-chain.js';
import { type Role, roles } from '../platform/auth/roles.js';
import { loadConfig } from '../platform/config.js';
import { systemContext } from '../platform/context.js';
import { DataDirLockedError } from '../platform/db/data-dir-lock.js';
import { openDatabase } from '../platform/db/database.js';
import { prepareDatabase } from '../platform/db/prepare-database.js';
import { AppError } from '../platform/errors.js';
import { prepareJobQueues } from '../platform/jobs/job-queue.js';
import { registerModules } from '../platform/modules/registry.js';
import { contentStoreFromConfig } from '../platform/storage/content-store-from-config.js';
import { startServer } from '../server.js';
import { refuseUnsafeOptions } from './cli-input.js';
import { describeAnchorReport } from './describe-anchor-report.js';
import { readPassword } from './read-password.js';

// The CLI is a composition root: its commands check permissions as the modules declare them.
// (serve registers the list again with the configured cookie setting.)
registerModules(domainModules({ secureCookies: false }));

const program = new Command()
  .name('trialdesk')
  .description(
    'Trialdesk: clinical trial operations.\nDatabase: PostgreSQL when DATABASE_URL is set, else the embedded one in TRIALDESK_DATA_DIR (default ./data).',
  )
  .showHelpAfterError();

async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const database = await openDatabase(loadConfig());
  try {
    await prepareDatabase(database.db);
    await prepareJobQueues(database.db, backgroundJobs);
    return await work(database);
  } finally {
    await database.close();
  }
}

program
  .command('serve')
  .description('Serve the API and the web app (PORT, default 3000; HOST, default 127.0.0.1: this machine only)')
  .option('-p, --port <port>', 'port to listen on (overrides PORT)')
  .action(async (options: { port?: string }) => {
    await startServer(loadConfig({ ...process.env, ...(options.port ? { PORT: options.port } : {}) }));
  });

program
  .command('detect-missed-visits')
  .description("Mark missed the scheduled visits whose window closed before their site's today, each with a protocol deviation")
  .action(async () => {
    await withDatabase(async ({ db }) => {
      const now = new Date();
      const result = await detectMissedVisits(
        db,
        systemContext('cli', () => now),
        now,
      );
      console.log(`Marked ${result.missed} visit(s) missed; ${result.deviationsCreated} deviation(s) created.`);
    });
  });

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(async () => {
    const database = await openDatabase(loadConfig());
    try {
      const { applied } = await prepareDatabase(database.db);
      await prepareJobQueues(database.db, backgroundJobs);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    } finally {
      await database.close();
    }
  });

program
  .command('seed')
  .description('Load data into an empty database')
  .requiredOption('--demo', 'the demo portfolio (sponsors, CRO, SMO, 8 sites, 4 studies, demo users)')
  .action(async () => {
    const config = loadConfig();
    if (config.production) throw new AppError(400, 'Refused', 'Demo data is never seeded when NODE_ENV=production.');
    await withDatabase(async ({ db }) => {
      if (!(await isEmpty(db))) {
        console.log('The database has data already; nothing seeded.');
        return;
      }
      const { users } = await seedDemo(db, contentStoreFromConfig(config));
      console.log(`Seeded the demo portfolio. Accounts (password "${demoPassword}"):\n  ${users.join('\n  ')}`);
    });
  });

const user = program.command('user').description('Manage user accounts');
user
  .command('create')
  .description('Create a user; the password is asked for, or read from stdin with --password-stdin')
  .requiredOption('--email <email>', 'login e-mail')
  .requiredOption('--name <name>', 'full name, as printed on signatures')
  .requiredOption('--organization <name>', 'name of an existing organization')
  .option('--role <role>', `grant a role at the organization (or platform_admin on the platform): ${roles.join(', ')}`, (value) => {
    if (!roles.includes(value as Role)) throw new InvalidArgumentError(`Not a role. Use one of: ${roles.join(', ')}`);
    return value as Role;
  })
  .option('--password-stdin', 'read the password from standard input')
  .action(async (options: { email: string; name: string; organization: string; role?: Role; passwordStdin?: boolean }) => {
    refuseUnsafeOptions({ email: options.email, name: options.name, organization: options.organization });
    const password = await readPassword(Boolean(options.passwordStdin));
    await withDatabase(async ({ db }) => {
      const ctx = systemContext('cli');
      const organization = await findVisibleOrganizationByName(db, ctx, options.organization);
      if (!organization) throw new AppError(400, 'Bad Request', `No organization is named "${options.organization}".`);
      const created = await createUser(db, ctx, {
        email: options.email,
        fullName: options.name,
        organizationId: organization.id,
        password,
      });
      if (options.role) {
        const platform = options.role === 'platform_admin';
        await grantRole(db, ctx, created.id, {
          role: options.role,
          scopeType: platform ? 'platform' : 'organization',
          scopeId: platform ? null : organization.id,
        });
      }
      console.log(`Created ${created.email} (${created.id}) in ${organization.name}${options.role ? ` as ${options.role}` : ''}.`);
    });
  });

const audit = program.command('audit').description('The audit trail');
audit
  .command('verify')
  .description(
    'Walk the hash chain and report the first broken link, or that the chain is whole; then check that it still holds the head last anchored outside the database',
  )
  .action(async () => {
    const config = loadConfig();
    await withDatabase(async ({ db }) => {
      const report = await verifyAuditChain(db, (rows) => process.stderr.write(`\rChecked ${rows} rows…`));
      process.stderr.write('\n');
      if (report.whole) {
        console.log(`The audit chain is whole: ${report.rows} rows, last hash ${report.lastHash}.`);
      } else {
        console.log(`The audit chain is BROKEN at row ${report.brokenAtSeq}: ${report.problem}. ${report.rows} rows before it are intact.`);
        process.exitCode = 2;
      }
      const anchor = await verifyAuditAnchor(db, config.auditAnchor);
      console.log(describeAnchorReport(anchor));
      if (anchor.status === 'refused' || anchor.status === 'breached') process.exitCode = 2;
    });
  });

program.parseAsync().catch((error: unknown) => {
  if (error instanceof DataDirLockedError) {
    console.error(error.message);
  } else if (error instanceof AppError) {
    const fields = error.errors.map((e) => `\n  ${e.pointer || '(body)'}: ${e.detail}`).join('');
    console.error(`${error.message}${fields}`);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
