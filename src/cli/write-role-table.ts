import { readFileSync, writeFileSync } from 'node:fs';
import { domainModules } from '../modules/index.js';
import { withRoleTable } from '../platform/auth/role-table.js';
import { registerModules } from '../platform/modules/registry.js';

// `npm run docs:roles`: the README's role table, rewritten from the modules' permissions (role-table.test.ts fails until it is).
registerModules(domainModules({ secureCookies: false }));
const readme = new URL('../../README.md', import.meta.url);
const before = readFileSync(readme, 'utf8');
const after = withRoleTable(before);
if (after !== before) writeFileSync(readme, after);
console.log(after === before ? 'README.md: the role table is up to date.' : 'README.md: role table rewritten from the modules.');
