import { missedVisitFollowUpJob } from './modules/visits/missed-visit-follow-up-job.js';
import { missedVisitCheckJob } from './modules/visits/missed-visit-job.js';
import { idempotencyPurgeJob } from './platform/http/idempotency-purge-job.js';
import type { AnyJobDefinition } from './platform/jobs/job-definition.js';

/**
 * Every background job: the platform's and the modules'. Each gets a queue when the database
 * is prepared, and `serve` works them all. (To be listed from the modules' manifests.)
 */
export const backgroundJobs: AnyJobDefinition[] = [idempotencyPurgeJob, missedVisitCheckJob, missedVisitFollowUpJob];
