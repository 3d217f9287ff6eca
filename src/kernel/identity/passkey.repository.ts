import type { Insertable } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { ChallengePurpose, PasskeyCredential, PasskeyCredentialTable, WebauthnChallengeTable } from './identity.tables.js';

export function createPasskeyRepository(db: DbOrTx) {
  return {
    async insertChallenge(row: Insertable<WebauthnChallengeTable>): Promise<void> {
      await db.insertInto('webauthn_challenge').values(row).execute();
    },

    /** Takes a challenge out (single use); undefined when unknown, of another purpose or expired. */
    async consumeChallenge(challenge: string, purpose: ChallengePurpose, now: Date) {
      const row = await db
        .deleteFrom('webauthn_challenge')
        .where('challenge', '=', challenge)
        .where('purpose', '=', purpose)
        .returningAll()
        .executeTakeFirst();
      return row && row.expires_at > now ? row : undefined;
    },

    async deleteExpiredChallenges(now: Date): Promise<void> {
      await db.deleteFrom('webauthn_challenge').where('expires_at', '<=', now).execute();
    },

    async insertCredential(row: Insertable<PasskeyCredentialTable>): Promise<void> {
      await db.insertInto('passkey_credential').values(row).execute();
    },

    findCredential(id: string): Promise<PasskeyCredential | undefined> {
      return db.selectFrom('passkey_credential').selectAll().where('id', '=', id).executeTakeFirst();
    },

    listCredentials(personId: string): Promise<PasskeyCredential[]> {
      return db.selectFrom('passkey_credential').selectAll().where('person_id', '=', personId).orderBy('created_at').orderBy('id').execute();
    },

    async recordUse(id: string, counter: number, now: Date): Promise<void> {
      await db.updateTable('passkey_credential').set({ counter, last_used_at: now }).where('id', '=', id).execute();
    },

    async deleteCredential(id: string, personId: string): Promise<boolean> {
      const r = await db.deleteFrom('passkey_credential').where('id', '=', id).where('person_id', '=', personId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
