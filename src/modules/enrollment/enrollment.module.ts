import type { ModuleManifest } from '../../platform/modules/module-manifest.js';
import { enrollmentRoutes } from './enrollment.routes.js';

export const enrollmentModule: ModuleManifest = {
  name: 'enrollment',
  routes: [enrollmentRoutes],
  tables: ['enrollment_daily'],
};
