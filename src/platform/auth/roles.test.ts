import { beforeAll, describe, expect, it } from 'vitest';
import { domainModules } from '../../modules/index.js';
import { registerModules } from '../modules/registry.js';
import { type Permission, permissions, type Role, rolePermissions, roles } from './roles.js';

beforeAll(() => registerModules(domainModules({ secureCookies: false })));

const holders = (permission: Permission) => roles.filter((role) => rolePermissions(role).includes(permission));

/** What a study asks of every site: the sponsor's decisions (roles.ts, studySetUp). */
const studySetUpPermissions: Permission[] = [
  'study.update',
  'milestoneTemplate.write',
  'documentRule.write',
  'protocol.write',
  'randomization.configure',
  'feasibility.write',
  'safety.configure',
];

describe('what each role may do', () => {
  it.each(studySetUpPermissions)("leaves the study's set-up (%s) to the study manager and the platform admin", (permission) => {
    expect(holders(permission).sort()).toEqual(['platform_admin', 'study_manager']);
  });

  it.each<Role>(['finance', 'auditor'])('keeps %s read-only', (role) => {
    expect(rolePermissions(role).filter((permission) => !permission.endsWith('.read'))).toEqual([]);
  });

  it('lets the data manager raise and close data queries, and change nothing else', () => {
    expect(
      rolePermissions('data_manager')
        .filter((permission) => !permission.endsWith('.read'))
        .sort(),
    ).toEqual(['query.close', 'query.raise']);
  });

  it('lets the monitor write only what it reviews and finds: documents, visits it conducts, deviations, data queries', () => {
    expect(
      rolePermissions('cra')
        .filter((permission) => !permission.endsWith('.read'))
        .sort(),
    ).toEqual(['deviation.assess', 'deviation.write', 'document.approve', 'milestone.write', 'query.close', 'query.raise']);
  });

  it('gives each role a permission only once', () => {
    for (const role of roles) expect(new Set(rolePermissions(role)).size).toBe(rolePermissions(role).length);
  });

  it('keeps who a participant is and which arm they are on from the platform admin, and only those', () => {
    expect(permissions().filter((permission) => !rolePermissions('platform_admin').includes(permission))).toEqual([
      'participant.identify',
      'allocation.read',
      'participant.unblind',
    ]);
  });
});
