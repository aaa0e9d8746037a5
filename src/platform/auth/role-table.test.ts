import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { domainModules } from '../../modules/index.js';
import { registerModules } from '../modules/registry.js';
import { roleTableEnd, roleTableMarkdown, roleTableStart, withRoleTable } from './role-table.js';
import { permissions, rolePermissions, roles } from './roles.js';

beforeAll(() => registerModules(domainModules({ secureCookies: false })));

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe("the README's role table", () => {
  it("is the one the modules' permissions give (npm run docs:roles rewrites it)", () => {
    expect(readme).toContain(roleTableStart);
    expect(withRoleTable(readme)).toBe(readme);
  });

  it('marks for each role exactly the permissions the modules grant it', () => {
    const rows = roleTableMarkdown().split('\n').slice(2);
    expect(rows).toHaveLength(permissions().length);
    const marked = new Map(roles.map((role) => [role, [] as string[]]));
    for (const row of rows) {
      const cells = row
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      const permission = cells[0]?.replaceAll('`', '') as string;
      roles.forEach((role, column) => {
        if (cells[column + 2] === '✓') marked.get(role)?.push(permission);
      });
    }
    for (const role of roles) expect([...(marked.get(role) ?? [])].sort()).toEqual([...rolePermissions(role)].sort());
  });

  it('keeps everything around the table and refuses a README without its markers', () => {
    const outdated = `intro\n${roleTableStart}\n| stale |\n${roleTableEnd}\noutro\n`;
    expect(withRoleTable(outdated)).toBe(`intro\n${roleTableStart}\n${roleTableMarkdown()}\n${roleTableEnd}\noutro\n`);
    expect(() => withRoleTable('no table here')).toThrow(/role-table:start/);
  });
});
