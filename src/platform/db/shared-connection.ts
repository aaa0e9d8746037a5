import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { isReadOnlyStatement } from './read-only-statement.js';

/** The embedded database's one connection, shared by every request (see ADR 0014). */
export interface SharedConnection {
  /** Sessions for Kysely: a statement takes the connection for itself, a transaction from BEGIN to its end. */
  pool: PostgresPool;
  /** The bulk session: its transaction takes the connection per statement (bulk-transaction.ts). */
  bulkPool: PostgresPool;
  /** Runs `run` as bulk work: its own queries that would wait for the bulk's end fail at once instead. */
  asBulkWork<T>(run: () => Promise<T>): Promise<T>;
  /** Runs `run` whose writes are dropped (they throw SkippedBehindBulkWork) rather than wait for bulk work. */
  skippingBehindBulkWork<T>(run: () => Promise<T>): Promise<T>;
}

/** A write that would have waited for bulk work, dropped as its caller asked. */
export class SkippedBehindBulkWork extends Error {}

type Kind = 'bulk' | 'read' | 'write';
type TxStatus = 'I' | 'T' | 'E';

interface Session {
  bulk: boolean;
  /** The bulk work this session was opened from, or runs inside (AsyncLocalStorage). */
  context: Context | undefined;
}

interface Context {
  /** The context of one asBulkWork call, or of one skippingBehindBulkWork call. */
  kind: 'bulk-work' | 'skip-behind-bulk';
  outer: Context | undefined;
}

function isWithin(context: Context | undefined, predicate: (context: Context) => boolean): boolean {
  for (let at = context; at; at = at.outer) if (predicate(at)) return true;
  return false;
}

interface Waiter {
  session: Session;
  kind: Kind;
  context: Context | undefined;
  go(): void;
  fail(error: Error): void;
  timer?: NodeJS.Timeout;
}

const guestSavepoint = 'trialdesk_guest_read';

/**
 * Arbitrates PGlite's single session between requests, as a pool Kysely's PostgresDialect can
 * use. One statement runs at a time; a normal transaction keeps the connection from BEGIN to its
 * end, as a one-connection pool would. The bulk session's transaction gives the connection back
 * after each statement: between them, other sessions' plain reads run (inside that transaction,
 * wrapped in a savepoint so a failing read cannot abort it), while their transactions and
 * writes wait for the bulk's end, so nothing of theirs can commit or roll back with it.
 *
 * `waitMs` bounds a wait for the connection held by a transaction: a query on `db` inside a
 * transaction callback would otherwise wait for ever. A wait for bulk work to end has no bound
 * (the work may be long, and nobody holds the connection meanwhile); a query from inside the
 * bulk work that would wait for its end fails at once.
 */
export function sharedConnection(pglite: PGlite, waitMs = 15_000): SharedConnection {
  const client = new pg.Client(createPgConfig(pglite));
  let connected: Promise<void> | undefined;
  const contexts = new AsyncLocalStorage<Context>();
  const queue: Waiter[] = [];
  /** The session using the connection now: for one statement, or for its whole transaction. */
  let holder: Session | undefined;
  let holderInTransaction = false;
  /** The bulk session while its transaction is open, and that transaction's state. */
  let bulk: Session | undefined;
  let bulkStatus: TxStatus = 'I';
  let ended = false;
  // A broken connection fails every query that follows; unheard, the event would end the process.
  client.on('error', () => {});

  const status = (): TxStatus => (client.getTransactionStatus() as TxStatus | null) ?? 'I';

  /** 'go', or why not yet: the connection is busy, or bulk work keeps this statement out. */
  const admission = (waiter: Waiter): 'go' | 'busy' | 'behind-bulk' => {
    if (waiter.kind === 'bulk') return bulk === undefined || bulk === waiter.session ? (holder ? 'busy' : 'go') : 'behind-bulk';
    if (bulk && !(waiter.kind === 'read' && bulkStatus === 'T')) return 'behind-bulk';
    return holder ? 'busy' : 'go';
  };

  const dispatch = () => {
    for (let i = 0; i < queue.length; i++) {
      const waiter = queue[i] as Waiter;
      const verdict = admission(waiter);
      if (verdict === 'go') {
        queue.splice(i, 1);
        clearTimeout(waiter.timer);
        holder = waiter.session;
        waiter.go();
        return;
      }
      const refused = verdict === 'behind-bulk' ? refusalBehindBulk(waiter) : undefined;
      if (refused) {
        queue.splice(i, 1);
        i--;
        clearTimeout(waiter.timer);
        waiter.fail(refused);
      }
    }
  };

  const refusalBehindBulk = (waiter: Waiter): Error | undefined => {
    if (isWithin(waiter.context, (at) => at.kind === 'skip-behind-bulk')) return new SkippedBehindBulkWork('dropped: bulk work is running');
    const work = bulk?.context;
    if (work && isWithin(waiter.context, (at) => at === work)) {
      return new Error(
        'A query on `db` inside bulkTransaction work would wait for that work to end: use its `tx`, or keep the write for after it.',
      );
    }
    return undefined;
  };

  const acquire = (session: Session, kind: Kind): Promise<void> => {
    if (ended) return Promise.reject(new Error('The embedded database is closed.'));
    return new Promise<void>((go, fail) => {
      const waiter: Waiter = { session, kind, context: contexts.getStore(), go, fail };
      const arm = () => {
        waiter.timer = setTimeout(() => {
          // Waiting for bulk work is waiting for its end, not a deadlock: keep waiting.
          if (admission(waiter) === 'behind-bulk') return arm();
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          fail(
            new Error(
              `Waited ${waitMs / 1000} s for the embedded database's one connection, held by a transaction. A query on \`db\` inside a transaction callback waits for ever: use its \`tx\`.`,
            ),
          );
        }, waitMs);
        waiter.timer.unref();
      };
      arm();
      queue.push(waiter);
      dispatch();
    });
  };

  const release = () => {
    holder = undefined;
    holderInTransaction = false;
    dispatch();
  };

  const guestRead = async (text: string, values: readonly unknown[] | undefined): Promise<pg.QueryResult> => {
    await client.query(`savepoint ${guestSavepoint}`);
    try {
      const result = await client.query(text, values as unknown[] | undefined);
      await client.query(`release savepoint ${guestSavepoint}`);
      return result;
    } catch (error) {
      await client.query(`rollback to savepoint ${guestSavepoint}`);
      await client.query(`release savepoint ${guestSavepoint}`);
      throw error;
    }
  };

  const run = async (session: Session, text: string, values: readonly unknown[] | undefined): Promise<pg.QueryResult> => {
    if (holder === session && holderInTransaction) {
      try {
        return await client.query(text, values as unknown[] | undefined);
      } finally {
        if (status() === 'I') release();
      }
    }
    const kind: Kind = session.bulk ? 'bulk' : isReadOnlyStatement(text) ? 'read' : 'write';
    // PGlite runs a statement on this thread: one event-loop turn between the bulk's statements
    // lets other requests' I/O in, so their statements queue ahead of its next one.
    if (session.bulk) await nextTurn();
    await acquire(session, kind);
    const guest = kind === 'read' && bulk !== undefined;
    try {
      connected ??= client.connect().then(() => undefined);
      await connected;
      return guest ? await guestRead(text, values) : await client.query(text, values as unknown[] | undefined);
    } finally {
      const now = status();
      if (session.bulk) {
        bulk = now === 'I' ? undefined : session;
        bulkStatus = now;
        release();
      } else if (guest) {
        bulkStatus = now;
        release();
      } else if (now === 'I') {
        release();
      } else {
        holderInTransaction = true;
      }
    }
  };

  /** A session given back inside its transaction (its end failed): that transaction must not linger. */
  const closeSession = async (session: Session) => {
    if (holder === session && holderInTransaction) {
      try {
        await client.query('rollback');
      } finally {
        release();
      }
    } else if (bulk === session) {
      await acquire(session, 'bulk');
      try {
        await client.query('rollback');
      } finally {
        bulk = undefined;
        bulkStatus = 'I';
        release();
      }
    }
  };

  const open = (bulkSession: boolean): PostgresPoolClient => {
    const session: Session = { bulk: bulkSession, context: contexts.getStore() };
    return {
      query: ((text: unknown, values?: readonly unknown[]) => {
        if (typeof text !== 'string') throw new Error('Cursors are not supported on the embedded database.');
        return run(session, text, values);
      }) as unknown as PostgresPoolClient['query'],
      release: () => {
        void closeSession(session).catch(() => {});
      },
    };
  };

  const end = async () => {
    if (ended) return;
    ended = true;
    for (const waiter of queue.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.fail(new Error('The embedded database is closed.'));
    }
    if (connected) await client.end();
  };

  return {
    pool: { connect: async () => open(false), end },
    // The database closes through `pool`; the bulk Kysely's destroy must not close it twice.
    bulkPool: { connect: async () => open(true), end: async () => {} },
    asBulkWork: (runWork) => contexts.run({ kind: 'bulk-work', outer: contexts.getStore() }, runWork),
    skippingBehindBulkWork: (runWrites) => contexts.run({ kind: 'skip-behind-bulk', outer: contexts.getStore() }, runWrites),
  };
}
