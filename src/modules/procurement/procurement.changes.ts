/**
 * Public acts on a published tender: questions and answers published to all, amendments (one
 * that changes requirements moves the deadline out by the configured minimum) and cancellation
 * with its reason. Each is a transparency-log event carrying the `sha256:` of its published text.
 */
import { inTransaction } from '../../kernel/db/database.js';
import type { SessionContext } from '../../kernel/http/context.js';
import { conflict, DomainError, forbidden, invalidInput, notFound } from '../../kernel/http/errors.js';
import { newId } from '../../kernel/identity/identity.crypto.js';
import type { Kernel } from '../../kernel/kernel.js';
import { sha256Hex } from '../../kernel/trust/ca/ca.service.js';
import { createProcurementRepository as repo } from './procurement.repository.js';
import type { TenderRow } from './procurement.tables.js';
import type { ProcurementSettings } from './procurement.types.js';

/** Error code: questions are no longer taken for this tender. */
export const CLARIFICATION_CLOSED = 'clarification_closed';
/** Error code: the question was answered already; answers are not rewritten. */
export const CLARIFICATION_ANSWERED = 'clarification_already_answered';
/** Error code: the tender was opened or cancelled, so it can no longer change. */
export const TENDER_CLOSED = 'tender_closed';

const textHash = (text: string) => `sha256:${sha256Hex(text)}`;

export interface AmendTenderInput {
  summary: string;
  changesRequirements: boolean;
  /** A later bid deadline; with a requirement change it is raised to the minimum if earlier. */
  bidDeadline?: Date;
  description?: string;
}

export function createTenderChanges(kernel: Kernel, settings: ProcurementSettings) {
  const { db, clock } = kernel;
  const log = kernel.transparencyLog;
  const at = () => clock.now().toISOString();

  async function openTenderOf(session: SessionContext, tenderId: string, options: { beforeDeadline: boolean } = { beforeDeadline: true }): Promise<TenderRow> {
    const tender = await repo(db).findTender(tenderId);
    if (!tender) throw notFound('The tender');
    if (!session.officialOf.includes(tender.agency_id)) throw forbidden('Only officials of the agency can do this.');
    if (tender.status !== 'open' || (options.beforeDeadline && clock.now() >= tender.bid_deadline)) {
      throw conflict(TENDER_CLOSED, 'The tender can no longer change: its deadline passed, or it was opened or cancelled.');
    }
    return tender;
  }

  return {
    /** A member of a registered vendor asks; the question is published without naming the vendor. */
    async askQuestion(session: SessionContext, tenderId: string, input: { vendorId: string; question: string }) {
      const tender = await repo(db).findTender(tenderId);
      if (!tender) throw notFound('The tender');
      const closesAt = tender.clarification_deadline ?? tender.bid_deadline;
      if (tender.status !== 'open' || clock.now() >= closesAt) throw conflict(CLARIFICATION_CLOSED, `Questions closed at ${closesAt.toISOString()}.`);
      if (!(await kernel.identity.businessesOf(session.personId)).includes(input.vendorId)) throw forbidden('You do not act for this business.');
      if (!(await repo(db).findVendor(input.vendorId))) throw new DomainError('vendor_not_registered', 403, 'Register the business as a vendor before asking.');
      const question = input.question.trim();
      if (question.length === 0) throw invalidInput([{ field: 'question', message: 'Write your question.' }]);
      const id = newId('clq');
      await inTransaction(db, async (tx) => {
        await repo(tx).insertClarification({ id, tender_id: tenderId, question, asked_by_vendor: input.vendorId, asked_by: session.personId, asked_at: clock.now() });
        // The asker is withheld from the public record: who is interested in a tender is competitive information.
        await log.appendInTx(tx, { type: 'procurement.clarification-asked', at: at(), agency: 'platform', refs: { tenderId, clarificationId: id, questionSha256: textHash(question) } });
      });
      return { id };
    },

    /** An official of the agency answers; question and answer are then published to all. */
    async answerQuestion(session: SessionContext, clarificationId: string, answer: string) {
      const found = await repo(db).findClarification(clarificationId);
      if (!found) throw notFound('The question');
      const tender = await repo(db).findTender(found.tender_id);
      if (!tender || !session.officialOf.includes(tender.agency_id)) throw forbidden('Only officials of the agency can answer.');
      const text = answer.trim();
      if (text.length === 0) throw invalidInput([{ field: 'answer', message: 'Write the answer.' }]);
      await inTransaction(db, async (tx) => {
        if (!(await repo(tx).answerClarification(clarificationId, text, session.personId, clock.now()))) throw conflict(CLARIFICATION_ANSWERED, 'The question was answered already.');
        await log.appendInTx(tx, {
          type: 'procurement.clarification-answered', at: at(), agency: tender.agency_id,
          refs: { tenderId: tender.id, clarificationId, answerSha256: textHash(text) },
        });
      });
    },

    /** Amends an open tender before its deadline; a requirement change moves the deadline out. */
    async amendTender(session: SessionContext, tenderId: string, input: AmendTenderInput) {
      const tender = await openTenderOf(session, tenderId);
      const now = clock.now();
      const summary = input.summary.trim();
      if (summary.length === 0) throw invalidInput([{ field: 'summary', message: 'Say what changed.' }]);
      if (input.bidDeadline && input.bidDeadline < tender.bid_deadline) throw invalidInput([{ field: 'bidDeadline', message: 'An amendment may move the deadline later, never earlier.' }]);
      let bidDeadline = input.bidDeadline ?? tender.bid_deadline;
      const minimum = new Date(now.getTime() + settings.requirementChangeMinimumMs);
      if (input.changesRequirements && bidDeadline < minimum) bidDeadline = minimum;
      // Opening keeps its distance from the deadline.
      const openingAt = new Date(tender.opening_at.getTime() + (bidDeadline.getTime() - tender.bid_deadline.getTime()));
      const clarificationDeadline = input.changesRequirements ? bidDeadline : tender.clarification_deadline;
      const id = newId('amd');
      await inTransaction(db, async (tx) => {
        const current = await repo(tx).lockTender(tenderId);
        if (!current || current.status !== 'open' || clock.now() >= current.bid_deadline) throw conflict(TENDER_CLOSED, 'The tender can no longer change.');
        await repo(tx).updateTenderTimes(tenderId, {
          bid_deadline: bidDeadline, opening_at: openingAt, clarification_deadline: clarificationDeadline,
          ...(input.description !== undefined ? { description: input.description } : {}),
        });
        const number = (await repo(tx).amendmentsOf(tenderId)).length + 1;
        await repo(tx).insertAmendment({
          id, tender_id: tenderId, number, summary, changes_requirements: input.changesRequirements, previous_bid_deadline: tender.bid_deadline,
          bid_deadline: bidDeadline, opening_at: openingAt, amended_by: session.personId, amended_at: now,
        });
        await log.appendInTx(tx, { type: 'procurement.tender-amended', at: at(), agency: tender.agency_id, refs: { tenderId, amendmentId: id, summarySha256: textHash(summary) } });
      });
      return { id, bidDeadline, openingAt };
    },

    /** Cancels an open tender with a public reason; its sealed bids are never opened. */
    async cancelTender(session: SessionContext, tenderId: string, reason: string) {
      // Until opening: a tender may still be cancelled after its deadline (say, when every bid is void).
      const tender = await openTenderOf(session, tenderId, { beforeDeadline: false });
      const text = reason.trim();
      if (text.length === 0) throw invalidInput([{ field: 'reason', message: 'Give the reason for cancelling.' }]);
      await inTransaction(db, async (tx) => {
        await repo(tx).markCancelled(tenderId, text, clock.now());
        await log.appendInTx(tx, { type: 'procurement.tender-cancelled', at: at(), agency: tender.agency_id, refs: { tenderId, reasonSha256: textHash(text) } });
      });
    },
  };
}
