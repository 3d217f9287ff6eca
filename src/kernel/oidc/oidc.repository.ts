import { inTransaction, type DbOrTx } from '../db/database.js';
import type { OidcPayloadRow, OidcSigningKeyRow } from './oidc.tables.js';

export interface PayloadWrite {
  model: string;
  id: string;
  payload: Record<string, unknown>;
  grantId: string | null;
  userCode: string | null;
  uid: string | null;
  expiresAt: Date | null;
}

export async function upsertPayload(db: DbOrTx, w: PayloadWrite): Promise<void> {
  const values = {
    payload: JSON.stringify(w.payload),
    grant_id: w.grantId,
    user_code: w.userCode,
    uid: w.uid,
    expires_at: w.expiresAt,
  };
  await db
    .insertInto('oidc_payload')
    .values({ model: w.model, id: w.id, consumed_at: null, ...values })
    .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet({ ...values, consumed_at: null }))
    .execute();
}

/** The row unless it has expired at `now`. */
export async function findPayload(db: DbOrTx, model: string, by: 'id' | 'uid' | 'user_code', value: string, now: Date): Promise<OidcPayloadRow | undefined> {
  return db
    .selectFrom('oidc_payload')
    .selectAll()
    .where('model', '=', model)
    .where(by, '=', value)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
}

export async function consumePayload(db: DbOrTx, model: string, id: string, now: Date): Promise<void> {
  await db.updateTable('oidc_payload').set({ consumed_at: now }).where('model', '=', model).where('id', '=', id).execute();
}

export async function deletePayload(db: DbOrTx, model: string, id: string): Promise<void> {
  await db.deleteFrom('oidc_payload').where('model', '=', model).where('id', '=', id).execute();
}

/** Every artefact of a grant, whatever its model (codes, access and refresh tokens, the grant). */
export async function deleteByGrantId(db: DbOrTx, grantId: string): Promise<void> {
  await db.deleteFrom('oidc_payload').where('grant_id', '=', grantId).execute();
}

export async function deleteExpired(db: DbOrTx, now: Date): Promise<number> {
  const result = await db.deleteFrom('oidc_payload').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listPayloads(db: DbOrTx, model: string): Promise<OidcPayloadRow[]> {
  return db.selectFrom('oidc_payload').selectAll().where('model', '=', model).orderBy('id').execute();
}

export async function listSigningKeys(db: DbOrTx): Promise<OidcSigningKeyRow[]> {
  return db.selectFrom('oidc_signing_key').selectAll().orderBy('created_at').orderBy('kid').execute();
}

/**
 * Stores the keys unless some are stored already. Two processes starting at once on an empty
 * table may both store theirs: harmless, every process then loads and publishes all of them.
 */
export async function insertSigningKeysIfNone(db: DbOrTx, rows: (Omit<OidcSigningKeyRow, 'public_jwk'> & { public_jwk: object })[]): Promise<void> {
  await inTransaction(db, async (tx) => {
    const existing = await tx.selectFrom('oidc_signing_key').select('kid').limit(1).executeTakeFirst();
    if (existing) return;
    await tx
      .insertInto('oidc_signing_key')
      .values(rows.map((r) => ({ ...r, public_jwk: JSON.stringify(r.public_jwk) })))
      .onConflict((oc) => oc.column('kid').doNothing())
      .execute();
  });
}
