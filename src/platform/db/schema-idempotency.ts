import type { Selectable } from 'kysely';
import type { DB } from './tables.generated.js';

export type { StoredHeaders } from './column-types.js';

/** One Idempotency-Key of one user (migration 0009): reserved while running, then the 2xx answer. */
export type IdempotencyKeysTable = DB['idempotency_keys'];
export type IdempotencyKeyRow = Selectable<IdempotencyKeysTable>;
