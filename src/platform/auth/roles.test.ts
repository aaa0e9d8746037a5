import { describe, expect, it } from 'vitest';
import { type Permission, type Role, rolePermissions, roles, studySetUp } from './roles.js';

const holders = (permission: Permission) => roles.filter((role) => (rolePermissions[role] as readonly Permission[]).includes(permission));

describe('what each role may do', () => {
  it.each(studySetUp)("leaves the study's set-up (%s) to the study manager and the platform admin", (permission) => {
    expect(holders(permission).sort()).toEqual(['platform_admin', 'study_manager']);
  });

  it.each<Role>(['data_manager', 'finance', 'auditor'])('keeps %s read-only', (role) => {
    expect(rolePermissions[role].filter((permission) => !permission.endsWith('.read'))).toEqual([]);
  });

  it('lets the monitor write only what it reviews and finds: documents, visits it conducts, deviations', () => {
    expect(rolePermissions.cra.filter((permission) => !permission.endsWith('.read')).sort()).toEqual([
      'deviation.assess',
      'deviation.write',
      'document.approve',
      'milestone.write',
    ]);
  });

  it('gives each role a permission only once', () => {
    for (const role of roles) expect(new Set(rolePermissions[role]).size).toBe(rolePermissions[role].length);
  });
});
