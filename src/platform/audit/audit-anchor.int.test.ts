import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { makeOrganization, makeTenant, makeUser } from '../../../test/support/factories.js';
import { dropPostgresDatabase, recreatePostgresDatabase } from '../../../test/support/postgres.js';
import type { AuditAnchorConfig } from '../config.js';
import { openEmbedded, openPostgres } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { DB } from '../db/schema.js';
import { AuditAnchorRefusedError, anchorFilePath, signAnchor } from './audit-anchor-file.js';
import { AuditAnchorBreachError, writeAuditAnchor } from './write-audit-anchor.js';

/**
 * Someone with database access can delete the newest audit rows: what is left still links up.
 * The signed head written outside the database shows it. These tests run the real `serve` and
 * `audit verify` on a database of their own (PostgreSQL when the suite runs on it, else an
 * embedded data directory), with the anchor in a temporary directory, and delete rows with SQL
 * as an attacker would.
 */
const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
const cli = join(repoRoot, 'src/cli/trialdesk.ts');
const slow = 180_000;

interface Target {
  dataDir: string;
  anchor: AuditAnchorConfig;
  /** The CLI's environment for this database. */
  env: NodeJS.ProcessEnv;
  /** Opens the database for `work` and closes it again: the embedded one admits one process at a time. */
  withDb<T>(work: (db: Kysely<DB>) => Promise<T>): Promise<T>;
  discard(): Promise<void>;
}

const targets: Target[] = [];
afterEach(async () => {
  for (const target of targets.splice(0)) await target.discard();
});

async function newTarget(anchorKey?: string): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trialdesk-anchor-test-'));
  const anchor: AuditAnchorConfig = { dir: join(dataDir, 'audit-anchor'), ...(anchorKey ? { key: anchorKey } : {}) };
  const env: NodeJS.ProcessEnv = { ...process.env, TRIALDESK_DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  delete env.TRIALDESK_AUDIT_ANCHOR_DIR;
  delete env.TRIALDESK_AUDIT_ANCHOR_KEY;
  if (anchorKey) env.TRIALDESK_AUDIT_ANCHOR_KEY = anchorKey;
  let target: Target;
  if (inject('databaseKind') === 'postgresql') {
    const url = new URL(inject('databaseSource'));
    url.pathname = `${url.pathname}_anchor_${randomUUID().slice(0, 8)}`;
    await recreatePostgresDatabase(url.toString());
    env.DATABASE_URL = url.toString();
    const withDb = async <T>(work: (db: Kysely<DB>) => Promise<T>) => {
      const database = openPostgres(url.toString(), 4);
      try {
        return await work(database.db);
      } finally {
        await database.close();
      }
    };
    await withDb((db) => migrateToLatest(db));
    target = { dataDir, anchor, env, withDb, discard: () => dropPostgresDatabase(url.toString()) };
  } else {
    // The run's migrated template, copied into a data directory of its own as `serve` would find it.
    const first = await openEmbedded({ dataDir, loadDataDir: new Blob([readFileSync(inject('databaseSource'))]) });
    await first.close();
    const withDb = async <T>(work: (db: Kysely<DB>) => Promise<T>) => {
      const database = await openEmbedded({ dataDir });
      try {
        return await work(database.db);
      } finally {
        await database.close();
      }
    };
    target = { dataDir, anchor, env, withDb, discard: async () => undefined };
  }
  const discardDatabase = target.discard;
  target.discard = async () => {
    await discardDatabase();
    rmSync(dataDir, { recursive: true, force: true });
  };
  targets.push(target);
  return target;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function trialdesk(target: Target, args: string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: repoRoot, env: target.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end();
  });
}

/** `serve` on a free port, resolved with its address once it is ready. */
function serve(target: Target): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  return new Promise((ready, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve'], {
      cwd: repoRoot,
      env: { ...target.env, PORT: '0', HOST: '127.0.0.1' },
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Trialdesk is ready at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) ready({ child, port: Number(match[1]), output: () => output });
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`serve exited (${code}) before it was ready:\n${output}`)));
  });
}

/** What an attacker with database access could do: switch the guard off, change, switch it on. */
async function behindTheAppsBack(db: Kysely<DB>, statement: ReturnType<typeof sql>) {
  await db.transaction().execute(async (tx) => {
    await sql`alter table audit_events disable trigger user`.execute(tx);
    await statement.execute(tx);
    await sql`alter table audit_events enable trigger user`.execute(tx);
  });
}

const newestRows = (db: Kysely<DB>, count: number) =>
  db.selectFrom('audit_events').select(['seq', 'hash', 'action']).orderBy('seq', 'desc').limit(count).execute();

const anchorFile = (target: Target) => readFileSync(anchorFilePath(target.anchor), 'utf8');

describe('the audit anchor', () => {
  it(
    "serve anchors the chain's head in the data directory, and again at shutdown after its last request",
    async () => {
      const target = await newTarget();
      const { user } = await target.withDb(async (db) => makeUser(db, (await makeOrganization(db, 'sponsor')).id, []));
      const server = await serve(target);
      let exitCode: number | null = null;
      try {
        // A wrong password is audited: the server's last row, after the anchor it wrote at start.
        const login = await fetch(`http://127.0.0.1:${server.port}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: user.email, password: 'not the password at all' }),
        });
        expect(login.status).toBe(401);
      } finally {
        const exited = new Promise<number | null>((done) => server.child.once('exit', done));
        server.child.kill('SIGTERM');
        exitCode = await exited;
      }
      expect(exitCode, server.output()).toBe(0);
      expect(server.output()).toContain('Audit chain anchored at shutdown');

      const [newest] = await target.withDb((db) => newestRows(db, 1));
      expect(newest?.action).toBe('login_failed');
      const anchor = JSON.parse(anchorFile(target));
      expect(anchor).toMatchObject({ format: 'trialdesk-audit-anchor/1', seq: newest?.seq, hash: newest?.hash });
      expect(existsSync(join(target.dataDir, 'audit-anchor', 'anchor.key'))).toBe(true);

      const verified = await trialdesk(target, ['audit', 'verify']);
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);
      expect(verified.stdout).toContain(`It holds the anchored head: row ${newest?.seq} (${anchor.rows} rows`);
    },
    slow,
  );

  it(
    'audit verify passes while the database holds the anchored head, and names the anchor it checked',
    async () => {
      const key = randomBytes(32).toString('base64');
      const target = await newTarget(key);
      const rows = await target.withDb(async (db) => {
        await makeTenant(db);
        return db.selectFrom('audit_events').select('seq').execute();
      });

      const before = await trialdesk(target, ['audit', 'verify']);
      expect(before.code, before.stderr).toBe(0);
      expect(before.stdout).toContain('No audit anchor at');

      const written = await target.withDb((db) => writeAuditAnchor(db, target.anchor, new Date('2027-03-01T09:30:00Z')));
      expect(written?.anchor.rows).toBe(rows.length);
      // The key came from the environment: none was written beside the anchor.
      expect(existsSync(join(target.anchor.dir, 'anchor.key'))).toBe(false);

      const verified = await trialdesk(target, ['audit', 'verify']);
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);
      expect(verified.stdout).toContain(`The audit chain is whole: ${rows.length} rows`);
      expect(verified.stdout).toContain(
        `It holds the anchored head: row ${written?.anchor.seq} (${rows.length} rows, hash ${written?.anchor.hash}), anchored at 2027-03-01T09:30:00.000Z in ${anchorFilePath(target.anchor)}.`,
      );
    },
    slow,
  );

  it(
    'audit verify fails when the newest rows are deleted, naming how many and which, even after the chain went on; the anchor is never moved back',
    async () => {
      const target = await newTarget();
      const deleted = await target.withDb(async (db) => {
        await makeTenant(db);
        await writeAuditAnchor(db, target.anchor);
        const newest = await newestRows(db, 2);
        await behindTheAppsBack(db, sql`delete from audit_events where seq >= ${newest[1]?.seq}`);
        return newest;
      });
      const anchored = JSON.parse(anchorFile(target));
      expect(anchored.seq).toBe(deleted[0]?.seq);

      const verified = await trialdesk(target, ['audit', 'verify']);
      expect(verified.code).toBe(2);
      // The chain alone finds nothing wrong: what is left still links up.
      expect(verified.stdout).toContain(`The audit chain is whole: ${anchored.rows - 2} rows`);
      expect(verified.stdout).toContain(
        `The audit trail is MISSING ROWS: 2 of the ${anchored.rows} rows anchored at ${anchored.anchoredAt} are missing, among them row ${anchored.seq}, the chain's head then (the database's newest row is `,
      );

      // New rows link to what is left, so the chain is whole again: the anchor still finds the gap,
      // and the writer refuses to move the anchor past it.
      await target.withDb(async (db) => {
        await makeOrganization(db, 'cro');
        await expect(writeAuditAnchor(db, target.anchor)).rejects.toThrow(AuditAnchorBreachError);
      });
      expect(JSON.parse(anchorFile(target))).toEqual(anchored);
      const later = await trialdesk(target, ['audit', 'verify']);
      expect(later.code).toBe(2);
      expect(later.stdout).toContain('The audit chain is whole');
      expect(later.stdout).toContain(
        `2 of the ${anchored.rows} rows anchored at ${anchored.anchoredAt} are missing, among them row ${anchored.seq}`,
      );
    },
    slow,
  );

  it(
    'audit verify refuses an anchor whose signature does not match: altered to an earlier head, or signed with another key',
    async () => {
      const target = await newTarget();
      const earlier = await target.withDb(async (db) => {
        await makeTenant(db);
        await writeAuditAnchor(db, target.anchor);
        return (await newestRows(db, 3))[2];
      });
      const genuine = JSON.parse(anchorFile(target));

      // Pointing the anchor at an earlier row would hide the deletion of the rows after it.
      writeFileSync(
        anchorFilePath(target.anchor),
        JSON.stringify({ ...genuine, seq: earlier?.seq, hash: earlier?.hash, rows: genuine.rows - 2 }),
      );
      const altered = await trialdesk(target, ['audit', 'verify']);
      expect(altered.code).toBe(2);
      expect(altered.stdout).toContain('The audit anchor is REFUSED.');
      expect(altered.stdout).toContain('has a signature that does not match: it was altered after it was signed');

      const forged = signAnchor(randomBytes(32), {
        seq: earlier?.seq ?? '',
        hash: earlier?.hash ?? '',
        rows: genuine.rows - 2,
        anchoredAt: genuine.anchoredAt,
      });
      writeFileSync(anchorFilePath(target.anchor), JSON.stringify(forged));
      const otherKey = await trialdesk(target, ['audit', 'verify']);
      expect(otherKey.code).toBe(2);
      expect(otherKey.stdout).toContain(`it names another signing key (${forged.keyId}; this key is ${genuine.keyId})`);

      // The writer keeps a refused anchor as evidence rather than replace it.
      await target.withDb((db) => expect(writeAuditAnchor(db, target.anchor)).rejects.toThrow(AuditAnchorRefusedError));
      expect(JSON.parse(anchorFile(target))).toEqual(forged);
    },
    slow,
  );
});
