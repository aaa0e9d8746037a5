import type { ModuleManifest } from '../../platform/modules/module-manifest.js';
import { worklistRoutes } from './worklist.routes.js';

/**
 * The home page's work lists. Owns no table: it asks the modules that own visits, participants,
 * delegation, documents, milestones and enrollment for their items (their *-work.repo.ts).
 */
export const worklistModule: ModuleManifest = {
  name: 'worklist',
  routes: [worklistRoutes],
  tables: [],
};
