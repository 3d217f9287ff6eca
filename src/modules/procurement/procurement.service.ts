/**
 * e-Procurement: vendor registration and debarment, tenders with a committed reserve-price draw,
 * sealed bids, and opening by k of n opening officials after the deadline. Every change is a
 * public act in the transparency log. The sealing itself is in domain/sealing.ts; the reasons
 * are in docs/procurement-sealed-bids.md.
 */
import { randomBytes } from 'node:crypto';
import { inTransaction } from '../../kernel/db/database.js';
import type { SessionContext } from '../../kernel/http/context.js';
import { conflict, DomainError, forbidden, invalidInput, notFound } from '../../kernel/http/errors.js';
import { newId } from '../../kernel/identity/identity.crypto.js';
import type { Kernel } from '../../kernel/kernel.js';
import { sha256Hex } from '../../kernel/trust/ca/ca.service.js';
import { award, type AwardMethod, type AwardResult, type OpenedBid } from './domain/award.js';
import { openSealedBids, type OpeningRejection, type SealedSubmission } from './domain/opening.js';
import { commitReservePrices, drawReservePrices } from './domain/reserve-price.js';
import {
  bidCommitment,
  createOpeningKey,
  isSealedBidShape,
  openReservePrices,
  recoverOpeningKey,
  sealReservePrices,
  type EcPublicJwk,
} from './domain/sealing.js';
import { createProcurementRepository } from './procurement.repository.js';
import { createAwardDecisions } from './procurement.award.js';
import { createTenderChanges } from './procurement.changes.js';
import type { BidRow, TenderKind, TenderMethod, TenderRow } from './procurement.tables.js';
import { DEFAULT_PROCUREMENT_SETTINGS, type ProcurementSettings } from './procurement.types.js';

/** Error code: the bid deadline has passed; the answer carries the server time. */
export const BID_DEADLINE_PASSED = 'bid_deadline_passed';
/** Error code: the vendor is debarred now. */
export const VENDOR_DEBARRED = 'vendor_debarred';
/** Error code: the business is not registered as a vendor. */
export const VENDOR_NOT_REGISTERED = 'vendor_not_registered';
/** Error code: opening asked for before the opening time. */
export const OPENING_TOO_EARLY = 'opening_too_early';
/** Error code: fewer released shares than the threshold. */
export const OPENING_SHARES_MISSING = 'opening_shares_missing';
/** Error code: the tender is not open for bids (opened or cancelled). */
export const TENDER_NOT_OPEN = 'tender_not_open';
/** Error code: an opening official has not registered an opening key. */
export const OPENING_KEY_MISSING = 'opening_key_missing';

export interface PublishTenderInput {
  agencyId: string;
  title: string;
  kind: TenderKind;
  awardMethod: TenderMethod;
  baseAmount: number;
  bandBasisPoints: number;
  floorRateMillis: number;
  bidDeadline: Date;
  openingAt: Date;
  openingOfficials: string[];
  threshold: number;
  description?: string;
  /** Questions are taken until then; defaults to the bid deadline. */
  clarificationDeadline?: Date;
  items?: TenderItemInput[];
}

export interface TenderItemInput {
  /** UNSPSC commodity code, 8 digits. */
  unspsc: string;
  description: string;
  quantity: number;
  unit: string;
}

export const isUnspsc = (code: string) => /^\d{8}$/.test(code);

/** Why a bid was not admitted to ranking at opening. */
export type InvalidBidReason = OpeningRejection;

export interface TenderResult {
  award: AwardResult;
  invalid: { bidId: string; vendorId: string; reason: InvalidBidReason }[];
  /** Every bid as opened, so anyone can redo the ranking. */
  opened: { bidId: string; vendorId: string; price: number; picks?: number[]; commitment: string }[];
}

export function createProcurementService(kernel: Kernel, settings: ProcurementSettings = DEFAULT_PROCUREMENT_SETTINGS) {
  const { db, clock } = kernel;
  const repo = createProcurementRepository;
  const log = kernel.transparencyLog;
  const at = () => clock.now().toISOString();

  async function requireBusinessMember(session: SessionContext, organisationId: string) {
    const org = await kernel.identity.getOrganisation(organisationId);
    if (!org || org.kind !== 'business') throw notFound('The business');
    if (!(await kernel.identity.businessesOf(session.personId)).includes(organisationId)) throw forbidden('You do not act for this business.');
    return org;
  }

  function requireOfficialOf(session: SessionContext, agencyId: string): void {
    if (!session.officialOf.includes(agencyId)) throw forbidden('Only officials of the agency can do this.');
  }

  async function tenderOr404(id: string): Promise<TenderRow> {
    const tender = await repo(db).findTender(id);
    if (!tender) throw notFound('The tender');
    return tender;
  }

  return {
    /** One registration to bid anywhere; issues the vendor's signing certificate. */
    async registerVendor(session: SessionContext, input: { organisationId: string; categories: string[]; contactEmail: string }) {
      const org = await requireBusinessMember(session, input.organisationId);
      if (!org.business_registration_number) throw new DomainError('business_unregistered', 422, `${org.name_en} is not in the business registry.`);
      const added = await inTransaction(db, async (tx) => {
        const inserted = await repo(tx).insertVendor({
          organisation_id: org.id,
          categories: input.categories,
          contact_email: input.contactEmail,
          registered_by: session.personId,
          registered_at: clock.now(),
        });
        if (inserted) await log.appendInTx(tx, { type: 'procurement.vendor-registered', at: at(), agency: 'platform', refs: { vendorId: org.id } });
        return inserted;
      });
      if (!added) throw conflict('vendor_already_registered', `${org.name_en} is already registered as a vendor.`);
      const certificate = await kernel.pki.issueBusinessCertificate(session.personId, org.id);
      return { organisationId: org.id, certificateSerial: certificate.serial };
    },

    /** Debarment by a platform administrator: blocks bidding for the period, with a public reason. */
    async debarVendor(session: SessionContext, input: { organisationId: string; reason: string; until: Date }) {
      if (!session.roles.some((r) => r.role === 'platform_admin')) throw forbidden('Only a platform administrator can debar a vendor.');
      if (!(await repo(db).findVendor(input.organisationId))) throw new DomainError(VENDOR_NOT_REGISTERED, 404, 'The business is not a registered vendor.');
      if (input.until <= clock.now()) throw invalidInput([{ field: 'until', message: 'A debarment ends in the future.' }]);
      const id = newId('dbr');
      await inTransaction(db, async (tx) => {
        await repo(tx).insertDebarment({ id, organisation_id: input.organisationId, reason: input.reason, starts_at: clock.now(), ends_at: input.until, decided_by: session.personId, created_at: clock.now() });
        await log.appendInTx(tx, { type: 'procurement.vendor-debarred', at: at(), agency: 'platform', refs: { vendorId: input.organisationId, debarmentId: id } });
      });
      return { id };
    },

    /** An opening official's own public key; the private half never reaches Nara. */
    async registerOpeningKey(session: SessionContext, jwk: EcPublicJwk) {
      if (session.officialOf.length === 0) throw forbidden('Only officials hold opening keys.');
      await repo(db).upsertOpeningKey(session.personId, jwk, clock.now());
    },

    async publishTender(session: SessionContext, input: PublishTenderInput) {
      requireOfficialOf(session, input.agencyId);
      const now = clock.now();
      const problems = [];
      if (input.bidDeadline <= now) problems.push({ field: 'bidDeadline', message: 'The bid deadline must be in the future.' });
      if (input.openingAt < input.bidDeadline) problems.push({ field: 'openingAt', message: 'Opening cannot come before the bid deadline.' });
      const officials = [...new Set(input.openingOfficials)];
      if (officials.length < 2) problems.push({ field: 'openingOfficials', message: 'Name at least two opening officials.' });
      if (input.threshold < 2 || input.threshold > officials.length) problems.push({ field: 'threshold', message: 'The threshold is between 2 and the number of opening officials.' });
      if (input.clarificationDeadline && (input.clarificationDeadline <= now || input.clarificationDeadline > input.bidDeadline)) {
        problems.push({ field: 'clarificationDeadline', message: 'Questions close after publication and no later than the bid deadline.' });
      }
      if ((input.items ?? []).some((item) => !isUnspsc(item.unspsc))) problems.push({ field: 'items', message: 'Each item has an 8-digit UNSPSC code.' });
      if (problems.length > 0) throw invalidInput(problems);
      const keys = await repo(db).openingKeysOf(officials);
      const missing = officials.filter((id) => !keys.some((k) => k.person_id === id));
      if (missing.length > 0) throw new DomainError(OPENING_KEY_MISSING, 422, `These opening officials have not registered an opening key: ${missing.join(', ')}.`);
      for (const official of officials) {
        const posts = await kernel.identity.officialPostsOf(official);
        if (!posts.some((p) => p.organisationId === input.agencyId)) throw invalidInput([{ field: 'openingOfficials', message: `${official} is not an official of the agency.` }]);
      }

      const id = newId('tnd');
      const setup = await createOpeningKey(keys.map((k) => ({ holderId: k.person_id, publicJwk: k.public_jwk })), input.threshold);
      const draw = { prices: drawReservePrices({ baseAmount: input.baseAmount, bandBasisPoints: input.bandBasisPoints }), salt: randomBytes(32).toString('base64url') };
      const commitment = commitReservePrices({ tenderId: id, ...draw });
      const sealedDraw = await sealReservePrices(draw, setup.publicJwk);
      draw.prices.fill(0);
      await inTransaction(db, async (tx) => {
        await repo(tx).insertTender(
          {
            id, agency_id: input.agencyId, title: input.title, kind: input.kind, award_method: input.awardMethod,
            base_amount: input.baseAmount, band_basis_points: input.bandBasisPoints, floor_rate_millis: input.floorRateMillis,
            published_at: now, bid_deadline: input.bidDeadline, opening_at: input.openingAt, status: 'open', threshold: input.threshold,
            opening_public_jwk: JSON.stringify(setup.publicJwk), sealed_reserve_prices: sealedDraw, reserve_commitment: commitment,
            description: input.description ?? '', clarification_deadline: input.clarificationDeadline ?? input.bidDeadline,
          },
          setup.shares.map((s) => ({ tender_id: id, person_id: s.holderId, jwe: s.jwe })),
          (input.items ?? []).map((item, i) => ({ tender_id: id, position: i + 1, ...item })),
        );
        await log.appendInTx(tx, { type: 'procurement.tender-published', at: at(), agency: input.agencyId, refs: { tenderId: id, reserveCommitment: commitment } });
      });
      return { id, reserveCommitment: commitment, openingPublicJwk: setup.publicJwk };
    },

    settings,
    ...createTenderChanges(kernel, settings),
    ...createAwardDecisions(kernel, settings),
    getTender: tenderOr404,
    listTenders: (limit = 50, offset = 0) => repo(db).listTenders(limit, offset),
    countTenders: () => repo(db).countTenders(),
    /** Everything the public tender page shows. */
    async tenderView(id: string) {
      const tender = await tenderOr404(id);
      const [items, clarifications, amendments, validBids, shares] = await Promise.all([
        repo(db).itemsOf(id), repo(db).clarificationsOf(id), repo(db).amendmentsOf(id), repo(db).countValidBids(id), repo(db).sharesOf(id),
      ]);
      return { tender, items, clarifications, amendments, validBids, openingOfficials: shares.length };
    },
    /** A vendor's public page: registration, debarments, every bid and what became of it. */
    async vendorView(organisationId: string) {
      const vendor = await repo(db).findVendor(organisationId);
      const organisation = vendor ? await kernel.identity.getOrganisation(organisationId) : undefined;
      if (!vendor || !organisation) throw notFound('The vendor');
      const [debarments, bids, complaints] = await Promise.all([repo(db).debarmentsOf(organisationId), repo(db).bidsOfVendor(organisationId), repo(db).complaintsByVendor(organisationId)]);
      return { vendor, organisation, debarments, bids, complaints };
    },
    /** The registered vendors a person acts for. */
    async vendorsOf(personId: string): Promise<string[]> {
      const mine = [];
      for (const id of await kernel.identity.businessesOf(personId)) if (await repo(db).findVendor(id)) mine.push(id);
      return mine;
    },
    /** Organisations by id, for names on pages. */
    async organisationsById(): Promise<Map<string, { id: string; name_en: string; name_ko: string }>> {
      return new Map((await kernel.identity.listOrganisations()).map((o) => [o.id, o]));
    },
    countValidBids: (tenderId: string) => repo(db).countValidBids(tenderId),
    /** The opening official's encrypted share, to decrypt on their own device. */
    async shareFor(session: SessionContext, tenderId: string) {
      const share = (await repo(db).sharesOf(tenderId)).find((s) => s.person_id === session.personId);
      if (!share) throw forbidden('You hold no share of this tender’s opening key.');
      return share.jwe;
    },

    /** A sealed bid; the last valid one before the deadline counts. Signed with the vendor certificate. */
    async submitBid(session: SessionContext, tenderId: string, input: { vendorId: string; sealed: string }) {
      const tender = await tenderOr404(tenderId);
      const now = clock.now();
      if (tender.status !== 'open') throw conflict(TENDER_NOT_OPEN, 'The tender does not take bids.');
      if (now >= tender.bid_deadline) {
        throw new DomainError(BID_DEADLINE_PASSED, 409, `The bid deadline was ${tender.bid_deadline.toISOString()}; the server time is ${now.toISOString()}.`, { serverTime: now.toISOString() });
      }
      await requireBusinessMember(session, input.vendorId);
      if (!(await repo(db).findVendor(input.vendorId))) throw new DomainError(VENDOR_NOT_REGISTERED, 403, 'Register the business as a vendor before bidding.');
      const debarment = await repo(db).activeDebarment(input.vendorId, now);
      if (debarment) throw new DomainError(VENDOR_DEBARRED, 403, `The vendor is debarred until ${debarment.ends_at.toISOString()}: ${debarment.reason}`);
      if (!isSealedBidShape(input.sealed)) throw invalidInput([{ field: 'sealed', message: 'The bid must be sealed (compact JWE, ECDH-ES, A256GCM) to the tender’s opening key.' }]);

      const bidId = newId('bid');
      const commitment = bidCommitment(input.sealed);
      const statement = { tenderId, vendorId: input.vendorId, bidId, commitment };
      const signed = await kernel.pki.signing.signJson(session, statement, { organisationId: input.vendorId });
      const pendingId = await inTransaction(db, async (tx) => {
        const current = await repo(tx).lockTender(tenderId);
        if (!current || current.status !== 'open' || clock.now() >= current.bid_deadline) throw conflict(BID_DEADLINE_PASSED, 'The bid deadline passed while the bid was being signed.');
        await repo(tx).replaceVendorBids(tenderId, input.vendorId, 'replaced');
        await repo(tx).insertBid({
          id: bidId, tender_id: tenderId, vendor_id: input.vendorId, submitted_by: session.personId, sealed: input.sealed,
          commitment, statement_jws: signed.jws, submitted_at: signed.signedAt, status: 'valid',
        });
        return log.appendInTx(tx, { type: 'procurement.bid-submitted', at: at(), agency: input.vendorId, refs: { tenderId, bidId, commitment } });
      });
      return { bidId, commitment, logPendingId: pendingId };
    },

    async withdrawBid(session: SessionContext, tenderId: string, vendorId: string) {
      const tender = await tenderOr404(tenderId);
      if (tender.status !== 'open' || clock.now() >= tender.bid_deadline) throw conflict(BID_DEADLINE_PASSED, 'Bids can be withdrawn only before the deadline.');
      await requireBusinessMember(session, vendorId);
      await inTransaction(db, async (tx) => {
        if ((await repo(tx).replaceVendorBids(tenderId, vendorId, 'withdrawn')) === 0) throw notFound('A valid bid of this vendor');
        await log.appendInTx(tx, { type: 'procurement.bid-withdrawn', at: at(), agency: vendorId, refs: { tenderId } });
      });
    },

    /** After the deadline an opening official releases the share they decrypted on their device. */
    async releaseShare(session: SessionContext, tenderId: string, share: Uint8Array) {
      const tender = await tenderOr404(tenderId);
      if (clock.now() < tender.bid_deadline) throw new DomainError(OPENING_TOO_EARLY, 409, `Shares are released after the bid deadline, ${tender.bid_deadline.toISOString()}.`);
      if (share.length < 2 || share.length > 64) throw invalidInput([{ field: 'share', message: 'That is not a share of an opening key.' }]);
      if (!(await repo(db).sharesOf(tenderId)).some((s) => s.person_id === session.personId)) throw forbidden('You hold no share of this tender’s opening key.');
      await inTransaction(db, async (tx) => {
        await repo(tx).releaseShare(tenderId, session.personId, share, clock.now());
        await log.appendInTx(tx, { type: 'procurement.share-released', at: at(), agency: tender.agency_id, refs: { tenderId } });
      });
    },

    /** Opens the tender: rebuilds the key, reveals the draw, opens and checks every bid, awards, publishes. */
    async openTender(session: SessionContext, tenderId: string): Promise<TenderResult> {
      const tender = await tenderOr404(tenderId);
      requireOfficialOf(session, tender.agency_id);
      if (tender.status === 'opened') return tender.result as TenderResult;
      if (tender.status !== 'open') throw conflict(TENDER_NOT_OPEN, 'The tender was cancelled.');
      if (clock.now() < tender.opening_at) throw new DomainError(OPENING_TOO_EARLY, 409, `The tender opens at ${tender.opening_at.toISOString()}.`);
      const released = (await repo(db).sharesOf(tenderId)).flatMap((s) => (s.released_share ? [new Uint8Array(s.released_share)] : []));
      if (released.length < tender.threshold) {
        throw new DomainError(OPENING_SHARES_MISSING, 409, `${tender.threshold} opening officials must release their shares; ${released.length} have.`);
      }
      const key = await recoverOpeningKey(released, tender.opening_public_jwk, tender.threshold);
      const draw = await openReservePrices(tender.sealed_reserve_prices, key);
      if (commitReservePrices({ tenderId, ...draw }) !== tender.reserve_commitment) throw new Error(`The reserve prices of ${tenderId} do not match their commitment.`);

      const opened: TenderResult['opened'] = [];
      const invalid: TenderResult['invalid'] = [];
      const bids: OpenedBid[] = [];
      // The certificate side of each vendor's signature here (roots and revocations read once);
      // the signatures themselves, the commitments and the decryption on all cores.
      const signatures = await kernel.pki.signatureSnapshot();
      const sealed: { row: BidRow; submission: SealedSubmission }[] = [];
      for (const bid of await repo(db).validBids(tenderId)) {
        const signer = await signatures.certifiedSigner(bid.statement_jws);
        if (!signer.ok) {
          invalid.push({ bidId: bid.id, vendorId: bid.vendor_id, reason: 'signature_invalid' });
          continue;
        }
        sealed.push({ row: bid, submission: { vendorId: bid.vendor_id, sealed: bid.sealed, commitment: bid.commitment, statementJws: bid.statement_jws, signerJwk: signer.publicJwk } });
      }
      const checks = await openSealedBids(sealed.map((s) => s.submission), key, tenderId);
      checks.forEach((check, i) => {
        const bid = sealed[i]!.row;
        if (!check.ok) {
          invalid.push({ bidId: bid.id, vendorId: bid.vendor_id, reason: check.reason });
          return;
        }
        const document = check.document;
        opened.push({ bidId: bid.id, vendorId: bid.vendor_id, price: document.price, commitment: bid.commitment, ...(document.picks ? { picks: document.picks } : {}) });
        bids.push({ bidId: bid.id, vendorId: bid.vendor_id, price: document.price, submittedAt: bid.submitted_at, ...(document.picks ? { picks: document.picks } : {}) });
      });
      const method: AwardMethod =
        tender.award_method === 'multiple_reserve_price'
          ? { kind: 'multiple_reserve_price', reservePrices: draw.prices, floorRateMillis: tender.floor_rate_millis }
          : { kind: 'lowest_above_floor', plannedPrice: tender.base_amount, floorRateMillis: tender.floor_rate_millis };
      const result: TenderResult = { award: award(method, bids), invalid, opened };
      const resultJson = JSON.stringify(result);
      await inTransaction(db, async (tx) => {
        await repo(tx).markOpened(tenderId, JSON.stringify(draw), resultJson, clock.now());
        await log.appendInTx(tx, { type: 'procurement.tender-opened', at: at(), agency: tender.agency_id, refs: { tenderId, resultSha256: `sha256:${sha256Hex(resultJson)}` } });
      });
      return result;
    },
  };
}

export type ProcurementService = ReturnType<typeof createProcurementService>;
