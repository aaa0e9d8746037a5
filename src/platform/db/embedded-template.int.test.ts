import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openEmbedded } from './database.js';
import { templateToLoad } from './embedded-template.js';

// A first start loads the database `npm run build` prepared instead of running initdb; a data
// directory that holds a database already is never overwritten by it.
let dir: string;
let template: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trialdesk-template-test-'));
  // On a PostgreSQL run there is no embedded template to start from: make a bare one.
  const base = await openEmbedded(
    inject('databaseKind') === 'embedded' ? { loadDataDir: new Blob([readFileSync(inject('databaseSource'))]) } : {},
  );
  await sql`create table template_marker (note text)`.execute(base.db);
  await sql`insert into template_marker values ('from the template')`.execute(base.db);
  const dump = await base.pglite?.dumpDataDir('gzip');
  await base.close();
  if (!dump) throw new Error('embedded database without PGlite');
  template = join(dir, 'template.tar.gz');
  writeFileSync(template, Buffer.from(await dump.arrayBuffer()));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const notes = async (database: Awaited<ReturnType<typeof openEmbedded>>) =>
  (await sql<{ note: string }>`select note from template_marker order by note`.execute(database.db)).rows.map((r) => r.note);

describe('the embedded database template', () => {
  it('is what an empty data directory starts from, and never replaces the database it then holds', async () => {
    const dataDir = join(dir, 'data');
    const first = await openEmbedded({ dataDir, template });
    expect(await notes(first)).toEqual(['from the template']);
    await sql`insert into template_marker values ('written after')`.execute(first.db);
    await first.close();

    const again = await openEmbedded({ dataDir, template });
    expect(await notes(again)).toEqual(['from the template', 'written after']);
    await again.close();
  }, 60_000);

  it('is left alone when the data directory holds a database, or when the build made none', () => {
    const held = join(dir, 'held');
    writeFileSync(join(dir, 'PG_VERSION'), '18');
    expect(templateToLoad(dir, template)).toBeUndefined();
    expect(templateToLoad(held, join(dir, 'no-such-template.tar.gz'))).toBeUndefined();
    expect(templateToLoad(held, template)).toBeInstanceOf(Blob);
  });
});
