import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import type { AuditAnchorConfig } from '../config.js';

/**
 * The signed head of the audit chain, kept outside the database (docs/decisions/0010): the
 * chain proves every row up to its head, the anchor proves where the head was.
 */
export const anchorFormat = 'trialdesk-audit-anchor/1';

/** The chain as it stood at `anchoredAt`: its newest row was `seq`, with `hash`, the chain's `rows`th row. */
export interface AnchoredHead {
  seq: string;
  hash: string;
  rows: number;
  anchoredAt: string;
}

const anchorSchema = z.object({
  format: z.literal(anchorFormat),
  seq: z.string().regex(/^[1-9][0-9]{0,18}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  rows: z.number().int().positive(),
  anchoredAt: z.iso.datetime(),
  keyId: z.string(),
  signature: z.string(),
});

export type AuditAnchor = z.infer<typeof anchorSchema>;

/** The anchor file is present but cannot be trusted: altered, signed with another key, or unreadable. */
export class AuditAnchorRefusedError extends Error {}

export const anchorFilePath = (config: AuditAnchorConfig) => join(config.dir, 'head.json');
const keyFilePath = (config: AuditAnchorConfig) => join(config.dir, 'anchor.key');

/** The signing key: the configured secret, else the key file; undefined when neither exists yet. */
export async function readAnchorKey(config: AuditAnchorConfig): Promise<Buffer | undefined> {
  if (config.key !== undefined) return Buffer.from(config.key, 'utf8');
  const stored = await readFile(keyFilePath(config), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  return stored === undefined ? undefined : Buffer.from(stored.trim(), 'utf8');
}

/** As readAnchorKey, making the key file on first use (readable by this user only). */
export async function ensureAnchorKey(config: AuditAnchorConfig): Promise<Buffer> {
  const existing = await readAnchorKey(config);
  if (existing) return existing;
  await mkdir(config.dir, { recursive: true });
  const partial = `${keyFilePath(config)}.${randomUUID()}.partial`;
  await writeDurably(partial, `${randomBytes(32).toString('base64')}\n`, 0o600);
  // link() refuses an existing name: two processes starting at once keep the first key.
  await link(partial, keyFilePath(config)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  await unlink(partial);
  const created = await readAnchorKey(config);
  if (!created) throw new Error(`The audit anchor key ${keyFilePath(config)} could not be created`);
  return created;
}

/** A short fingerprint of the key, so that a refusal can tell "another key" from "altered". */
function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('trialdesk-audit-anchor-key\n').update(key).digest('hex').slice(0, 16);
}

function signatureOf(key: Buffer, unsigned: Omit<AuditAnchor, 'signature'>): string {
  const canonical = canonicalize(unsigned);
  if (canonical === undefined) throw new Error('audit anchor cannot be canonicalized');
  return createHmac('sha256', key).update(canonical).digest('hex');
}

export function signAnchor(key: Buffer, head: AnchoredHead): AuditAnchor {
  const unsigned = { format: anchorFormat, ...head, keyId: keyIdOf(key) } as const;
  return { ...unsigned, signature: signatureOf(key, unsigned) };
}

/**
 * The anchor last written, its signature checked; undefined when none was written yet.
 * Throws AuditAnchorRefusedError when the file is there but cannot be trusted.
 */
export async function readAuditAnchor(config: AuditAnchorConfig, key: Buffer | undefined): Promise<AuditAnchor | undefined> {
  const path = anchorFilePath(config);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  let parsed: ReturnType<typeof anchorSchema.safeParse>;
  try {
    parsed = anchorSchema.safeParse(JSON.parse(text));
  } catch {
    throw new AuditAnchorRefusedError(`The audit anchor ${path} is not JSON: it was damaged or replaced.`);
  }
  if (!parsed.success)
    throw new AuditAnchorRefusedError(`The audit anchor ${path} is not an anchor Trialdesk wrote: it was damaged or replaced.`);
  const anchor = parsed.data;
  if (!key) {
    throw new AuditAnchorRefusedError(
      `The audit anchor ${path} cannot be checked: no key (set TRIALDESK_AUDIT_ANCHOR_KEY, or restore ${keyFilePath(config)}).`,
    );
  }
  const { signature, ...unsigned } = anchor;
  const expected = Buffer.from(signatureOf(key, unsigned), 'hex');
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    const cause =
      anchor.keyId === keyIdOf(key)
        ? 'it was altered after it was signed'
        : `it names another signing key (${anchor.keyId}; this key is ${keyIdOf(key)})`;
    throw new AuditAnchorRefusedError(`The audit anchor ${path} has a signature that does not match: ${cause}.`);
  }
  return anchor;
}

/** Written under a temporary name, flushed, then renamed: a reader sees the old anchor or the new one, whole. */
export async function writeAnchorFile(config: AuditAnchorConfig, anchor: AuditAnchor): Promise<void> {
  await mkdir(config.dir, { recursive: true });
  const partial = `${anchorFilePath(config)}.${randomUUID()}.partial`;
  try {
    await writeDurably(partial, `${JSON.stringify(anchor, null, 2)}\n`, 0o644);
    await rename(partial, anchorFilePath(config));
  } catch (error) {
    await unlink(partial).catch(() => undefined);
    throw error;
  }
}

async function writeDurably(path: string, text: string, mode: number): Promise<void> {
  const file = await open(path, 'wx', mode);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
}
