import { inTransaction } from '../../kernel/db/database.js';
import type { SessionContext } from '../../kernel/http/context.js';
import { DomainError, invalidInput, notFound } from '../../kernel/http/errors.js';
import { newId } from '../../kernel/identity/identity.crypto.js';
import type { Kernel } from '../../kernel/kernel.js';
import { FACT_ITEMS } from './gov24.catalogue.js';
import * as repo from './gov24.life.repository.js';
import { evaluate, itemsReadBy, NOTICE_E_RULES, type Eligibility, type EligibilityRule } from './gov24.notice-e.js';
import { fetchConsentedFacts, type FactsSource } from './gov24.ports.js';
import type { RefundSource, UnrefundedMoney } from './gov24.refunds.js';
import type { RefundClaimRow } from './gov24.tables.js';

/** A Korean bank account number as banks print it: digit groups joined by hyphens. */
const BANK_ACCOUNT = /^\d{2,6}-\d{2,6}-\d{2,8}(?:-\d{1,6})?$/;

export type NoticeE = { consented: false; items: string[] } | { consented: true; consentedAt: Date; results: Eligibility[] };

/**
 * The citizen's own side of Gov24: Notice e (benefits they may be eligible for, from their facts,
 * with consent), their life information (their facts and who holds each) and un-refunded money
 * across agencies, with a claim.
 */
export function createLifeService(kernel: Kernel, deps: { facts: FactsSource; refunds: RefundSource; rules?: readonly EligibilityRule[] }) {
  const { db, clock } = kernel;
  const rules = deps.rules ?? NOTICE_E_RULES;
  /** Gov24's operator, on whose behalf the person's own facts are read: the interior ministry. */
  const operator = async () => {
    const org = (await kernel.identity.listOrganisations()).find((o) => o.code === 'MOIS' && o.kind !== 'business');
    if (!org) throw new DomainError('gov24_operator_missing', 409, 'This deployment has no agency with code MOIS to run Gov24’s own checks.');
    return org.id;
  };

  return {
    rules,
    noticeItems: () => itemsReadBy(rules),

    async noticeE(session: SessionContext): Promise<NoticeE> {
      const consentedAt = await repo.noticeConsentOf(db, session.personId);
      if (!consentedAt) return { consented: false, items: itemsReadBy(rules) };
      const facts = await fetchConsentedFacts(deps.facts, {
        personId: session.personId, agencyId: await operator(), serviceCode: 'gov24.notice-e', serviceName: 'Notice e: benefits you may be eligible for',
        applicationId: `notice-e-${session.personId}-${consentedAt.getTime()}`, items: itemsReadBy(rules),
      });
      return { consented: true, consentedAt, results: evaluate(rules, facts, clock.now()) };
    },

    giveNoticeConsent: (session: SessionContext) => repo.giveNoticeConsent(db, session.personId, clock.now()),
    withdrawNoticeConsent: (session: SessionContext) => repo.withdrawNoticeConsent(db, session.personId),

    /** Every fact the registers hold about the signed-in person, with the holder of each. */
    async lifeInfo(session: SessionContext): Promise<{ facts: Array<{ item: string; holder: string; value: string | undefined }>; refunds: Array<UnrefundedMoney & { claim: RefundClaimRow | undefined }> }> {
      const items = Object.keys(FACT_ITEMS);
      // Opening the page is the person asking to see their own facts: recorded and shown like any access.
      const values = await fetchConsentedFacts(deps.facts, {
        personId: session.personId, agencyId: await operator(), serviceCode: 'gov24.life-information', serviceName: 'My life information', applicationId: `life-information-${session.personId}`, items,
      });
      const claims = await repo.refundClaimsOf(db, session.personId);
      const owed = await deps.refunds.list(session.personId);
      return {
        facts: items.map((item) => ({ item, holder: FACT_ITEMS[item]!.holder, value: values[item] })),
        refunds: owed.map((m) => ({ ...m, claim: claims.find((c) => c.refund_code === m.code) })),
      };
    },

    /** Claims money an agency holds, to the account given; the holder pays it (logged, without the account). */
    async claimRefund(session: SessionContext, code: string, bankAccount: string): Promise<RefundClaimRow> {
      const account = bankAccount.trim();
      if (!BANK_ACCOUNT.test(account)) throw invalidInput([{ field: 'bankAccount', message: 'Enter the account number with its hyphens, for example 110-123-456789.' }]);
      const money = (await deps.refunds.list(session.personId)).find((m) => m.code === code);
      if (!money) throw notFound('The refund');
      const row: RefundClaimRow = {
        id: newId('rfd'), person_id: session.personId, refund_code: money.code, agency_code: money.agencyCode, amount_krw: money.amountKrw, bank_account: account, claimed_at: clock.now(),
      };
      await inTransaction(db, async (tx) => {
        if (!(await repo.insertRefundClaim(tx, row))) throw new DomainError('refund_already_claimed', 409, 'This money has been claimed already.');
        await kernel.notifications.notify(tx, { personId: session.personId, template: 'gov24.notice.refundClaimed', params: { code: money.code, amount: money.amountKrw } });
      });
      return row;
    },
  };
}

export type LifeService = ReturnType<typeof createLifeService>;
