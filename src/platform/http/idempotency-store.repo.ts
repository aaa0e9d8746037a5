import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { StoredHeaders } from '../db/schema-idempotency.js';

/** The draft leaves the lifetime to the server; a day covers any client's retries. */
export const idempotencyKeyLifetimeMs = 24 * 60 * 60 * 1000;
/**
 * A reservation this old lost its request (the process stopped mid-way): the key may be taken
 * again. Far longer than any request runs, the largest CSV import included.
 */
const abandonedAfterMs = 15 * 60 * 1000;

export interface StoredAnswer {
  status: number;
  headers: StoredHeaders;
  body: Buffer;
}

export type Claim =
  | { outcome: 'reserved'; reservedAt: Date }
  | { outcome: 'replay'; answer: StoredAnswer }
  | { outcome: 'running' }
  | { outcome: 'different-request' };

export interface KeyOwner {
  userId: string;
  key: string;
}

/**
 * Reserves the key for this request, or says what became of the first request with it. Each
 * statement commits on its own: the reservation must be visible to a concurrent retry while the
 * first request is still running.
 */
export async function claimIdempotencyKey(db: Kysely<DB>, owner: KeyOwner, fingerprint: string, now: Date): Promise<Claim> {
  const expiredBefore = new Date(now.getTime() - idempotencyKeyLifetimeMs);
  const abandonedBefore = new Date(now.getTime() - abandonedAfterMs);
  // A row can vanish between the two statements (its request failed and released it): try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const reserved = await db
      .insertInto('idempotency_keys')
      .values({ user_id: owner.userId, key: owner.key, fingerprint, created_at: now })
      .onConflict((conflict) =>
        conflict
          .columns(['user_id', 'key'])
          .doUpdateSet({
            fingerprint,
            created_at: now,
            response_status: null,
            response_headers: null,
            response_body: null,
            completed_at: null,
          })
          .where((eb) =>
            eb.or([
              eb('idempotency_keys.created_at', '<', expiredBefore),
              eb.and([eb('idempotency_keys.response_status', 'is', null), eb('idempotency_keys.created_at', '<', abandonedBefore)]),
            ]),
          ),
      )
      .returning('created_at')
      .executeTakeFirst();
    if (reserved) return { outcome: 'reserved', reservedAt: now };

    const first = await db
      .selectFrom('idempotency_keys')
      .select(['fingerprint', 'response_status', 'response_headers', 'response_body'])
      .where('user_id', '=', owner.userId)
      .where('key', '=', owner.key)
      .executeTakeFirst();
    if (!first) continue;
    if (first.fingerprint !== fingerprint) return { outcome: 'different-request' };
    if (first.response_status === null) return { outcome: 'running' };
    return {
      outcome: 'replay',
      answer: { status: first.response_status, headers: first.response_headers ?? {}, body: first.response_body ?? Buffer.alloc(0) },
    };
  }
  return { outcome: 'running' };
}

/** Keeps the successful answer of the request that holds the reservation made at `reservedAt`. */
export async function storeIdempotentAnswer(db: Kysely<DB>, owner: KeyOwner, reservedAt: Date, answer: StoredAnswer, now: Date) {
  await db
    .updateTable('idempotency_keys')
    .set({
      response_status: answer.status,
      response_headers: JSON.stringify(answer.headers),
      response_body: answer.body,
      completed_at: now,
    })
    .where('user_id', '=', owner.userId)
    .where('key', '=', owner.key)
    .where('created_at', '=', reservedAt)
    .where('response_status', 'is', null)
    .execute();
}

/** Forgets a reservation whose request failed, so that the client may retry it. */
export async function releaseIdempotencyKey(db: Kysely<DB>, owner: KeyOwner, reservedAt: Date) {
  await db
    .deleteFrom('idempotency_keys')
    .where('user_id', '=', owner.userId)
    .where('key', '=', owner.key)
    .where('created_at', '=', reservedAt)
    .where('response_status', 'is', null)
    .execute();
}

/** Deletes the keys past their lifetime; returns how many. */
export async function purgeExpiredIdempotencyKeys(db: Kysely<DB>, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', new Date(now.getTime() - idempotencyKeyLifetimeMs))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
