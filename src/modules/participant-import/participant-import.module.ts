import type { ModuleManifest } from '../../platform/modules/module-manifest.js';
import { participantImportRoutes } from './import.routes.js';
import { participantImportJobRoutes } from './import-job.routes.js';
import type { ImportJobRunnerOptions } from './import-job-runner.js';
import { canReadImportJobHistory } from './import-jobs.repo.js';

// Imports participants through the participants module; it owns only its jobs' table (ADR 0015).

/** Who may read an import job's history: whoever may see participants at its study-site. */
const historyReaders = { participant_import_job: canReadImportJobHistory } satisfies ModuleManifest['historyReaders'];

declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

/** The module, with options for its job runner (tests hold a run in a phase with them). */
export function participantImportModuleWith(runnerOptions: ImportJobRunnerOptions): ModuleManifest {
  return {
    name: 'participant-import',
    routes: [participantImportRoutes, participantImportJobRoutes(runnerOptions)],
    historyReaders,
    tables: ['participant_import_jobs'],
  };
}

export const participantImportModule: ModuleManifest = participantImportModuleWith({});
