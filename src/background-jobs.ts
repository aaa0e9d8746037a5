import { domainModules } from './modules/index.js';
import { idempotencyPurgeJob } from './platform/http/idempotency-purge-job.js';
import type { AnyJobDefinition } from './platform/jobs/job-definition.js';

/**
 * Every background job: the platform's own and those the modules' manifests declare. Each gets
 * a queue when the database is prepared, and `serve` works them all. (The cookie option does
 * not change which jobs a module has.)
 */
export const backgroundJobs: AnyJobDefinition[] = [
  idempotencyPurgeJob,
  ...domainModules({ secureCookies: false }).flatMap((module) => module.jobs ?? []),
];
