import { describe, expect, it } from 'vitest';
import { readTmfReferenceModel } from './tmf-reference-model.js';

describe('the shipped TMF Reference Model v3.3.1', () => {
  it('has its 250 artifacts in 11 zones, each with a unique number and id', async () => {
    const artifacts = await readTmfReferenceModel();
    expect(artifacts).toHaveLength(250);
    expect(new Set(artifacts.map((a) => a.zone_number)).size).toBe(11);
    expect(new Set(artifacts.map((a) => a.artifact_number)).size).toBe(250);
    expect(new Set(artifacts.map((a) => a.unique_id)).size).toBe(250);
  });

  it('classifies investigator site file artifacts as site-level', async () => {
    const byNumber = new Map((await readTmfReferenceModel()).map((a) => [a.artifact_number, a]));
    expect(byNumber.get('05.02.04')).toMatchObject({
      name: 'Principal Investigator Curriculum Vitae',
      zone_name: 'Site Management',
      site_level: true,
      core: true,
    });
    expect(byNumber.get('01.01.01')).toMatchObject({ name: 'Trial Master File Plan', trial_level: true, site_level: false });
  });
});
