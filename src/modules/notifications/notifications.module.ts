import type { ModuleManifest } from '../../platform/modules/module-manifest.js';
import { notificationRoutes } from './notifications.routes.js';

export const notificationsModule: ModuleManifest = {
  name: 'notifications',
  routes: [notificationRoutes],
  tables: ['user_notifications'],
};
