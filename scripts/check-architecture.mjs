#!/usr/bin/env node
// The architecture rules `npm run lint` enforces beside Biome (docs/architecture.md):
//  1. SQL lives in repositories: no Kysely query builder or sql`` template outside `*.repo.ts`,
//     migrations, benchmarks, tests and the database layer itself (src/platform/db).
//  2. No import loops between domain modules (src/modules/<name>), and the platform imports no module.
// `--graph` also prints the modules in layers, each above every module it imports.
// Exits 1 and names each offending file or loop.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const src = join(root, 'src');

function listSources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const isTest = (file) => /\.(int\.)?test\.ts$/.test(file) || file.includes(`${sep}test${sep}`);
const mayHoldSql = (file) =>
  file.endsWith('.repo.ts') ||
  isTest(file) ||
  file.includes(`${sep}migrations${sep}`) ||
  file.includes(`${sep}bench${sep}`) ||
  file.startsWith(join(src, 'platform', 'db') + sep);

// A query starts with one of these: `db.selectFrom(`, `trx.insertInto(`, `` sql`...` ``, `sql<T>`...``.
const QUERY = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\s*\(|\bsql(<[^>`]*>)?`/;

const problems = [];
const files = listSources(src);

for (const file of files) {
  if (mayHoldSql(file)) continue;
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (line.trimStart().startsWith('//') || line.trimStart().startsWith('*')) return;
    if (QUERY.test(line)) problems.push(`${relative(root, file)}:${index + 1}: SQL outside a repository (move it to a *.repo.ts)`);
  });
}

// Module graph: src/modules/<a>/… imports src/modules/<b>/… gives the arrow a → b.
const IMPORT = /(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
const moduleOf = (file) => {
  const parts = relative(src, file).split(sep);
  if (parts[0] === 'modules' && parts.length > 2) return parts[1];
  if (parts[0] === 'platform') return '(platform)';
  return undefined;
};
const arrows = new Map();
const arrowExamples = new Map();
for (const file of files) {
  if (isTest(file)) continue;
  const from = moduleOf(file);
  if (!from) continue;
  for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    if (!specifier.startsWith('.')) continue;
    const to = moduleOf(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
    if (!to || to === from) continue;
    if (from === '(platform)') {
      problems.push(`${relative(root, file)}: the platform imports the ${to} module (modules register with the platform instead)`);
      continue;
    }
    if (to === '(platform)') continue;
    if (!arrows.has(from)) arrows.set(from, new Set());
    arrows.get(from).add(to);
    const key = `${from}→${to}`;
    if (!arrowExamples.has(key)) arrowExamples.set(key, relative(root, file));
  }
}

// Tarjan's strongly connected components: any component of two or more modules is a loop.
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const loops = [];
function connect(node) {
  index.set(node, counter);
  low.set(node, counter);
  counter += 1;
  stack.push(node);
  onStack.add(node);
  for (const next of arrows.get(node) ?? []) {
    if (!index.has(next)) {
      connect(next);
      low.set(node, Math.min(low.get(node), low.get(next)));
    } else if (onStack.has(next)) {
      low.set(node, Math.min(low.get(node), index.get(next)));
    }
  }
  if (low.get(node) === index.get(node)) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) loops.push(component.sort());
  }
}
for (const node of arrows.keys()) if (!index.has(node)) connect(node);
for (const loop of loops) {
  const members = new Set(loop);
  const inside = [...arrowExamples].filter(([key]) => {
    const [from, to] = key.split('→');
    return members.has(from) && members.has(to);
  });
  problems.push(`import loop between modules ${loop.join(', ')}:\n${inside.map(([key, file]) => `    ${key} (e.g. ${file})`).join('\n')}`);
}

// `--graph`: the modules in layers, each above everything it imports (docs/architecture.md).
if (process.argv.includes('--graph') && loops.length === 0) {
  const layer = new Map();
  const layerOf = (node) => {
    if (!layer.has(node)) layer.set(node, 1 + Math.max(0, ...[...(arrows.get(node) ?? [])].map(layerOf)));
    return layer.get(node);
  };
  const modules = readdirSync(join(src, 'modules'), { withFileTypes: true }).filter((entry) => entry.isDirectory());
  for (const { name } of modules) layerOf(name);
  const top = Math.max(...layer.values());
  for (let level = top; level >= 1; level -= 1) {
    const here = [...layer]
      .filter(([, at]) => at === level)
      .map(([name]) => name)
      .sort();
    const line = here.map((name) => (arrows.get(name)?.size ? `${name} → ${[...arrows.get(name)].sort().join(', ')}` : name));
    console.log(`layer ${level}: ${line.join('; ')}`);
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} architecture problem(s); see docs/architecture.md`);
  process.exit(1);
}
console.log(`architecture: ${files.length} files, SQL only in repositories, no module import loops`);
