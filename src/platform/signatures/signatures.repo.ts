import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { EntityType } from '../audit/audit-events.js';
import { writeAuditEvent } from '../audit/write-audit-event.js';
import { accountLocked, checkPassword } from '../auth/password-check.repo.js';
import type { RequestContext } from '../context.js';
import type { DB, UserRow } from '../db/schema.js';
import { iso } from '../db/timestamps.js';
import { forbidden, invalidField } from '../errors.js';

/** 21 CFR 11.50(a)(3): the meaning of a signature is part of it. */
export const signatureMeanings = ['approval', 'review', 'authorship', 'responsibility'] as const;
export type SignatureMeaning = (typeof signatureMeanings)[number];

export const signatureSchema = z.object({
  id: z.uuid(),
  signerUserId: z.uuid(),
  printedName: z.string(),
  meaning: z.enum(signatureMeanings),
  signedAt: z.iso.datetime(),
  contentHash: z.string().describe('SHA-256 of what was signed'),
  valid: z.boolean().describe('False when the signed content has changed since'),
});
export type Signature = z.infer<typeof signatureSchema>;

/** What a signing request carries: the password again (21 CFR 11.200(a)) and the meaning. */
export const signRequestFields = {
  password: z.string().min(1, { message: 'Enter your password to sign.' }).max(1024),
  meaning: z.enum(signatureMeanings),
};

/**
 * 21 CFR 11.200(a)(1)(i): in a series of signings during one continuous period of controlled
 * access, the first is executed with every component (the password) and the later ones with at
 * least one (the signer's identity). Only `startSigningSeries` makes one, after checking the
 * password, and it exists only inside this process: a request always carries the password, so
 * every signing over HTTP checks it again. The demo seed signs its history this way.
 */
export interface SigningSeries {
  readonly userId: string;
}
const startedSeries = new WeakSet<SigningSeries>();

/** Checks the password once for a series of signings by the same person. */
export async function startSigningSeries(db: Kysely<DB>, ctx: RequestContext, password: string): Promise<SigningSeries> {
  const signer = await confirmSigner(db, ctx, password);
  const series: SigningSeries = Object.freeze({ userId: signer.id });
  startedSeries.add(series);
  return series;
}

/**
 * Re-checks the signer's password before a signature. A wrong one is refused and counts
 * toward the lockout, like a failed login. A signing series stands for the password only for
 * the person who started it, and not while their account is locked.
 */
export async function confirmSigner(db: Kysely<DB>, ctx: RequestContext, credential: string | SigningSeries): Promise<UserRow> {
  if (ctx.actor.kind !== 'user') throw forbidden('Only a person can sign.');
  const signer = await db.selectFrom('users').selectAll().where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
  if (typeof credential !== 'string') {
    if (!startedSeries.has(credential) || credential.userId !== signer.id) throw forbidden('Sign with your own password.');
    if (signer.locked_until && new Date(signer.locked_until) > ctx.now()) throw accountLocked();
    return signer;
  }
  if (!(await checkPassword(db, ctx, signer, credential, 'signature'))) {
    throw invalidField('/password', 'The password is not right; nothing was signed.');
  }
  return signer;
}

export interface SignatureTarget {
  entityType: EntityType;
  entityId: string;
  /** SHA-256 of the signed content: a later change shows the signature as no longer valid. */
  contentHash: string;
  meaning: SignatureMeaning;
}

/** Records a signature and its audit row inside the caller's transaction. */
export async function recordSignature(tx: Kysely<DB>, ctx: RequestContext, signer: UserRow, target: SignatureTarget): Promise<Signature> {
  const row = await tx
    .insertInto('signatures')
    .values({
      entity_type: target.entityType,
      entity_id: target.entityId,
      signer_user_id: signer.id,
      printed_name: signer.full_name,
      meaning: target.meaning,
      signed_at: ctx.now(),
      content_hash: target.contentHash,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAuditEvent(tx, ctx, {
    entityType: target.entityType,
    entityId: target.entityId,
    action: 'sign',
    changes: [
      { field: 'signature', old: null, new: { printedName: signer.full_name, meaning: target.meaning, contentHash: target.contentHash } },
    ],
  });
  return toSignature(row, target.contentHash);
}

type SignatureRow = Awaited<ReturnType<typeof findSignatures>>[number];

/** The signatures of some records, oldest first. */
export function findSignatures(db: Kysely<DB>, entityType: EntityType, entityIds: string[]) {
  if (entityIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('signatures')
    .selectAll()
    .where('entity_type', '=', entityType)
    .where('entity_id', 'in', entityIds)
    .orderBy('signed_at')
    .execute();
}

/** A signature is valid while the record still hashes to what was signed. */
export function toSignature(row: SignatureRow, currentContentHash: string): Signature {
  return {
    id: row.id,
    signerUserId: row.signer_user_id,
    printedName: row.printed_name,
    meaning: row.meaning as SignatureMeaning,
    signedAt: iso(row.signed_at),
    contentHash: row.content_hash,
    valid: row.content_hash === currentContentHash,
  };
}
