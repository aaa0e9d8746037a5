import type { ModuleManifest } from '../../platform/modules/module-manifest.js';
import { calendarRoutes } from './calendar.routes.js';
import { calendarHistoryReaders } from './calendar-history.js';

const historyReaders = { ...calendarHistoryReaders } satisfies ModuleManifest['historyReaders'];

declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

export const calendarModule: ModuleManifest = {
  name: 'calendar',
  routes: [calendarRoutes],
  historyReaders,
  tables: ['calendar_feeds'],
};
