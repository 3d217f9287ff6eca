import type { DbOrTx } from '../db/database.js';
import type { ApiClientRow } from './identity.tables.js';

export function createApiClientRepository(db: DbOrTx) {
  return {
    async insert(row: { id: string; organisation_id: string; name: string; public_jwk: Record<string, unknown>; scopes: string[] }): Promise<void> {
      await db.insertInto('api_client').values({ ...row, public_jwk: JSON.stringify(row.public_jwk) }).execute();
    },

    find(id: string): Promise<ApiClientRow | undefined> {
      return db.selectFrom('api_client').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async setActive(id: string, active: boolean): Promise<void> {
      await db.updateTable('api_client').set({ active }).where('id', '=', id).execute();
    },

    /** Records a jti; false when it was seen before (a replay). */
    async rememberJti(clientId: string, jti: string, expiresAt: Date): Promise<boolean> {
      const rows = await db
        .insertInto('used_assertion_jti')
        .values({ client_id: clientId, jti, expires_at: expiresAt })
        .onConflict((oc) => oc.doNothing())
        .returning('jti')
        .execute();
      return rows.length > 0;
    },

    async forgetExpiredJtis(now: Date): Promise<void> {
      await db.deleteFrom('used_assertion_jti').where('expires_at', '<', now).execute();
    },
  };
}
