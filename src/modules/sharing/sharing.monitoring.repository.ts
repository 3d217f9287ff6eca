import { sql, type Insertable } from 'kysely';
import type { DbOrTx } from '../../kernel/db/database.js';
import type { AlertRow, SharingAlertTable } from './sharing.tables.js';

export async function insertAlertFor(db: DbOrTx, row: Insertable<SharingAlertTable>): Promise<void> {
  await db.insertInto('sharing_alert').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
}

/** The alert already raised about one access (a job may run twice). */
export function findAlertOfAccess(db: DbOrTx, accessId: string, kind: string): Promise<AlertRow | undefined> {
  return db.selectFrom('sharing_alert').selectAll().where('access_id', '=', accessId).where('kind', '=', kind).executeTakeFirst();
}

/** Alerts that concern items of any of these provider agencies, newest first. */
export async function listAlertsOfProviders(db: DbOrTx, providerIds: string[], limit = 100): Promise<AlertRow[]> {
  if (providerIds.length === 0) return [];
  return db
    .selectFrom('sharing_alert')
    .selectAll()
    .where((eb) => eb.or(providerIds.map((p) => eb(sql<string>`provider_ids`, '@>', sql<string>`${JSON.stringify([p])}::jsonb`))))
    .orderBy('raised_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}
