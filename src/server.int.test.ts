import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The demo accounts' password is in the README, so the server listens on loopback unless told
 * otherwise, and says where before anything else. These tests run the real `serve` command (with
 * tsx's loader, on the sources under test) on an empty embedded database in production mode,
 * which seeds nothing; they use the embedded database whichever one the rest of the suite runs on.
 */
const repoRoot = resolve(fileURLToPath(import.meta.url), '../..');
const cli = join(repoRoot, 'src/cli/trialdesk.ts');
const slow = 120_000;

interface LogLine {
  msg: string;
  host?: string;
  port?: number;
}

const running: { child: ChildProcess; dataDir: string }[] = [];
afterEach(async () => {
  for (const { child, dataDir } of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** Starts `serve` and collects its log lines (pino writes one JSON object per line). */
function serve(extraEnv: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'trialdesk-listen-test-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    TRIALDESK_DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  if (!('HOST' in extraEnv)) delete env.HOST;
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve'], { cwd: repoRoot, env });
  running.push({ child, dataDir });
  const lines: LogLine[] = [];
  let output = '';
  let pending = '';
  const waiters: { test: (line: LogLine) => boolean; done: (line: LogLine) => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk;
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const text of complete.filter(Boolean)) {
      const line = JSON.parse(text) as LogLine;
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.test(line))) waiter.done(line);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  /** The first log line that passes `test`, or a failure with everything the server said. */
  const lineWhere = (test: (line: LogLine) => boolean) =>
    new Promise<LogLine>((done, fail) => {
      const seen = lines.find(test);
      if (seen) return done(seen);
      waiters.push({ test, done });
      child.once('exit', (code) => fail(new Error(`serve exited (${code}):\n${output}`)));
    });
  return { lines, lineWhere };
}

describe('where the server listens', () => {
  it(
    'by default on 127.0.0.1 only: the first log line says so and how to open it, the ready line gives the real address',
    async () => {
      const server = serve({});
      const first = await server.lineWhere(() => true);
      expect(first.host).toBe('127.0.0.1');
      expect(first.msg).toContain('127.0.0.1');
      expect(first.msg).toContain('HOST=0.0.0.0');

      const ready = await server.lineWhere((line) => line.msg.startsWith('Trialdesk is ready'));
      expect(server.lines[0]).toEqual(first);
      expect(ready.host).toBe('127.0.0.1');
      expect(ready.port).toBeGreaterThan(0);
      expect(ready.msg).toBe(`Trialdesk is ready at http://127.0.0.1:${ready.port}`);
      expect((await fetch(`http://127.0.0.1:${ready.port}/api/health`)).status).toBe(200);
      // Without TRIALDESK_SMTP_HOST, e-mail is off, and the start says so once.
      expect(server.lines.filter((line) => line.msg.startsWith('E-mail:')).map((line) => line.msg)).toEqual([
        expect.stringMatching(/^E-mail: off \(TRIALDESK_SMTP_HOST is not set\)\. Messages still appear in the app/),
      ]);
    },
    slow,
  );

  it(
    'HOST=0.0.0.0 opens it to the network, and the first line says that too',
    async () => {
      const server = serve({ HOST: '0.0.0.0' });
      const first = await server.lineWhere(() => true);
      expect(first.host).toBe('0.0.0.0');
      expect(first.msg).toMatch(/every network interface.*open to the network/);
    },
    slow,
  );
});
