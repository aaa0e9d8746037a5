import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { DB } from '../../src/platform/db/schema.js';
import type { Response } from './test-app.js';

/** Stack frames, source paths or driver messages must never reach a client. */
export function expectNoInternals(text: string) {
  expect(text).not.toMatch(/\bat [^\n]*\(?[^\n]*:\d+:\d+\)?/);
  expect(text).not.toMatch(/node_modules|\.ts:\d+|\.js:\d+|\/work\/|\/src\//);
  expect(text).not.toMatch(/"stack"|ZodError|syntax error at or near|invalid input syntax/i);
}

/** An RFC 9457 problem with this status, naming at least these pointers; returns the parsed body. */
export function expectProblem(response: Pick<Response, 'statusCode' | 'headers' | 'body'>, status: number, pointers: string[] = []) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(response.body);
  expect(body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  expectNoInternals(response.body);
  if (pointers.length) {
    const found = (body.errors ?? []).map((e: { pointer: string }) => e.pointer);
    for (const pointer of pointers) expect(found, response.body).toContain(pointer);
  }
  return body;
}

export async function auditRowsBy(db: Kysely<DB>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('actor_user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Runs refused calls and proves the actor wrote nothing: no audit row, hence no change (writes audit in the same transaction). */
export async function refusedWithoutChange(db: Kysely<DB>, userId: string, calls: (() => Promise<void>)[]) {
  const before = await auditRowsBy(db, userId);
  for (const call of calls) await call();
  expect(await auditRowsBy(db, userId)).toBe(before);
}
