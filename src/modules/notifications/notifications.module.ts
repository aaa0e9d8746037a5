import type { ModuleManifest } from '../../platform/modules/module-manifest.js';
import { emailHistoryReaders } from './email-history.js';
import { dailyDigestJob, sendDigestEmailJob, sendMessageEmailJob } from './email-jobs.js';
import { notificationHistoryReaders } from './notification-history.js';
import { notificationRoutes } from './notifications.routes.js';

const historyReaders = { ...notificationHistoryReaders, ...emailHistoryReaders } satisfies ModuleManifest['historyReaders'];

declare module '../../platform/audit/audit-events.js' {
  interface AuditEntityTypes extends Record<keyof typeof historyReaders, true> {}
}

export const notificationsModule: ModuleManifest = {
  name: 'notifications',
  historyReaders,
  routes: [notificationRoutes],
  tables: ['user_notifications', 'email_preferences', 'email_deliveries', 'email_digests'],
  jobs: [sendMessageEmailJob, sendDigestEmailJob, dailyDigestJob],
};
