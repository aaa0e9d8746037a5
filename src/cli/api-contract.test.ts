import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { apiSchemaFile, apiSchemaSource } from './api-contract.js';

it('the web app reads the API through types generated from the current routes', async () => {
  const committed = readFileSync(apiSchemaFile, 'utf8');
  const generated = await apiSchemaSource();
  // A plain comparison: printing two 10,000-line texts would bury the one thing to do.
  expect(generated === committed, 'web/src/lib/api-schema.ts is stale: run `npm run api:types` and commit it').toBe(true);
}, 30_000);
