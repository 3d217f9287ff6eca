import type { Insertable } from 'kysely';
import type { DbOrTx } from '../../kernel/db/database.js';
import type { ConsentRow, SharingAccessTable, SharingConsentTable } from './sharing.tables.js';

export async function insertConsent(db: DbOrTx, row: Insertable<SharingConsentTable>): Promise<void> {
  await db.insertInto('sharing_consent').values(row).execute();
}

export function findConsent(db: DbOrTx, id: string): Promise<ConsentRow | undefined> {
  return db.selectFrom('sharing_consent').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The person's consents to one agency's service, newest first (any application). */
export function consentsFor(db: DbOrTx, personId: string, consumerId: string, serviceCode: string, limit = 20): Promise<ConsentRow[]> {
  return db
    .selectFrom('sharing_consent')
    .selectAll()
    .where('person_id', '=', personId)
    .where('consumer_id', '=', consumerId)
    .where('service_code', '=', serviceCode)
    .orderBy('granted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function listConsentsOfPerson(db: DbOrTx, personId: string, limit = 200): Promise<ConsentRow[]> {
  return db.selectFrom('sharing_consent').selectAll().where('person_id', '=', personId).orderBy('granted_at', 'desc').limit(limit).execute();
}

/** Marks the consent used by an access; false when another lookup used it first. */
export async function useConsent(db: DbOrTx, id: string, accessId: string, at: Date): Promise<boolean> {
  const row = await db.updateTable('sharing_consent').set({ used_at: at, used_by_access_id: accessId }).where('id', '=', id).where('used_at', 'is', null).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** An access made under a consent (or refused for want of one). */
export async function insertConsentAccess(db: DbOrTx, row: Insertable<SharingAccessTable>): Promise<void> {
  await db.insertInto('sharing_access').values(row).execute();
}
