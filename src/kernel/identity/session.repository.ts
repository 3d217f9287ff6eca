import type { Insertable } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { SessionRow, SessionTable } from './identity.tables.js';

export function createSessionRepository(db: DbOrTx) {
  return {
    async insert(row: Insertable<SessionTable>): Promise<void> {
      await db.insertInto('session').values(row).execute();
    },

    /** The session for a token hash with its person's display name, whatever its state. */
    findByTokenHash(tokenHash: string): Promise<(SessionRow & { display_name: string }) | undefined> {
      return db
        .selectFrom('session')
        .innerJoin('person', 'person.id', 'session.person_id')
        .selectAll('session')
        .select('person.display_name')
        .where('session.token_hash', '=', tokenHash)
        .executeTakeFirst();
    },

    async touch(id: string, now: Date): Promise<void> {
      await db.updateTable('session').set({ last_seen_at: now }).where('id', '=', id).execute();
    },

    async markAuthenticated(id: string, now: Date): Promise<void> {
      await db.updateTable('session').set({ authenticated_at: now, last_seen_at: now }).where('id', '=', id).execute();
    },

    /** Revokes one of the person's sessions; false when it was not theirs or already ended. */
    async revoke(id: string, personId: string, now: Date): Promise<boolean> {
      const result = await db
        .updateTable('session')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('person_id', '=', personId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Sessions not revoked and not past their absolute expiry, newest first. */
    listLive(personId: string, now: Date): Promise<SessionRow[]> {
      return db
        .selectFrom('session')
        .selectAll()
        .where('person_id', '=', personId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('last_seen_at', 'desc')
        .orderBy('id')
        .execute();
    },
  };
}
