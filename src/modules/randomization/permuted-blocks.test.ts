import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { allocationSequence, armAt, blockAt, newSeed, seedSha256, stratumKeyOf, uniform } from './permuted-blocks.js';

const seed = 'a3'.repeat(32);
const oneToOne = {
  arms: [
    { code: 'A', ratio: 1 },
    { code: 'B', ratio: 1 },
  ],
  blockSizes: [4, 6],
};
const twoToOne = {
  arms: [
    { code: 'ACTIVE', ratio: 2 },
    { code: 'PLACEBO', ratio: 1 },
  ],
  blockSizes: [3, 6, 9],
};

const count = (arms: string[], code: string) => arms.filter((a) => a === code).length;

describe('permuted blocks', () => {
  it('gives the same list for the same seed and stratum, and another for another seed or stratum', () => {
    const first = allocationSequence(seed, oneToOne, 'age=ge65|sex=f', 200);
    expect(allocationSequence(seed, oneToOne, 'age=ge65|sex=f', 200)).toEqual(first);
    expect(allocationSequence('b4'.repeat(32), oneToOne, 'age=ge65|sex=f', 200)).not.toEqual(first);
    expect(allocationSequence(seed, oneToOne, 'age=ge65|sex=m', 200)).not.toEqual(first);
    // One position at a time gives the same list: the arm depends on (seed, stratum, position) only.
    expect(first.map((_, p) => armAt(seed, oneToOne, 'age=ge65|sex=f', p))).toEqual(first);
  });

  it('keeps 1:1 arms within half of the largest block at every step and equal at each block end', () => {
    const sequence = allocationSequence(seed, oneToOne, 'all', 1000);
    let a = 0;
    let b = 0;
    for (const arm of sequence) {
      if (arm === 'A') a++;
      else b++;
      expect(Math.abs(a - b)).toBeLessThanOrEqual(3);
    }
    let end = 0;
    for (let k = 0; end < 1000; k++) {
      const block = blockAt(seed, oneToOne, 'all', k);
      expect(block.start).toBe(end);
      expect([4, 6]).toContain(block.arms.length);
      expect(count(block.arms, 'A')).toBe(block.arms.length / 2);
      expect(sequence.slice(block.start, block.start + block.arms.length)).toEqual(block.arms.slice(0, 1000 - block.start));
      end += block.arms.length;
    }
  });

  it('uses every block size and more than one order of arms', () => {
    const blocks = Array.from({ length: 60 }, (_, k) => blockAt(seed, oneToOne, 'all', k));
    expect(new Set(blocks.map((b) => b.arms.length))).toEqual(new Set([4, 6]));
    expect(new Set(blocks.map((b) => b.arms.join(''))).size).toBeGreaterThan(5);
  });

  it('balances a 2:1 ratio within every block', () => {
    for (let k = 0; k < 50; k++) {
      const block = blockAt(seed, twoToOne, 'site=101', k);
      expect(count(block.arms, 'ACTIVE')).toBe((block.arms.length * 2) / 3);
      expect(count(block.arms, 'PLACEBO')).toBe(block.arms.length / 3);
    }
  });

  it('draws without bias from the HMAC stream, as documented', () => {
    const key = Buffer.from(seed, 'hex');
    const word = createHmac('sha256', key).update('all:0:size').digest().readUInt32BE(0);
    // 2 divides 2^32, so the first word is always accepted.
    expect(uniform(key, 'all:0:size', 2)).toBe(word % 2);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) (counts[uniform(key, `label:${i}`, 3)] as number)++;
    for (const c of counts) expect(c).toBeGreaterThan(900);
  });

  it('names strata by factor levels in factor order, after the site', () => {
    const factors = [{ code: 'age' }, { code: 'sex' }];
    expect(stratumKeyOf(factors, { sex: 'f', age: 'ge65' }, null)).toBe('age=ge65|sex=f');
    expect(stratumKeyOf(factors, { sex: 'f', age: 'ge65' }, '101')).toBe('site=101|age=ge65|sex=f');
    expect(stratumKeyOf([], {}, null)).toBe('all');
  });

  it('makes 32-byte seeds and shows only their hash', () => {
    const fresh = newSeed();
    expect(fresh).toMatch(/^[0-9a-f]{64}$/);
    expect(newSeed()).not.toBe(fresh);
    expect(seedSha256(fresh)).toMatch(/^[0-9a-f]{64}$/);
    expect(seedSha256(fresh)).not.toContain(fresh);
  });
});
