import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Written by `npm run build` (scripts/build-embedded-template.mjs): an embedded database
 * already initialized and migrated. Creating one runs initdb, several seconds of a first
 * start; loading this dump instead takes about one. Absent when running from the sources.
 */
export const embeddedTemplatePath = fileURLToPath(new URL('../../embedded-template.tar.gz', import.meta.url));

/** The template's bytes when `pgdata` holds no database yet and the template exists; else undefined. */
export function templateToLoad(pgdata: string, templatePath: string): Blob | undefined {
  if (existsSync(join(pgdata, 'PG_VERSION')) || !existsSync(templatePath)) return undefined;
  return new Blob([readFileSync(templatePath)]);
}
