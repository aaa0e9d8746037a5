import type { HistoryReader } from '../../platform/modules/module-manifest.js';
import { isMessageOfCaller } from './messages.repo.js';

/** History readers for audit.repo.ts: a message concerns one user, so only they (or the system) read its history. */
export const notificationHistoryReaders = {
  user_notification: isMessageOfCaller satisfies HistoryReader,
};
