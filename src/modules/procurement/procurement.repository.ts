import type { Insertable } from 'kysely';
import type { DbOrTx } from '../../kernel/db/database.js';
import type {
  BidRow,
  ProcurementBidTable,
  ProcurementDebarmentTable,
  ProcurementOpeningShareTable,
  ProcurementTenderTable,
  ProcurementVendorTable,
  ShareRow,
  TenderRow,
  VendorRow,
} from './procurement.tables.js';
import type { EcPublicJwk } from './domain/sealing.js';

export function createProcurementRepository(db: DbOrTx) {
  return {
    async insertVendor(row: Insertable<ProcurementVendorTable>): Promise<boolean> {
      const inserted = await db.insertInto('procurement_vendor').values(row).onConflict((oc) => oc.column('organisation_id').doNothing()).returning('organisation_id').executeTakeFirst();
      return inserted !== undefined;
    },
    findVendor: (organisationId: string): Promise<VendorRow | undefined> =>
      db.selectFrom('procurement_vendor').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst(),

    async insertDebarment(row: Insertable<ProcurementDebarmentTable>): Promise<void> {
      await db.insertInto('procurement_debarment').values(row).execute();
    },
    activeDebarment: (organisationId: string, at: Date) =>
      db
        .selectFrom('procurement_debarment')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('starts_at', '<=', at)
        .where('ends_at', '>', at)
        .orderBy('ends_at', 'desc')
        .executeTakeFirst(),

    async upsertOpeningKey(personId: string, jwk: EcPublicJwk, at: Date): Promise<void> {
      await db
        .insertInto('procurement_opening_key')
        .values({ person_id: personId, public_jwk: JSON.stringify(jwk), created_at: at })
        .onConflict((oc) => oc.column('person_id').doUpdateSet({ public_jwk: JSON.stringify(jwk), created_at: at }))
        .execute();
    },
    openingKeysOf: (personIds: string[]) =>
      personIds.length === 0 ? Promise.resolve([]) : db.selectFrom('procurement_opening_key').selectAll().where('person_id', 'in', personIds).execute(),

    async insertTender(row: Insertable<ProcurementTenderTable>, shares: Insertable<ProcurementOpeningShareTable>[]): Promise<void> {
      await db.insertInto('procurement_tender').values(row).execute();
      await db.insertInto('procurement_opening_share').values(shares).execute();
    },
    findTender: (id: string): Promise<TenderRow | undefined> => db.selectFrom('procurement_tender').selectAll().where('id', '=', id).executeTakeFirst(),
    lockTender: (id: string): Promise<TenderRow | undefined> => db.selectFrom('procurement_tender').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
    listTenders: (limit: number): Promise<TenderRow[]> => db.selectFrom('procurement_tender').selectAll().orderBy('published_at', 'desc').orderBy('id').limit(limit).execute(),
    async markOpened(id: string, revealed: string, result: string, at: Date): Promise<void> {
      await db.updateTable('procurement_tender').set({ status: 'opened', revealed_reserve: revealed, result, opened_at: at }).where('id', '=', id).execute();
    },

    sharesOf: (tenderId: string): Promise<ShareRow[]> => db.selectFrom('procurement_opening_share').selectAll().where('tender_id', '=', tenderId).orderBy('person_id').execute(),
    async releaseShare(tenderId: string, personId: string, share: Uint8Array, at: Date): Promise<void> {
      await db.updateTable('procurement_opening_share').set({ released_share: share, released_at: at }).where('tender_id', '=', tenderId).where('person_id', '=', personId).execute();
    },

    async replaceVendorBids(tenderId: string, vendorId: string, status: 'replaced' | 'withdrawn'): Promise<number> {
      const result = await db
        .updateTable('procurement_bid')
        .set({ status })
        .where('tender_id', '=', tenderId)
        .where('vendor_id', '=', vendorId)
        .where('status', '=', 'valid')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async insertBid(row: Insertable<ProcurementBidTable>): Promise<void> {
      await db.insertInto('procurement_bid').values(row).execute();
    },
    validBids: (tenderId: string): Promise<BidRow[]> =>
      db.selectFrom('procurement_bid').selectAll().where('tender_id', '=', tenderId).where('status', '=', 'valid').orderBy('submitted_at').orderBy('id').execute(),
    countValidBids: async (tenderId: string): Promise<number> =>
      Number(
        (await db.selectFrom('procurement_bid').select((eb) => eb.fn.countAll<number>().as('n')).where('tender_id', '=', tenderId).where('status', '=', 'valid').executeTakeFirst())?.n ?? 0,
      ),
  };
}

export type ProcurementRepository = ReturnType<typeof createProcurementRepository>;
