import type { ModuleManifest } from '../../platform/modules/module-manifest.js';
import { participantImportRoutes } from './import.routes.js';

// Imports participants through the participants module: no permissions, records or tables of its own.

export const participantImportModule: ModuleManifest = {
  name: 'participant-import',
  routes: [participantImportRoutes],
};
