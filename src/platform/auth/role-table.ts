import { registeredPermissions } from '../modules/registry.js';
import { roleAllows, roleLabels, roles } from './roles.js';

/** The README's role table sits between these lines; `npm run docs:roles` rewrites it. */
export const roleTableStart = '<!-- role-table:start (written by `npm run docs:roles` from src/platform/auth/roles.ts) -->';
export const roleTableEnd = '<!-- role-table:end -->';

/** One row per permission of the registered modules, one column per role: ✓ where the role holds it. */
export function roleTableMarkdown(): string {
  const header = `| permission | lets its holder | ${roles.map((role) => roleLabels[role]).join(' | ')} |`;
  const rule = `|---|---|${roles.map(() => ':-:|').join('')}`;
  const rows = [...registeredPermissions()].map(
    ([permission, { description }]) =>
      `| \`${permission}\` | ${description} | ${roles.map((role) => (roleAllows(role, permission) ? '✓' : '')).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}

/** The README with its role table replaced by the one the modules' permissions give; everything else kept. */
export function withRoleTable(readme: string): string {
  const start = readme.indexOf(roleTableStart);
  const end = readme.indexOf(roleTableEnd);
  if (start < 0 || end < start) throw new Error(`README.md needs the lines ${roleTableStart} and ${roleTableEnd}, in that order.`);
  return `${readme.slice(0, start + roleTableStart.length)}\n${roleTableMarkdown()}\n${readme.slice(end)}`;
}
