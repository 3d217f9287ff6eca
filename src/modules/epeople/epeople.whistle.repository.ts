import type { DbOrTx } from '../../kernel/db/database.js';
import type { EcPublicJwk } from '../../kernel/trust/threshold/threshold.js';
import type { IdentityOpeningRow, InboxMessageRow, ProtectionOfficerRow, SealedIdentityRow } from './epeople.whistle.tables.js';

export async function upsertProtectionOfficer(db: DbOrTx, agencyId: string, personId: string, jwk: EcPublicJwk, at: Date): Promise<void> {
  await db
    .insertInto('epeople_protection_officer')
    .values({ agency_id: agencyId, person_id: personId, public_jwk: JSON.stringify(jwk), designated_at: at })
    .onConflict((oc) => oc.columns(['agency_id', 'person_id']).doUpdateSet({ public_jwk: JSON.stringify(jwk), designated_at: at }))
    .execute();
}

export async function listProtectionOfficers(db: DbOrTx, agencyId: string): Promise<ProtectionOfficerRow[]> {
  return db.selectFrom('epeople_protection_officer').selectAll().where('agency_id', '=', agencyId).orderBy('designated_at').orderBy('person_id').execute();
}

export async function isProtectionOfficer(db: DbOrTx, agencyId: string, personId: string): Promise<boolean> {
  const row = await db.selectFrom('epeople_protection_officer').select('person_id').where('agency_id', '=', agencyId).where('person_id', '=', personId).executeTakeFirst();
  return row !== undefined;
}

export async function insertSealedIdentity(
  db: DbOrTx,
  row: SealedIdentityRow,
  shares: { person_id: string; jwe: string; fingerprint: string }[],
): Promise<void> {
  await db.insertInto('epeople_sealed_identity').values(row).execute();
  await db.insertInto('epeople_identity_share').values(shares.map((s) => ({ case_id: row.case_id, ...s }))).execute();
}

export async function findSealedIdentity(db: DbOrTx, caseId: string): Promise<SealedIdentityRow | undefined> {
  return db.selectFrom('epeople_sealed_identity').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function findShare(db: DbOrTx, caseId: string, personId: string): Promise<{ jwe: string; fingerprint: string } | undefined> {
  return db.selectFrom('epeople_identity_share').select(['jwe', 'fingerprint']).where('case_id', '=', caseId).where('person_id', '=', personId).executeTakeFirst();
}

/** The opening waiting for a second officer, locked for the caller's transaction. */
export async function findPendingOpeningForUpdate(db: DbOrTx, caseId: string): Promise<IdentityOpeningRow | undefined> {
  return db.selectFrom('epeople_identity_opening').selectAll().where('case_id', '=', caseId).where('completed_at', 'is', null).forUpdate().executeTakeFirst();
}

export async function insertOpening(db: DbOrTx, row: IdentityOpeningRow): Promise<void> {
  await db.insertInto('epeople_identity_opening').values(row).execute();
}

/** Completes an opening and erases the share that waited. */
export async function completeOpening(db: DbOrTx, id: string, by: string, at: Date, logPendingId: number): Promise<void> {
  await db.updateTable('epeople_identity_opening').set({ pending_share: null, completed_by: by, completed_at: at, log_pending_id: logPendingId }).where('id', '=', id).execute();
}

export async function listOpenings(db: DbOrTx, caseId: string): Promise<Omit<IdentityOpeningRow, 'pending_share'>[]> {
  return db
    .selectFrom('epeople_identity_opening')
    .select(['id', 'case_id', 'reason', 'requested_by', 'requested_at', 'completed_by', 'completed_at', 'log_pending_id'])
    .where('case_id', '=', caseId)
    .orderBy('requested_at')
    .orderBy('id')
    .execute();
}

export async function insertCaseCode(db: DbOrTx, caseId: string, codeHash: string, at: Date): Promise<void> {
  await db.insertInto('epeople_case_code').values({ case_id: caseId, code_hash: codeHash, created_at: at }).execute();
}

export async function findCaseIdByCodeHash(db: DbOrTx, codeHash: string): Promise<string | undefined> {
  return (await db.selectFrom('epeople_case_code').select('case_id').where('code_hash', '=', codeHash).executeTakeFirst())?.case_id;
}

export async function hasCaseCode(db: DbOrTx, caseId: string): Promise<boolean> {
  return (await db.selectFrom('epeople_case_code').select('case_id').where('case_id', '=', caseId).executeTakeFirst()) !== undefined;
}

export async function insertInboxMessage(db: DbOrTx, message: Omit<InboxMessageRow, 'id'>): Promise<void> {
  await db.insertInto('epeople_inbox_message').values(message).execute();
}

export async function listInboxMessages(db: DbOrTx, caseId: string): Promise<InboxMessageRow[]> {
  const rows = await db.selectFrom('epeople_inbox_message').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
