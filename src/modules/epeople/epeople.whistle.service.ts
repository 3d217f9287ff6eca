import { createHmac } from 'node:crypto';
import { inTransaction } from '../../kernel/db/database.js';
import type { SessionContext } from '../../kernel/http/context.js';
import { conflict, DomainError, forbidden, invalidInput, notFound, tooManyRequests, type FieldProblem } from '../../kernel/http/errors.js';
import { newId } from '../../kernel/identity/identity.crypto.js';
import type { Kernel } from '../../kernel/kernel.js';
import { NotEnoughSharesError, shareFingerprint } from '../../kernel/trust/threshold/threshold.js';
import type { EpeopleService } from './epeople.service.js';
import * as repo from './epeople.repository.js';
import type { CaseRow } from './epeople.tables.js';
import { caseCodeHash, IDENTITY_THRESHOLD, newCaseCode, normaliseCaseCode, openIdentity, sealIdentity, shareContext, type SealedIdentity } from './epeople.whistle.sealing.js';
import * as whistleRepo from './epeople.whistle.repository.js';
import type { InboxMessageRow } from './epeople.whistle.tables.js';
import type { CaseTypeCode } from './epeople.types.js';

/** Report types that may be filed with the reporter's identity sealed. */
export const PROTECTED_TYPES: readonly CaseTypeCode[] = ['corruption_report', 'public_interest_report'];

/** Error code: the handling body has fewer than two protection officers with a key, so nothing can be sealed to it. */
export const NO_PROTECTION_OFFICERS = 'no_protection_officers';
/** Error code: the case code is wrong (or the case has none). Deliberately says nothing more. */
export const CASE_CODE_INVALID = 'case_code_invalid';
/** Error code: the released share is not this officer's share of this report's key. */
export const IDENTITY_SHARE_INVALID = 'identity_share_invalid';
/** Error code: this officer already released their share; a second, different officer must release theirs. */
export const IDENTITY_SHARE_ALREADY_RELEASED = 'identity_share_already_released';
/** Error code: the person is not a protection officer holding a share of this report. */
export const NOT_PROTECTION_OFFICER = 'not_protection_officer';

export interface ProtectedReportInput {
  type: string;
  title: string;
  content: string;
  locationAddress?: string | null;
  /** sealed: the signed-in reporter files for themself; proxy: a lawyer files for the reporter. */
  route: string;
  /** Proxy route: the reporter as the lawyer states them. */
  reporterName?: string;
  reporterBirthDate?: string;
  /** Optional: how the protection officers may reach the reporter (sealed with the identity). */
  contact?: string;
}

export type ShareRelease = { status: 'awaiting_second_officer'; openingId: string } | { status: 'opened'; openingId: string; identity: SealedIdentity };

/** Wrong codes allowed per client address in a window before every attempt is refused for the rest of it. */
const CODE_FAILURES = { limit: 10, windowMs: 15 * 60_000 };

const trimmed = (v: string | undefined | null) => (v ?? '').trim();

/** Checks a protected report's answers; the same rules for the form and the API. */
export function checkProtectedReport(input: ProtectedReportInput): FieldProblem[] {
  const errors: FieldProblem[] = [];
  if (!(PROTECTED_TYPES as readonly string[]).includes(input.type)) errors.push({ field: 'type', message: 'Choose the kind of report.' });
  if (input.route !== 'sealed' && input.route !== 'proxy') errors.push({ field: 'route', message: 'Choose how you are filing.' });
  if (input.route === 'proxy') {
    const name = trimmed(input.reporterName);
    if (!name || name.length > 120) errors.push({ field: 'reporterName', message: 'Enter the reporter’s full name.' });
    const birth = trimmed(input.reporterBirthDate);
    if (birth && !/^\d{4}-\d{2}-\d{2}$/.test(birth)) errors.push({ field: 'reporterBirthDate', message: 'Enter the date of birth as YYYY-MM-DD.' });
  }
  if (trimmed(input.contact).length > 200) errors.push({ field: 'contact', message: 'Enter at most 200 characters.' });
  const title = trimmed(input.title);
  if (!title || title.length > 200) errors.push({ field: 'title', message: 'Enter a title.' });
  const content = trimmed(input.content);
  if (!content || content.length > 4000) errors.push({ field: 'content', message: 'Describe what you are reporting.' });
  if (trimmed(input.locationAddress).length > 200) errors.push({ field: 'locationAddress', message: 'Enter at most 200 characters.' });
  return errors;
}

/**
 * Whistleblower protection (docs/epeople-whistleblower.md): reports filed with the reporter's
 * identity sealed to two protection officers, openings of that identity, and the anonymous inbox
 * the reporter reads and answers with the case code.
 */
export function createProtectionService(kernel: Kernel, epeople: EpeopleService) {
  const { db, clock } = kernel;
  const codeKey = createHmac('sha256', kernel.config.secretKey).update('nara.epeople.case-code').digest();
  const failures = new Map<string, { start: number; count: number }>();

  async function agencyIdOf(code: string): Promise<string | undefined> {
    return (await epeople.agencies()).find((a) => a.code === code)?.id;
  }

  /** Refuses every attempt from a client that sent too many wrong codes lately. */
  function checkNotBlocked(client: string) {
    const now = performance.now();
    const w = failures.get(client);
    if (w && now - w.start < CODE_FAILURES.windowMs && w.count >= CODE_FAILURES.limit) {
      throw tooManyRequests(Math.ceil((w.start + CODE_FAILURES.windowMs - now) / 1000));
    }
  }

  function countFailure(client: string) {
    const now = performance.now();
    const w = failures.get(client);
    if (!w || now - w.start >= CODE_FAILURES.windowMs) failures.set(client, { start: now, count: 1 });
    else w.count++;
    if (failures.size > 50_000) for (const [k, v] of failures) if (now - v.start >= CODE_FAILURES.windowMs) failures.delete(k);
  }

  /**
   * The case a code opens. The code is looked up by its keyed hash (no comparison of the secret
   * itself that could leak by timing); wrong codes are counted per client and refused alike.
   */
  async function caseByCode(code: string, client: string): Promise<CaseRow> {
    checkNotBlocked(client);
    const normalised = normaliseCaseCode(code);
    const caseId = normalised ? await whistleRepo.findCaseIdByCodeHash(db, caseCodeHash(codeKey, normalised)) : undefined;
    const row = caseId ? await repo.findCase(db, caseId) : undefined;
    if (!row) {
      countFailure(client);
      throw new DomainError(CASE_CODE_INVALID, 403, 'This case code does not open any case. Check it and try again.');
    }
    return row;
  }

  /** The sealed identity of a case and the caller's standing as a protection officer holding a share of it. */
  async function officerShare(session: SessionContext, caseId: string) {
    const sealed = await whistleRepo.findSealedIdentity(db, caseId);
    if (!sealed || !session.officialOf.includes(sealed.agency_id)) throw notFound('The case');
    const share = await whistleRepo.findShare(db, caseId, session.personId);
    if (!share) throw new DomainError(NOT_PROTECTION_OFFICER, 403, 'Only the protection officers who hold a share of this report’s key can open the reporter’s identity.');
    return { sealed, share };
  }

  const bodyOf = (text: string, field: string) => {
    const body = text.trim();
    if (!body || body.length > 4000) throw invalidInput([{ field, message: 'Enter a message.' }]);
    return body;
  };

  const service = {
    protectedTypes: PROTECTED_TYPES,

    /** Files a report with the reporter's identity sealed; the case code is returned here once and never stored. */
    async fileProtectedReport(session: SessionContext, input: ProtectedReportInput, locale: string): Promise<{ case: CaseRow; code: string }> {
      const errors = checkProtectedReport(input);
      if (errors.length) throw invalidInput(errors);
      const bodyCode = epeople.typeRule(input.type).handlingBodyCode;
      const agencyId = bodyCode ? await agencyIdOf(bodyCode) : undefined;
      const officers = agencyId ? await whistleRepo.listProtectionOfficers(db, agencyId) : [];
      if (!agencyId || officers.length < IDENTITY_THRESHOLD) {
        throw new DomainError(NO_PROTECTION_OFFICERS, 409, 'The handling body has no protection officers to seal the identity to. File without sealing, or try later.');
      }
      const me = await kernel.identity.getPerson(session.personId);
      if (!me) throw notFound('The person');
      const isProxy = input.route === 'proxy';
      const contact = trimmed(input.contact) || null;
      const code = newCaseCode();
      const filed = await epeople.fileCase(
        session,
        { type: input.type, agencyId: null, title: input.title, content: input.content, locationAddress: trimmed(input.locationAddress) || null, isPublic: false },
        locale,
        {
          protected: {
            filerId: isProxy ? session.personId : null,
            sealInTx: async (tx, row) => {
              const sealedAt = clock.now();
              const identity: SealedIdentity = {
                caseId: row.id,
                route: isProxy ? 'proxy' : 'self',
                reporter: isProxy
                  ? { personId: null, name: trimmed(input.reporterName), birthDate: trimmed(input.reporterBirthDate) || null, contact }
                  : { personId: me.id, name: me.displayName, birthDate: me.birthDate, contact: contact ?? me.email ?? me.phone },
                proxy: isProxy ? { personId: me.id, name: me.displayName } : null,
                sealedAt: sealedAt.toISOString(),
              };
              const sealed = await sealIdentity(identity, officers.map((o) => ({ holderId: o.person_id, publicJwk: o.public_jwk })));
              await whistleRepo.insertSealedIdentity(
                tx,
                { case_id: row.id, agency_id: agencyId, threshold: IDENTITY_THRESHOLD, is_proxy: isProxy, ciphertext: sealed.ciphertext, sealed_at: sealedAt },
                sealed.shares.map((s) => ({ person_id: s.holderId, jwe: s.jwe, fingerprint: s.fingerprint! })),
              );
              await whistleRepo.insertCaseCode(tx, row.id, caseCodeHash(codeKey, normaliseCaseCode(code)!), sealedAt);
            },
          },
        },
      );
      return { case: filed.case, code };
    },

    /** Whether a case's reporter identity is sealed, and its openings (for the handlers' case page). */
    async protectionOf(caseId: string) {
      const sealed = await whistleRepo.findSealedIdentity(db, caseId);
      if (!sealed) return undefined;
      return { isProxy: sealed.is_proxy, openings: await whistleRepo.listOpenings(db, caseId) };
    },

    /** The protection officer's own share of the report's key, encrypted to their key, to open on their device. */
    async myShare(session: SessionContext, caseId: string): Promise<{ jwe: string; threshold: number }> {
      const { sealed, share } = await officerShare(session, caseId);
      return { jwe: share.jwe, threshold: sealed.threshold };
    },

    /**
     * A protection officer releases the share they decrypted on their device, with a reason. The
     * first release waits (one share reveals nothing); a second officer's release opens the
     * identity for that response only, erases the waiting share and records the opening in the
     * case history and the transparency log.
     */
    async releaseShare(session: SessionContext, caseId: string, shareText: string, reasonText: string): Promise<ShareRelease> {
      const reason = reasonText.trim();
      const fields: FieldProblem[] = [];
      if (!reason || reason.length > 1000) fields.push({ field: 'reason', message: 'Give the reason for opening the identity.' });
      const share = /^[A-Za-z0-9_-]{16,200}$/.test(shareText.trim()) ? new Uint8Array(Buffer.from(shareText.trim(), 'base64url')) : undefined;
      if (!share) fields.push({ field: 'share', message: 'Paste your decrypted share.' });
      if (fields.length || !share) throw invalidInput(fields);
      const { sealed, share: mine } = await officerShare(session, caseId);
      if (shareFingerprint(share, shareContext(caseId)) !== mine.fingerprint) {
        throw new DomainError(IDENTITY_SHARE_INVALID, 422, 'This is not your share of this report’s key.');
      }
      return inTransaction(db, async (tx): Promise<ShareRelease> => {
        const now = clock.now();
        const pending = await whistleRepo.findPendingOpeningForUpdate(tx, caseId);
        if (!pending || !pending.pending_share) {
          const id = newId('opn');
          await whistleRepo.insertOpening(tx, {
            id, case_id: caseId, reason, requested_by: session.personId, requested_at: now, pending_share: Buffer.from(share),
            completed_by: null, completed_at: null, log_pending_id: null,
          });
          return { status: 'awaiting_second_officer', openingId: id };
        }
        if (pending.requested_by === session.personId) {
          throw conflict(IDENTITY_SHARE_ALREADY_RELEASED, 'You already released your share; a second protection officer must release theirs.');
        }
        let identity: SealedIdentity | undefined;
        try {
          identity = await openIdentity([new Uint8Array(pending.pending_share), share], sealed.ciphertext, caseId);
        } catch (error) {
          if (!(error instanceof NotEnoughSharesError)) throw error;
        }
        if (!identity) throw new DomainError(IDENTITY_SHARE_INVALID, 422, 'The released shares do not open this report’s identity.');
        const row = (await repo.findCase(tx, caseId))!;
        const logId = await kernel.transparencyLog.appendInTx(tx, {
          type: 'epeople.identity-opened',
          at: now.toISOString(),
          agency: sealed.agency_id,
          refs: { caseId, caseNumber: row.number, openingId: pending.id },
        });
        await whistleRepo.completeOpening(tx, pending.id, session.personId, now, logId);
        await repo.insertCaseEvent(tx, { case_id: caseId, kind: 'identity_opened', at: now, actor_id: null, from_agency_id: null, to_agency_id: null, note: null, due_at: null });
        return { status: 'opened', openingId: pending.id, identity };
      });
    },

    /** The anonymous inbox as a reader of the case (handlers, or the proxy who filed it) sees it; undefined for a case without a code. */
    async inboxOf(caseId: string): Promise<InboxMessageRow[] | undefined> {
      return (await whistleRepo.hasCaseCode(db, caseId)) ? whistleRepo.listInboxMessages(db, caseId) : undefined;
    },

    /** A handler asks the reporter a question from the case page. */
    async askReporter(session: SessionContext, caseId: string, text: string): Promise<void> {
      const body = bodyOf(text, 'question');
      const view = await epeople.readCase(session, caseId);
      if (view.viewer !== 'official') throw forbidden('Only the handling officials ask the reporter questions.');
      if (!(await whistleRepo.hasCaseCode(db, caseId))) throw notFound('The anonymous inbox');
      await whistleRepo.insertInboxMessage(db, { case_id: caseId, kind: 'question', body, author_id: session.personId, at: clock.now() });
    },

    /** The proxy who filed the report answers for the reporter from the case page. */
    async replyAsFiler(session: SessionContext, caseId: string, text: string): Promise<void> {
      const body = bodyOf(text, 'reply');
      const view = await epeople.readCase(session, caseId);
      if (view.viewer !== 'filer' || !(await whistleRepo.hasCaseCode(db, caseId))) throw notFound('The anonymous inbox');
      await whistleRepo.insertInboxMessage(db, { case_id: caseId, kind: 'reply', body, author_id: session.personId, at: clock.now() });
    },

    /** The reporter, not signed in, reads their report and its inbox with the case code. */
    async inboxByCode(code: string, client: string): Promise<{ case: CaseRow; messages: InboxMessageRow[] }> {
      const row = await caseByCode(code, client);
      return { case: row, messages: await whistleRepo.listInboxMessages(db, row.id) };
    },

    /** The reporter answers through the inbox with the case code. */
    async replyByCode(code: string, client: string, text: string): Promise<void> {
      const row = await caseByCode(code, client);
      const body = bodyOf(text, 'reply');
      await whistleRepo.insertInboxMessage(db, { case_id: row.id, kind: 'reply', body, author_id: null, at: clock.now() });
    },

    /** Designates a protection officer of a handling body (or replaces their key); reports sealed afterwards include them. */
    async designateOfficer(agencyId: string, personId: string, publicJwk: Parameters<typeof whistleRepo.upsertProtectionOfficer>[3]): Promise<void> {
      await whistleRepo.upsertProtectionOfficer(db, agencyId, personId, publicJwk, clock.now());
    },

    /** An officer already designated for a body registers the public half of a new key made on their device. */
    async registerOfficerKey(session: SessionContext, agencyId: string, publicJwk: Parameters<typeof whistleRepo.upsertProtectionOfficer>[3]): Promise<void> {
      if (!session.officialOf.includes(agencyId) || !(await whistleRepo.isProtectionOfficer(db, agencyId, session.personId))) {
        throw new DomainError(NOT_PROTECTION_OFFICER, 403, 'Only a designated protection officer of this body can register a protection key.');
      }
      await whistleRepo.upsertProtectionOfficer(db, agencyId, session.personId, publicJwk, clock.now());
    },
  };
  return service;
}

export type ProtectionService = ReturnType<typeof createProtectionService>;
