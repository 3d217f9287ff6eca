import type { DbOrTx } from '../db/database.js';
import type { NotificationRow } from './notifications.tables.js';

export async function insertNotification(
  tx: DbOrTx,
  n: { id: string; personId: string; template: string; params: Record<string, unknown>; now: Date },
): Promise<void> {
  await tx
    .insertInto('notification')
    .values({ id: n.id, person_id: n.personId, template: n.template, params: JSON.stringify(n.params), created_at: n.now })
    .execute();
}

/** Several inbox rows in one statement. */
export async function insertNotifications(tx: DbOrTx, rows: { id: string; personId: string; template: string; params: Record<string, unknown>; now: Date }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('notification')
    .values(rows.map((n) => ({ id: n.id, person_id: n.personId, template: n.template, params: JSON.stringify(n.params), created_at: n.now })))
    .execute();
}

/** Newest first. */
export async function listNotificationsOf(db: DbOrTx, personId: string, page: { limit: number; offset: number }): Promise<NotificationRow[]> {
  return db
    .selectFrom('notification')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countNotificationsOf(db: DbOrTx, personId: string): Promise<number> {
  const row = await db.selectFrom('notification').select((eb) => eb.fn.countAll<number>().as('n')).where('person_id', '=', personId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function countUnreadOf(db: DbOrTx, personId: string): Promise<number> {
  const row = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Only the owner's own notification; false when there is no such unread one. */
export async function markNotificationRead(db: DbOrTx, personId: string, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('notification')
    .set({ read_at: now })
    .where('id', '=', id)
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function markAllNotificationsRead(db: DbOrTx, personId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('notification')
    .set({ read_at: now })
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
