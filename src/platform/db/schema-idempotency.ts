import type { Selectable } from 'kysely';
import type { Json, Timestamp } from './column-types.js';

/** The answer headers a replay repeats (lower-case names). */
export type StoredHeaders = Record<string, string>;

/** One Idempotency-Key of one user (migration 0009): reserved while running, then the 2xx answer. */
export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  fingerprint: string;
  created_at: Timestamp;
  response_status: number | null;
  response_headers: Json<StoredHeaders> | null;
  response_body: Buffer | null;
  completed_at: Timestamp | null;
}

export type IdempotencyKeyRow = Selectable<IdempotencyKeysTable>;
