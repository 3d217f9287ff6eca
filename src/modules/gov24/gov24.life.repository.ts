import type { DbOrTx } from '../../kernel/db/database.js';
import type { RefundClaimRow } from './gov24.tables.js';

export async function noticeConsentOf(db: DbOrTx, personId: string): Promise<Date | undefined> {
  return (await db.selectFrom('gov24_notice_consent').select('consented_at').where('person_id', '=', personId).executeTakeFirst())?.consented_at;
}

export async function giveNoticeConsent(db: DbOrTx, personId: string, at: Date): Promise<void> {
  await db.insertInto('gov24_notice_consent').values({ person_id: personId, consented_at: at }).onConflict((oc) => oc.column('person_id').doNothing()).execute();
}

export async function withdrawNoticeConsent(db: DbOrTx, personId: string): Promise<void> {
  await db.deleteFrom('gov24_notice_consent').where('person_id', '=', personId).execute();
}

export async function refundClaimsOf(db: DbOrTx, personId: string): Promise<RefundClaimRow[]> {
  return db.selectFrom('gov24_refund_claim').selectAll().where('person_id', '=', personId).orderBy('claimed_at').execute();
}

/** False when this money was claimed already. */
export async function insertRefundClaim(db: DbOrTx, row: RefundClaimRow): Promise<boolean> {
  const result = await db.insertInto('gov24_refund_claim').values(row).onConflict((oc) => oc.columns(['person_id', 'refund_code']).doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}
