import { readFileSync, writeFileSync } from 'node:fs';
import { withRoleTable } from '../platform/auth/role-table.js';

// `npm run docs:roles`: the README's role table, rewritten from roles.ts (role-table.test.ts fails until it is).
const readme = new URL('../../README.md', import.meta.url);
const before = readFileSync(readme, 'utf8');
const after = withRoleTable(before);
if (after !== before) writeFileSync(readme, after);
console.log(after === before ? 'README.md: the role table is up to date.' : 'README.md: role table rewritten from roles.ts.');
