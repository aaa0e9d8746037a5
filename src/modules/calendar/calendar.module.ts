import type { ModuleManifest } from '../../platform/modules/module-manifest.js';
import { calendarRoutes } from './calendar.routes.js';

export const calendarModule: ModuleManifest = {
  name: 'calendar',
  routes: [calendarRoutes],
  tables: ['calendar_feeds'],
};
