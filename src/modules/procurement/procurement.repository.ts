import type { Insertable } from 'kysely';
import type { DbOrTx } from '../../kernel/db/database.js';
import type {
  AmendmentRow,
  AwardRow,
  ComplaintRow,
  ProcurementAwardTable,
  ProcurementComplaintTable,
  BidRow,
  ClarificationRow,
  ProcurementAmendmentTable,
  ProcurementClarificationTable,
  ProcurementTenderItemTable,
  TenderItemRow,
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
    debarmentsOf: (organisationId: string) =>
      db.selectFrom('procurement_debarment').selectAll().where('organisation_id', '=', organisationId).orderBy('starts_at', 'desc').execute(),
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

    async insertTender(row: Insertable<ProcurementTenderTable>, shares: Insertable<ProcurementOpeningShareTable>[], items: Insertable<ProcurementTenderItemTable>[] = []): Promise<void> {
      await db.insertInto('procurement_tender').values(row).execute();
      await db.insertInto('procurement_opening_share').values(shares).execute();
      if (items.length > 0) await db.insertInto('procurement_tender_item').values(items).execute();
    },
    itemsOf: (tenderId: string): Promise<TenderItemRow[]> =>
      db.selectFrom('procurement_tender_item').selectAll().where('tender_id', '=', tenderId).orderBy('position').execute(),
    async replaceItems(tenderId: string, items: Insertable<ProcurementTenderItemTable>[]): Promise<void> {
      await db.deleteFrom('procurement_tender_item').where('tender_id', '=', tenderId).execute();
      if (items.length > 0) await db.insertInto('procurement_tender_item').values(items).execute();
    },
    async updateTenderTimes(id: string, times: { bid_deadline: Date; opening_at: Date; clarification_deadline: Date | null; description?: string }): Promise<void> {
      await db.updateTable('procurement_tender').set(times).where('id', '=', id).execute();
    },
    async markCancelled(id: string, reason: string, at: Date): Promise<void> {
      await db.updateTable('procurement_tender').set({ status: 'cancelled', cancel_reason: reason, cancelled_at: at }).where('id', '=', id).where('status', '=', 'open').execute();
    },

    async insertClarification(row: Insertable<ProcurementClarificationTable>): Promise<void> {
      await db.insertInto('procurement_clarification').values(row).execute();
    },
    findClarification: (id: string): Promise<ClarificationRow | undefined> => db.selectFrom('procurement_clarification').selectAll().where('id', '=', id).executeTakeFirst(),
    async answerClarification(id: string, answer: string, by: string, at: Date): Promise<boolean> {
      const r = await db.updateTable('procurement_clarification').set({ answer, answered_by: by, answered_at: at }).where('id', '=', id).where('answer', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    clarificationsOf: (tenderId: string): Promise<ClarificationRow[]> =>
      db.selectFrom('procurement_clarification').selectAll().where('tender_id', '=', tenderId).orderBy('asked_at').orderBy('id').execute(),

    async insertAmendment(row: Insertable<ProcurementAmendmentTable>): Promise<void> {
      await db.insertInto('procurement_amendment').values(row).execute();
    },
    amendmentsOf: (tenderId: string): Promise<AmendmentRow[]> =>
      db.selectFrom('procurement_amendment').selectAll().where('tender_id', '=', tenderId).orderBy('number').execute(),

    async insertAward(row: Insertable<ProcurementAwardTable>): Promise<boolean> {
      const inserted = await db.insertInto('procurement_award').values(row).onConflict((oc) => oc.column('tender_id').doNothing()).returning('tender_id').executeTakeFirst();
      return inserted !== undefined;
    },
    findAward: (tenderId: string): Promise<AwardRow | undefined> => db.selectFrom('procurement_award').selectAll().where('tender_id', '=', tenderId).executeTakeFirst(),
    lockAward: (tenderId: string): Promise<AwardRow | undefined> => db.selectFrom('procurement_award').selectAll().where('tender_id', '=', tenderId).forUpdate().executeTakeFirst(),
    async annulAward(tenderId: string, at: Date): Promise<void> {
      await db.updateTable('procurement_award').set({ annulled_at: at }).where('tender_id', '=', tenderId).execute();
    },
    async insertComplaint(row: Insertable<ProcurementComplaintTable>): Promise<void> {
      await db.insertInto('procurement_complaint').values(row).execute();
    },
    findComplaint: (id: string): Promise<ComplaintRow | undefined> => db.selectFrom('procurement_complaint').selectAll().where('id', '=', id).executeTakeFirst(),
    async decideComplaint(id: string, status: 'upheld' | 'dismissed', reasons: string, by: string, at: Date): Promise<boolean> {
      const r = await db
        .updateTable('procurement_complaint')
        .set({ status, decision_reasons: reasons, decided_by: by, decided_at: at })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    complaintsOf: (tenderId: string): Promise<ComplaintRow[]> =>
      db.selectFrom('procurement_complaint').selectAll().where('tender_id', '=', tenderId).orderBy('filed_at').orderBy('id').execute(),
    complaintsByVendor: (vendorId: string): Promise<ComplaintRow[]> =>
      db.selectFrom('procurement_complaint').selectAll().where('vendor_id', '=', vendorId).orderBy('filed_at', 'desc').orderBy('id').execute(),

    /** Every bid a vendor sent, with its tender, newest first. */
    bidsOfVendor: (vendorId: string) =>
      db
        .selectFrom('procurement_bid as b')
        .innerJoin('procurement_tender as t', 't.id', 'b.tender_id')
        .select(['b.id', 'b.tender_id', 'b.status', 'b.submitted_at', 'b.commitment', 't.title', 't.agency_id', 't.status as tender_status', 't.result'])
        .where('b.vendor_id', '=', vendorId)
        .orderBy('b.submitted_at', 'desc')
        .orderBy('b.id')
        .execute(),
    findTender: (id: string): Promise<TenderRow | undefined> => db.selectFrom('procurement_tender').selectAll().where('id', '=', id).executeTakeFirst(),
    lockTender: (id: string): Promise<TenderRow | undefined> => db.selectFrom('procurement_tender').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
    listTenders: (limit: number, offset = 0): Promise<TenderRow[]> =>
      db.selectFrom('procurement_tender').selectAll().orderBy('published_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
    countTenders: async (): Promise<number> =>
      Number((await db.selectFrom('procurement_tender').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0),
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
