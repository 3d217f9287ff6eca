import type { Db } from '../db/database.js';
import type { EmailSender } from './notifications.mailers.js';
import { createNotificationsService, unreadCount, type NotificationsDeps, type NotifyInput } from './notifications.service.js';
import type { Tx } from '../db/database.js';

/** The notifications part of the kernel, as modules see it (`kernel.notifications`). */
export interface Notifications {
  /** Inbox row and/or email job, inside the caller's transaction. */
  notify(tx: Tx, input: NotifyInput): Promise<{ notificationId: string | null; emailJobId: number | null }>;
  /** notify for several notices in two statements (group commit), inside the caller's transaction. */
  notifyMany(tx: Tx, inputs: NotifyInput[]): Promise<void>;
  unreadCount(personId: string): Promise<number>;
  emailSender: EmailSender;
}

export function createNotifications(deps: NotificationsDeps & { db: Db }): Notifications {
  const service = createNotificationsService(deps);
  return { ...service, unreadCount: (personId) => unreadCount(deps.db, personId) };
}
