import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, makeUser, testPassword } from '../../../test/support/factories.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { loadActor } from '../auth/sessions.repo.js';
import type { RequestContext } from '../context.js';
import { AppError } from '../errors.js';
import { confirmSigner, type SigningSeries, startSigningSeries } from './signatures.repo.js';

/**
 * 21 CFR 11.200(a)(1)(i): after one signing with the password, a series by the same person
 * may go on with their identity alone. The series is an in-process object: it stands for the
 * password only for whoever started it, and not once their account is locked.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

async function signerContext(): Promise<RequestContext> {
  const org = await makeOrganization(t.database.db, 'site');
  const { user } = await makeUser(t.database.db, org.id, []);
  const actor = await loadActor(t.database.db, user.id);
  if (!actor) throw new Error('no actor');
  return { actor, requestId: `test:${user.id}`, now: () => new Date() };
}

async function refusal(promise: Promise<unknown>): Promise<number | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return error instanceof AppError ? error.status : undefined;
}

describe('a signing series', () => {
  it('starts only with the right password, and a wrong one counts toward the lockout', async () => {
    const ctx = await signerContext();
    expect(await refusal(startSigningSeries(t.database.db, ctx, 'not the password'))).toBe(400);
    const user = await t.database.db
      .selectFrom('users')
      .select('failed_login_count')
      .where('id', '=', ctx.actor.kind === 'user' ? ctx.actor.userId : '')
      .executeTakeFirstOrThrow();
    expect(user.failed_login_count).toBe(1);
  });

  it("stands for its signer's password, again and again", async () => {
    const ctx = await signerContext();
    const series = await startSigningSeries(t.database.db, ctx, testPassword);
    for (let i = 0; i < 3; i++) {
      const signer = await confirmSigner(t.database.db, ctx, series);
      expect(signer.id).toBe(series.userId);
    }
  });

  it('is refused for another person, and when it was not started with a password', async () => {
    const alice = await signerContext();
    const bob = await signerContext();
    const aliceSeries = await startSigningSeries(t.database.db, alice, testPassword);
    expect(await refusal(confirmSigner(t.database.db, bob, aliceSeries))).toBe(403);
    const lookAlike: SigningSeries = { userId: bob.actor.kind === 'user' ? bob.actor.userId : '' };
    expect(await refusal(confirmSigner(t.database.db, bob, lookAlike))).toBe(403);
  });

  it("is refused while the signer's account is locked", async () => {
    const ctx = await signerContext();
    const series = await startSigningSeries(t.database.db, ctx, testPassword);
    await t.database.db
      .updateTable('users')
      .set({ locked_until: new Date(Date.now() + 60_000) })
      .where('id', '=', series.userId)
      .execute();
    expect(await refusal(confirmSigner(t.database.db, ctx, series))).toBe(423);
  });
});
