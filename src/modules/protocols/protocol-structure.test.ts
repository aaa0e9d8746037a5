import { describe, expect, it } from 'vitest';
import { sampleStructure } from '../../../test/support/protocol-factories.js';
import { diffStructure } from './protocol-diff.js';
import { validateForFinalize, validateStructure } from './validate-protocol-structure.js';

describe('validateStructure', () => {
  it('accepts the sample schedule and a 2:1 allocation', () => {
    expect(validateStructure(sampleStructure())).toEqual([]);
    expect(validateForFinalize(sampleStructure({ ratio: '2:1' }))).toEqual([]);
  });

  it('keeps the timeline in order: one baseline on day 0, nothing after end of study', () => {
    const structure = sampleStructure();
    const [screening, baseline, week4, , , end] = structure.visits;
    if (!screening || !baseline || !week4 || !end) throw new Error('sample changed');
    structure.visits = [baseline, screening, { ...baseline, code: 'BL2' }, end, week4];
    const pointers = validateStructure(structure).map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/visits/1/kind', '/visits/2/kind', '/visits/4/kind', '/visits/4/targetDay']));
  });

  it('asks for an arm, a scheduled visit and an inclusion criterion before final', () => {
    const pointers = validateForFinalize({ arms: [], visits: [], criteria: [] }).map((e) => e.pointer);
    expect(pointers).toEqual(['/arms', '/visits', '/criteria']);
  });
});

describe('diffStructure', () => {
  it('names what changed per section, by code', () => {
    const before = sampleStructure();
    const after = sampleStructure({ ratio: '2:1' });
    after.arms.reverse();
    expect(diffStructure(before, { arms: after.arms })).toEqual([
      { field: 'arms.PLACEBO.sequence', old: 2, new: 1 },
      { field: 'arms.ACTIVE.allocationRatio', old: 1, new: 2 },
      { field: 'arms.ACTIVE.sequence', old: 1, new: 2 },
    ]);
    expect(diffStructure(before, {})).toEqual([]);
    expect(diffStructure(before, { criteria: [...before.criteria].reverse() })).toEqual([]);
  });
});
