// Initializes and migrates an embedded database once, at build time, and writes its dump
// where a first start loads it: the user does not wait for initdb (see embedded-template.ts).
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { openEmbedded } from '../dist/platform/db/database.js';
import { embeddedTemplatePath } from '../dist/platform/db/embedded-template.js';
import { prepareDatabase } from '../dist/platform/db/prepare-database.js';

const database = await openEmbedded({});
await prepareDatabase(database.db);
const dump = await database.pglite.dumpDataDir('gzip');
await database.close();
writeFileSync(embeddedTemplatePath, Buffer.from(await dump.arrayBuffer()));
console.log(`Embedded database template: ${relative(process.cwd(), embeddedTemplatePath)} (${(dump.size / 1e6).toFixed(1)} MB)`);
