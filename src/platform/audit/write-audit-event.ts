import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { actorLabel, actorUserId, type RequestContext } from '../context.js';
import { betweenStatements, rowsPerStatementIn } from '../db/insert-many.js';
import { noPhaseClock, type PhaseClock, timed } from '../db/phase-clock.js';
import type { DB } from '../db/schema.js';
import type { AuditEntry } from './audit-events.js';
import { auditRowHashOfCanonicalChanges, canonicalJson, genesisHash } from './audit-hash.js';
import {
  type AuditRowValues,
  createAuditStage,
  insertAuditRows,
  insertAuditRowsFromStage,
  insertAuditStage,
  lockAuditChainHead,
  nextAuditSeqs,
  readAuditStage,
} from './audit-trail.repo.js';

/**
 * 21 CFR 11.10(e): writes one audit row inside the caller's transaction, so the row and the
 * change it records commit or roll back together. The advisory lock is held until commit:
 * the next writer reads this row's hash only after it is visible.
 */
export function writeAuditEvent(tx: Kysely<DB>, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  return writeAuditEvents(tx, ctx, [entry]);
}

/**
 * An audit entry with its changes already in canonical JSON: what long work (an import) keeps
 * from the moment it plans a change until it writes the trail, far smaller than the objects.
 */
export interface PreparedAuditEntry {
  entityType: AuditEntry['entityType'];
  entityId: string;
  action: AuditEntry['action'];
  /** canonicalize(changes): hashed as part of the row and stored as its jsonb. */
  changes: string | undefined;
  reason: string | null;
}

export function prepareAuditEntry(entry: AuditEntry): PreparedAuditEntry {
  return {
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    changes: canonicalJson(entry.changes),
    reason: entry.reason ?? null,
  };
}

/**
 * The rows of many changes at once, in the order given, chained exactly as writeAuditEvent
 * chains them one by one: the chain's head is locked and read once, every row's hash is
 * computed here, and the rows go in with set-based statements. Long work writes its entries
 * here once, just before it commits, so that the chain's lock (which every other audited write
 * waits for) is held only for this.
 */
export function writeAuditEvents(tx: Kysely<DB>, ctx: RequestContext, entries: readonly AuditEntry[]): Promise<void> {
  return writePreparedAuditEvents(tx, ctx, entries.map(prepareAuditEntry));
}

/** writeAuditEvents of prepared entries; between statements it yields the event loop (hashing is CPU work). */
export async function writePreparedAuditEvents(
  tx: Kysely<DB>,
  ctx: RequestContext,
  entries: readonly PreparedAuditEntry[],
  clock: PhaseClock = noPhaseClock,
): Promise<void> {
  if (!tx.isTransaction) throw new Error('writeAuditEvent must run inside a transaction');
  if (entries.length === 0) return;
  const { seqs, prevHash } = await timed(clock, 'audit lock and seqs', () => nextLinks(tx, entries.length));
  const actor = { actorUserId: actorUserId(ctx.actor), actorLabel: actorLabel(ctx.actor) };
  let hash = prevHash;
  const size = rowsPerStatementIn(tx);
  for (let start = 0; start < entries.length; start += size) {
    if (start > 0) await setImmediate();
    const hashStart = performance.now();
    const rows = entries.slice(start, start + size).map((entry, index): AuditRowValues => {
      const fields = {
        seq: seqs[start + index] as string,
        occurredAt: ctx.now().toISOString(),
        ...actor,
        entityType: entry.entityType,
        entityId: entry.entityId,
        action: entry.action,
        reason: entry.reason,
        requestId: ctx.requestId,
      };
      const link = hash;
      hash = auditRowHashOfCanonicalChanges(link, fields, entry.changes);
      return {
        seq: fields.seq,
        occurred_at: fields.occurredAt,
        actor_user_id: fields.actorUserId,
        actor_label: fields.actorLabel,
        entity_type: fields.entityType,
        entity_id: fields.entityId,
        action: fields.action,
        // JSON.stringify(undefined) was undefined too: the column's null.
        changes: entry.changes as string,
        reason: fields.reason,
        request_id: fields.requestId,
        prev_hash: link,
        hash,
      };
    });
    clock.add('audit hash', performance.now() - hashStart);
    await timed(clock, 'audit insert', () => insertAuditRows(tx, rows));
  }
  headAppendedBy.set(tx, hash);
}

/** Audit entries that long work keeps until it chains them, just before it commits. */
export interface AuditStage {
  /** Keeps the entries, in order after those kept before. */
  add(entries: readonly PreparedAuditEntry[]): Promise<void>;
  /** Chains and writes every kept entry, as writePreparedAuditEvents of them all would. */
  write(ctx: RequestContext, clock?: PhaseClock): Promise<void>;
}

/**
 * An audit stage in the transaction (a temporary table, dropped when it ends): long work (an
 * import) keeps its hundreds of thousands of entries there rather than in memory, and takes the
 * chain's lock only at the end, for write(), so that other audited writes wait for that alone.
 * write() reads the entries back in order, hashes them, and moves them from the stage to the
 * trail with set-based statements; the chain is exactly writePreparedAuditEvents'.
 */
export async function openAuditStage(tx: Kysely<DB>): Promise<AuditStage> {
  if (!tx.isTransaction) throw new Error('an audit stage must live in a transaction');
  await createAuditStage(tx);
  let staged = 0;
  /** The last entry chained: write() again chains only what was added since. */
  let afterOrd = '0';
  return {
    async add(entries) {
      const size = rowsPerStatementIn(tx);
      for (let start = 0; start < entries.length; start += size) {
        if (start > 0) await betweenStatements(tx);
        const chunk = entries.slice(start, start + size);
        await insertAuditStage(
          tx,
          staged + 1,
          chunk.map((e) => ({
            entity_type: e.entityType,
            entity_id: e.entityId,
            action: e.action,
            changes: e.changes ?? null,
            reason: e.reason,
          })),
        );
        staged += chunk.length;
      }
    },
    async write(ctx, clock = noPhaseClock) {
      if (String(staged) === afterOrd) return;
      const actor = { actorUserId: actorUserId(ctx.actor), actorLabel: actorLabel(ctx.actor) };
      const first = await timed(clock, 'audit lock and seqs', () => nextLinks(tx, 1));
      let hash = first.prevHash;
      let firstSeq: string | undefined = first.seqs[0];
      for (;;) {
        const entries = await timed(clock, 'audit stage read', () => readAuditStage(tx, afterOrd, rowsPerStatementIn(tx)));
        if (entries.length === 0) break;
        const more = firstSeq === undefined ? entries.length : entries.length - 1;
        const seqs = more > 0 ? await timed(clock, 'audit lock and seqs', () => nextAuditSeqs(tx, more)) : [];
        if (firstSeq !== undefined) seqs.unshift(firstSeq);
        firstSeq = undefined;
        const hashStart = performance.now();
        const occurredAt = ctx.now().toISOString();
        const links = { ords: [] as string[], seqs, prevHashes: [] as string[], hashes: [] as string[] };
        entries.forEach((entry, index) => {
          links.ords.push(entry.ord);
          links.prevHashes.push(hash);
          hash = auditRowHashOfCanonicalChanges(
            hash,
            {
              seq: seqs[index] as string,
              occurredAt,
              ...actor,
              entityType: entry.entity_type,
              entityId: entry.entity_id,
              action: entry.action,
              reason: entry.reason,
              requestId: ctx.requestId,
            },
            entry.changes ?? undefined,
          );
          links.hashes.push(hash);
        });
        clock.add('audit hash', performance.now() - hashStart);
        await timed(clock, 'audit insert', () => insertAuditRowsFromStage(tx, links, { occurredAt, ...actor, requestId: ctx.requestId }));
        afterOrd = entries[entries.length - 1]?.ord as string;
        await setImmediate();
      }
      headAppendedBy.set(tx, hash);
    },
  };
}

/**
 * The hash of the last row each open transaction appended. It holds the lock until it ends,
 * so that row is still the chain's head: its next rows need neither the lock nor the read
 * again (most changes write two or three rows).
 */
const headAppendedBy = new WeakMap<Kysely<DB>, string>();

/** `count` row numbers, in order, and the hash the first of them links to. */
async function nextLinks(tx: Kysely<DB>, count: number): Promise<{ seqs: string[]; prevHash: string }> {
  const appended = headAppendedBy.get(tx);
  if (appended !== undefined) return { seqs: await nextAuditSeqs(tx, count), prevHash: appended };
  const head = await lockAuditChainHead(tx);
  const more = count > 1 ? await nextAuditSeqs(tx, count - 1) : [];
  return { seqs: [head.seq, ...more], prevHash: head.hash ?? genesisHash };
}
