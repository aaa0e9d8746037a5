import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Stratified permuted-block randomization as a pure function of (seed, stratum, position).
 *
 * Construction (docs/decisions/0007-randomization.md):
 * - PRF(label) = HMAC-SHA256 keyed with the seed's 32 bytes (the seed is kept as 64 hex digits)
 *   over the UTF-8 label. A stream for a label is PRF(label) ‖ PRF(label#1) ‖ PRF(label#2) ‖ …
 * - uniform(label, n) reads the stream as 32-bit big-endian words and returns w mod n for the
 *   first word w below 2^32 − (2^32 mod n): rejection sampling, so no value is favoured.
 * - A stratum's allocation list is its blocks laid one after another. Block k (0-based) has the
 *   size blockSizes[uniform(`${S}:${k}:size`, blockSizes.length)]; its content is each arm code,
 *   in scheme order, repeated ratio × size / sum(ratios) times, then shuffled by Fisher–Yates:
 *   for i from size−1 down to 1, swap i with j = uniform(`${S}:${k}:perm:${i}`, i + 1).
 * - Position p of stratum S takes the arm at p in that list. Nothing else enters: the arm never
 *   depends on the order in which strata or sites enrolled, so an auditor given the seed
 *   recomputes every allocation from its stratum and position alone.
 */
export interface BlockDesign {
  /** Arm codes with their whole-number ratios, in scheme order. */
  arms: { code: string; ratio: number }[];
  /** Each a positive multiple of the sum of the ratios. */
  blockSizes: number[];
}

export interface Block {
  /** 0-based block number within the stratum. */
  index: number;
  /** Position of the block's first allocation within the stratum. */
  start: number;
  /** Arm codes in allocation order. */
  arms: string[];
}

const wordRange = 2 ** 32;

/** A fresh seed: 32 bytes from the operating system's CSPRNG, as 64 hex digits. */
export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

/** The HMAC key: the seed's 32 bytes. */
export function seedKey(seed: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(seed)) throw new Error('A randomization seed is 64 lower-case hex digits.');
  return Buffer.from(seed, 'hex');
}

/** What responses and the audit trail show instead of the seed: SHA-256 of its hex text. */
export function seedSha256(seed: string): string {
  return createHash('sha256').update(seed, 'utf8').digest('hex');
}

function prf(key: Buffer, label: string): Buffer {
  return createHmac('sha256', key).update(label, 'utf8').digest();
}

/** An unbiased whole number in [0, n) from the label's PRF stream. */
export function uniform(key: Buffer, label: string, n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`uniform needs a positive whole number, got ${n}`);
  if (n === 1) return 0;
  const limit = wordRange - (wordRange % n);
  for (let chunk = 0; ; chunk++) {
    const bytes = prf(key, chunk === 0 ? label : `${label}#${chunk}`);
    for (let offset = 0; offset + 4 <= bytes.length; offset += 4) {
      const word = bytes.readUInt32BE(offset);
      if (word < limit) return word % n;
    }
  }
}

export function ratioSum(design: BlockDesign): number {
  return design.arms.reduce((sum, arm) => sum + arm.ratio, 0);
}

function blockSize(key: Buffer, design: BlockDesign, stratumKey: string, index: number): number {
  const size = design.blockSizes[uniform(key, `${stratumKey}:${index}:size`, design.blockSizes.length)];
  if (size === undefined) throw new Error('A block design needs at least one block size.');
  return size;
}

function blockContent(key: Buffer, design: BlockDesign, stratumKey: string, index: number, size: number): string[] {
  const repeat = size / ratioSum(design);
  if (!Number.isInteger(repeat)) throw new Error(`Block size ${size} is not a multiple of the sum of the ratios.`);
  const arms = design.arms.flatMap((arm) => Array.from({ length: arm.ratio * repeat }, () => arm.code));
  for (let i = arms.length - 1; i >= 1; i--) {
    const j = uniform(key, `${stratumKey}:${index}:perm:${i}`, i + 1);
    [arms[i], arms[j]] = [arms[j] as string, arms[i] as string];
  }
  return arms;
}

/** Block `index` of a stratum, with where it starts. */
export function blockAt(seed: string, design: BlockDesign, stratumKey: string, index: number): Block {
  const key = seedKey(seed);
  let start = 0;
  for (let k = 0; k < index; k++) start += blockSize(key, design, stratumKey, k);
  return { index, start, arms: blockContent(key, design, stratumKey, index, blockSize(key, design, stratumKey, index)) };
}

/** The arm at a 0-based position of a stratum. */
export function armAt(seed: string, design: BlockDesign, stratumKey: string, position: number): string {
  if (!Number.isInteger(position) || position < 0) throw new Error(`A position is a whole number from 0, got ${position}`);
  const key = seedKey(seed);
  let start = 0;
  for (let k = 0; ; k++) {
    const size = blockSize(key, design, stratumKey, k);
    if (position < start + size) return blockContent(key, design, stratumKey, k, size)[position - start] as string;
    start += size;
  }
}

/** The first `count` arms of a stratum's list, as armAt gives them one by one. */
export function allocationSequence(seed: string, design: BlockDesign, stratumKey: string, count: number): string[] {
  const key = seedKey(seed);
  const sequence: string[] = [];
  for (let k = 0; sequence.length < count; k++) {
    sequence.push(...blockContent(key, design, stratumKey, k, blockSize(key, design, stratumKey, k)));
  }
  return sequence.slice(0, count);
}

/**
 * The stratum a participant falls in: the chosen level of each factor, in factor order
 * ('age=ge65|sex=f'), after the site number when the scheme stratifies by site
 * ('site=101|age=ge65|sex=f'); 'all' when nothing stratifies.
 */
export function stratumKeyOf(factors: { code: string }[], levels: Record<string, string>, siteNumber: string | null): string {
  const parts = factors.map((factor) => `${factor.code}=${levels[factor.code]}`);
  if (siteNumber !== null) parts.unshift(`site=${siteNumber}`);
  return parts.length === 0 ? 'all' : parts.join('|');
}
