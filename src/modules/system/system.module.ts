import type { ModuleManifest } from '../../platform/modules/module-manifest.js';
import { healthRoutes } from './health.routes.js';

// The health check: no permissions, records or tables of its own.

export const systemModule: ModuleManifest = {
  name: 'system',
  routes: [healthRoutes],
};
