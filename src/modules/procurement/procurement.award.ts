/**
 * After opening: the agency decides the award to the winning bid; a standstill period follows
 * in which any bidder of the tender may complain. A pending complaint suspends the award until
 * it is decided; an upheld complaint annuls it. The award is final once the standstill has ended
 * with no complaint pending and it was not annulled; only then may a contract follow.
 * Every step is a public act in the transparency log, and the reasons are published.
 */
import { inTransaction } from '../../kernel/db/database.js';
import type { SessionContext } from '../../kernel/http/context.js';
import { conflict, DomainError, forbidden, invalidInput, notFound } from '../../kernel/http/errors.js';
import { newId } from '../../kernel/identity/identity.crypto.js';
import type { Kernel } from '../../kernel/kernel.js';
import { sha256Hex } from '../../kernel/trust/ca/ca.service.js';
import { createProcurementRepository as repo } from './procurement.repository.js';
import type { TenderResult } from './procurement.service.js';
import type { AwardRow, ComplaintRow } from './procurement.tables.js';
import type { ProcurementSettings } from './procurement.types.js';

/** Error code: the tender has not been opened, so there is nothing to award. */
export const TENDER_NOT_OPENED = 'tender_not_opened';
/** Error code: the opening found no bid that can be awarded. */
export const NO_WINNING_BID = 'no_winning_bid';
/** Error code: the award was decided already. */
export const AWARD_ALREADY_DECIDED = 'award_already_decided';
/** Error code: complaints are taken only during the standstill period. */
export const STANDSTILL_OVER = 'standstill_over';
/** Error code: only vendors whose bid was opened may complain. */
export const NOT_A_BIDDER = 'not_a_bidder';
/** Error code: the complaint was decided already. */
export const COMPLAINT_ALREADY_DECIDED = 'complaint_already_decided';

export type AwardState = 'standstill' | 'suspended' | 'final' | 'annulled';

/** The award's state now, from its row and the tender's complaints. */
export function awardState(award: AwardRow, complaints: readonly ComplaintRow[], now: Date): AwardState {
  if (award.annulled_at) return 'annulled';
  if (complaints.some((c) => c.status === 'pending')) return 'suspended';
  return now >= award.standstill_ends_at ? 'final' : 'standstill';
}

const DAY = 86_400_000;
const textHash = (text: string) => `sha256:${sha256Hex(text)}`;

export function createAwardDecisions(kernel: Kernel, settings: ProcurementSettings) {
  const { db, clock } = kernel;
  const log = kernel.transparencyLog;
  const at = () => clock.now().toISOString();

  async function openedTender(tenderId: string) {
    const tender = await repo(db).findTender(tenderId);
    if (!tender) throw notFound('The tender');
    if (tender.status !== 'opened' || !tender.result) throw conflict(TENDER_NOT_OPENED, 'The tender has not been opened.');
    return { tender, result: tender.result as TenderResult };
  }

  return {
    /** The agency awards the tender to the winning bid of the published result; the standstill starts. */
    async decideAward(session: SessionContext, tenderId: string) {
      const { tender, result } = await openedTender(tenderId);
      if (!session.officialOf.includes(tender.agency_id)) throw forbidden('Only officials of the agency can decide the award.');
      const winner = result.award.winner;
      if (!winner) throw conflict(NO_WINNING_BID, 'No bid of the opening can be awarded.');
      const now = clock.now();
      const standstillEndsAt = new Date(now.getTime() + settings.standstillDays * DAY);
      await inTransaction(db, async (tx) => {
        const added = await repo(tx).insertAward({
          tender_id: tenderId, bid_id: winner.bidId, vendor_id: winner.vendorId, price: winner.price, decided_by: session.personId, decided_at: now, standstill_ends_at: standstillEndsAt,
        });
        if (!added) throw conflict(AWARD_ALREADY_DECIDED, 'The award was decided already.');
        await log.appendInTx(tx, { type: 'procurement.award-decided', at: at(), agency: tender.agency_id, refs: { tenderId, bidId: winner.bidId, vendorId: winner.vendorId } });
      });
      return { vendorId: winner.vendorId, price: winner.price, standstillEndsAt };
    },

    /** A bidder of the tender complains during the standstill; the award is suspended until decided. */
    async fileComplaint(session: SessionContext, tenderId: string, input: { vendorId: string; grounds: string }) {
      const { result } = await openedTender(tenderId);
      if (!(await kernel.identity.businessesOf(session.personId)).includes(input.vendorId)) throw forbidden('You do not act for this business.');
      const bidders = new Set([...result.opened.map((b) => b.vendorId), ...result.invalid.map((b) => b.vendorId)]);
      if (!bidders.has(input.vendorId)) throw new DomainError(NOT_A_BIDDER, 403, 'Only vendors whose bid was opened may complain.');
      const grounds = input.grounds.trim();
      if (grounds.length === 0) throw invalidInput([{ field: 'grounds', message: 'Give the grounds of the complaint.' }]);
      const id = newId('cmp');
      await inTransaction(db, async (tx) => {
        const award = await repo(tx).lockAward(tenderId);
        if (!award || award.annulled_at || clock.now() >= award.standstill_ends_at) throw conflict(STANDSTILL_OVER, 'Complaints are taken only during the standstill period of a decided award.');
        await repo(tx).insertComplaint({ id, tender_id: tenderId, vendor_id: input.vendorId, filed_by: session.personId, filed_at: clock.now(), grounds, status: 'pending' });
        await log.appendInTx(tx, { type: 'procurement.complaint-filed', at: at(), agency: input.vendorId, refs: { tenderId, complaintId: id, groundsSha256: textHash(grounds) } });
      });
      return { id };
    },

    /** Decides a complaint with published reasons; upholding it annuls the award. */
    async decideComplaint(session: SessionContext, complaintId: string, input: { uphold: boolean; reasons: string }) {
      const complaint = await repo(db).findComplaint(complaintId);
      if (!complaint) throw notFound('The complaint');
      const tender = await repo(db).findTender(complaint.tender_id);
      if (!tender || !session.officialOf.includes(tender.agency_id)) throw forbidden('Only officials of the agency can decide a complaint.');
      const reasons = input.reasons.trim();
      if (reasons.length === 0) throw invalidInput([{ field: 'reasons', message: 'Give the reasons of the decision.' }]);
      await inTransaction(db, async (tx) => {
        await repo(tx).lockAward(tender.id);
        if (!(await repo(tx).decideComplaint(complaintId, input.uphold ? 'upheld' : 'dismissed', reasons, session.personId, clock.now()))) {
          throw conflict(COMPLAINT_ALREADY_DECIDED, 'The complaint was decided already.');
        }
        if (input.uphold) await repo(tx).annulAward(tender.id, clock.now());
        await log.appendInTx(tx, {
          type: input.uphold ? 'procurement.complaint-upheld' : 'procurement.complaint-dismissed', at: at(), agency: tender.agency_id,
          refs: { tenderId: tender.id, complaintId, reasonsSha256: textHash(reasons) },
        });
      });
    },

    /** The award and its complaints as published, with the state now. */
    async awardView(tenderId: string) {
      const [award, complaints] = await Promise.all([repo(db).findAward(tenderId), repo(db).complaintsOf(tenderId)]);
      return { award, complaints, state: award ? awardState(award, complaints, clock.now()) : undefined };
    },
    complaintsByVendor: (vendorId: string) => repo(db).complaintsByVendor(vendorId),
  };
}
