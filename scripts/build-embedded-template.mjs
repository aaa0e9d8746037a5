// Initializes and migrates an embedded database once, at build time, and writes its dump
// where a first start loads it: the user does not wait for initdb (see embedded-template.ts).
// With --if-changed (npm start), skips the work when the template was made from exactly the
// current inputs (migrations, the built migration code, the embedded database's version).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { openEmbedded } from '../dist/platform/db/database.js';
import { embeddedTemplatePath } from '../dist/platform/db/embedded-template.js';
import { prepareDatabase } from '../dist/platform/db/prepare-database.js';

const stampFile = `${embeddedTemplatePath}.inputs-hash`;

function inputsHash() {
  const files = [
    ...readdirSync('migrations').map((name) => join('migrations', name)),
    ...readdirSync('dist/platform/db').map((name) => join('dist/platform/db', name)),
    'node_modules/@electric-sql/pglite/package.json',
  ]
    .filter((file) => file.endsWith('.sql') || file.endsWith('.js') || file.endsWith('.json'))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const hash = inputsHash();
const built = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : null;
if (process.argv.includes('--if-changed') && built === hash && existsSync(embeddedTemplatePath)) {
  console.log('The embedded database template is up to date.');
} else {
  const database = await openEmbedded({});
  await prepareDatabase(database.db);
  const dump = await database.pglite.dumpDataDir('gzip');
  await database.close();
  writeFileSync(embeddedTemplatePath, Buffer.from(await dump.arrayBuffer()));
  writeFileSync(stampFile, `${hash}\n`);
  console.log(`Embedded database template: ${relative(process.cwd(), embeddedTemplatePath)} (${(dump.size / 1e6).toFixed(1)} MB)`);
}
