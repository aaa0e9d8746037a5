import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { apiSchemaFile, apiSchemaSource } from './api-contract.js';

// `npm run api:types`: the web app's API types, regenerated from the routes' schemas (api-contract.test.ts fails until they are).
const before = existsSync(apiSchemaFile) ? readFileSync(apiSchemaFile, 'utf8') : '';
const after = await apiSchemaSource();
if (after !== before) writeFileSync(apiSchemaFile, after);
console.log(`web/src/lib/api-schema.ts ${after === before ? 'is up to date' : 'regenerated from the OpenAPI document'}.`);
