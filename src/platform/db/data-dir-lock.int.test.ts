import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainModules } from '../../modules/index.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { buildApp } from '../http/build-app.js';
import { openEmbedded } from './database.js';

/**
 * Opening one PGlite directory from two processes silently corrupts it: the second process
 * must stop with a clear message and leave the data alone. These tests run the real CLI, so
 * they use the embedded database whichever database the rest of the suite runs on.
 */
const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
const cli = join(repoRoot, 'src/cli/trialdesk.ts');
// Seeding the demo in a child process (tsx compiling the CLI first) took close to two minutes
// with the other test files' workers on the same two cores.
const slow = 300_000;

let dataDir: string;
/** Audit rows in the data directory, as the last `audit verify` counted them. */
let rowsSoFar = 0;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'trialdesk-lock-test-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const lockFile = () => join(dataDir, 'trialdesk.lock');

/** The CLI's environment: the embedded database in our directory, never a DATABASE_URL from outside. */
function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TRIALDESK_DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'info', ...extra };
  delete env.DATABASE_URL;
  return env;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One CLI process (node with tsx's loader: one process, so its pid is the one in the lock file). */
function trialdesk(args: string[], input?: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: repoRoot, env: cliEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** `serve` on a free port, resolved once it is ready. */
function serve(): Promise<{ child: ChildProcess; output: () => string }> {
  return new Promise((ready, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve'], {
      cwd: repoRoot,
      env: cliEnv({ PORT: '0', HOST: '127.0.0.1' }),
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Trialdesk is ready')) ready({ child, output: () => output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`serve exited (${code}) before it was ready:\n${output}`)));
  });
}

function chainRows(run: Run): number {
  const match = /The audit chain is whole: (\d+) rows/.exec(run.stdout);
  if (!match) throw new Error(`not a whole chain:\n${run.stdout}\n${run.stderr}`);
  return Number(match[1]);
}

describe('the trialdesk command', () => {
  it('--help lists serve, migrate, seed, user and audit', async () => {
    const help = await trialdesk(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed', 'user', 'audit']) expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it(
    'seed --demo loads the demo portfolio and prints the demo accounts; audit verify finds the chain whole',
    async () => {
      const seeded = await trialdesk(['seed', '--demo']);
      expect(seeded.code, seeded.stderr).toBe(0);
      expect(seeded.stdout).toContain('Seeded the demo portfolio');
      expect(seeded.stdout).toMatch(/password "[^"]{12,}"/);
      for (const account of ['admin@demo.trialdesk.dev', 'studymanager@demo.trialdesk.dev', 'auditor@demo.trialdesk.dev']) {
        expect(seeded.stdout).toContain(account);
      }
      expect(existsSync(lockFile())).toBe(false);

      const verified = await trialdesk(['audit', 'verify']);
      expect(verified.code, verified.stderr).toBe(0);
      rowsSoFar = chainRows(verified);
      expect(rowsSoFar).toBeGreaterThan(10);
    },
    slow,
  );

  it(
    'user create --password-stdin makes a user who can log in; a short password creates nobody',
    async () => {
      const password = 'Unicode pässwörd 🔐 ok';
      const created = await trialdesk(
        [
          'user',
          'create',
          '--email',
          'cli.user@test.trialdesk.dev',
          '--name',
          'Cli User',
          '--organization',
          'northwind therapeutics',
          '--role',
          'study_manager',
          '--password-stdin',
        ],
        `${password}\n`,
      );
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toMatch(/Created cli\.user@test\.trialdesk\.dev \([0-9a-f-]{36}\) in Northwind Therapeutics as study_manager/);
      expect(created.stdout + created.stderr).not.toContain(password);

      const refused = await trialdesk(
        [
          'user',
          'create',
          '--email',
          'cli.short@test.trialdesk.dev',
          '--name',
          'Short',
          '--organization',
          'Northwind Therapeutics',
          '--password-stdin',
        ],
        'too short\n',
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/\/password: Use at least 12 characters/);

      const database = await openEmbedded({ dataDir });
      try {
        const app = await buildApp({ database, modules: domainModules({ secureCookies: false }) });
        const login = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: 'cli.user@test.trialdesk.dev', password },
        });
        expect(login.statusCode, login.body).toBe(200);
        expect(login.json()).toMatchObject({ user: { organizationName: 'Northwind Therapeutics' } });
        expect(login.json().permissions).toContain('study.create');
        const short = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: 'cli.short@test.trialdesk.dev', password: 'too short' },
        });
        expect(short.statusCode).toBe(401);
        expect(await database.db.selectFrom('users').select('id').where('email', '=', 'cli.short@test.trialdesk.dev').execute()).toEqual(
          [],
        );
        await app.close();
        const chain = await verifyAuditChain(database.db);
        expect(chain.whole).toBe(true);
        rowsSoFar = chain.rows;
      } finally {
        await database.close();
      }
    },
    slow,
  );
});

describe('one process per data directory', () => {
  it(
    'refuses a second process while this one holds the directory, and the data is intact afterwards',
    async () => {
      const database = await openEmbedded({ dataDir });
      try {
        expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
        for (const args of [['migrate'], ['audit', 'verify']]) {
          const second = await trialdesk(args);
          expect(second.code, `${args.join(' ')}: ${second.stdout}`).toBe(1);
          expect(second.stderr).toContain(`in use by another Trialdesk process (pid ${process.pid})`);
          expect(second.stderr).toContain('The data was not touched');
          // A clear message, not a crash.
          expect(second.stderr).not.toMatch(/\n\s+at /);
        }
        // The holder carries on as if nothing happened.
        const organizations = await database.db.selectFrom('organizations').select('name').execute();
        expect(organizations.map((o) => o.name)).toContain('Northwind Therapeutics');
        expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
      } finally {
        await database.close();
      }
      expect(existsSync(lockFile())).toBe(false);
      expect(chainRows(await trialdesk(['audit', 'verify']))).toBe(rowsSoFar);
    },
    slow,
  );

  it(
    'refuses a second process while a server runs, and takes over the lock of a server that was killed',
    async () => {
      const server = await serve();
      const serverPid = server.child.pid;
      try {
        expect(readFileSync(lockFile(), 'utf8')).toBe(String(serverPid));
        const second = await trialdesk(['migrate']);
        expect(second.code).toBe(1);
        expect(second.stderr).toContain(`in use by another Trialdesk process (pid ${serverPid})`);
      } finally {
        // A crash: the server never gets to remove its lock file.
        const exited = new Promise((done) => server.child.once('exit', done));
        server.child.kill('SIGKILL');
        await exited;
      }
      expect(readFileSync(lockFile(), 'utf8')).toBe(String(serverPid));

      const after = await trialdesk(['migrate']);
      expect(after.code, after.stderr).toBe(0);
      expect(after.stdout).toContain('up to date');
      expect(existsSync(lockFile())).toBe(false);
      // Whole, and nothing the server committed before the kill is lost. The server may have
      // added rows of its own: the demo seed's missed visits queue messages to the sites' teams,
      // which its background jobs send (and audit) once it runs.
      const afterKill = chainRows(await trialdesk(['audit', 'verify']));
      expect(afterKill).toBeGreaterThanOrEqual(rowsSoFar);
      rowsSoFar = afterKill;
    },
    slow,
  );

  it(
    'takes over a lock file left by a dead process or holding no pid at all',
    async () => {
      const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      const deadPid = Number(gone.stdout);
      expect(deadPid).toBeGreaterThan(0);
      for (const content of [String(deadPid), 'not a pid']) {
        writeFileSync(lockFile(), content);
        const run = await trialdesk(['audit', 'verify']);
        expect(run.code, `${content}: ${run.stderr}`).toBe(0);
        expect(chainRows(run)).toBe(rowsSoFar);
        expect(existsSync(lockFile())).toBe(false);
      }
    },
    slow,
  );
});
