import { createHash, createHmac, randomBytes } from 'node:crypto';
import { inTransaction, type DbOrTx, type Tx } from '../../kernel/db/database.js';
import { createGroupCommit } from './epeople.group-commit.js';
import type { SessionContext } from '../../kernel/http/context.js';
import { conflict, DomainError, invalidInput, notFound } from '../../kernel/http/errors.js';
import { isLocale } from '../../kernel/i18n/locales.js';
import { hasRole } from '../../kernel/identity/policy.js';
import { newId } from '../../kernel/identity/identity.crypto.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { Receipt } from '../../kernel/trust/tlog/receipt.js';
import { checkExtension, computeDue, extendDue, resumeDue, type StatutoryPeriod } from './epeople.clock.js';
import { answerDocument, checkAnswer, SATISFACTION, type AnswerInput } from './epeople.answer.js';
import { caseFiledEvent } from './epeople.events.js';
import * as attachmentRepo from './epeople.attachments.repository.js';
import * as repo from './epeople.repository.js';
import { routeCase } from './epeople.routing.js';
import { fileCaseInput, type FileCaseInput } from './epeople.schemas.js';
import { FRESH_CASE_FIELDS, type CaseEventRow, type CaseRow, type RoutingRuleRow } from './epeople.tables.js';
import { INTERNAL_EVENT_KINDS, type CaseEventKind, type CaseTypeCode, type CaseTypeRule, type EpeopleSettings } from './epeople.types.js';

/** A case as its reader may see it, with its history. */
export interface CaseView {
  case: CaseRow;
  history: CaseEventRow[];
  /** How the reader relates to the case. */
  viewer: 'filer' | 'official';
}

/**
 * A report filed with the reporter's identity sealed (epeople.whistle.service.ts): the filer of
 * record is the proxy, or nobody; `sealInTx` stores the sealed identity and the case code in the
 * filing's transaction.
 */
export interface ProtectedFiling {
  filerId: string | null;
  sealInTx: (tx: Tx, row: CaseRow) => Promise<void>;
}

/** A filing ready to be written: its case row (number and log id filled in when written). */
interface Filing {
  row: CaseRow;
  /** Move the filer's draft attachments onto the case. */
  withDraftFiles: boolean;
  /** A sealed report: its filer of record (proxy or nobody) and the sealing, in the filing's transaction. */
  protected?: ProtectedFiling | undefined;
}

export interface FiledCase {
  case: CaseRow;
  /** The filer's earlier cases with the same content (before this one) and how many were answered. */
  repeats: { filed: number; answered: number };
}

/** Words for the similar-case search: letters and digits only, so the text query cannot be malformed. */
export function searchWords(text: string, max = 12): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? [];
  return [...new Set(words)].slice(0, max);
}

/** How long routing rules are cached; a changed rule applies within this time. */
const RULES_TTL_MS = 30_000;

/** What clears a draft answer once the answer is sent. */
const CLEARED_DRAFT = {
  answer_draft: null, answer_draft_outcome: null, answer_draft_remedies: null, answer_drafted_by: null, answer_drafted_at: null, answer_review: null, answer_review_comment: null,
} as const;

const normalise = (title: string, content: string) => `${title.trim().replace(/\s+/g, ' ')}\n${content.trim().replace(/\s+/g, ' ')}`.toLowerCase();

export function createEpeopleService(kernel: Kernel, settings: EpeopleSettings) {
  const { db, clock } = kernel;
  const repeatKey = createHmac('sha256', kernel.config.secretKey).update('nara.epeople.repeat-hash').digest();
  const typeRule = (code: string): CaseTypeRule => {
    const rule = settings.caseTypes.find((t) => t.code === code);
    if (!rule) throw invalidInput([{ field: 'type', message: 'Choose a type of case.' }]);
    return rule;
  };
  const repeatHash = (title: string, content: string) => createHmac('sha256', repeatKey).update(normalise(title, content)).digest('hex');

  /** Code to id of every public body; codes and ids never change, so a hit is never stale. */
  const agencyIds = new Map<string, string>();
  async function agencyIdByCode(code: string, tx?: Tx): Promise<string | undefined> {
    const known = agencyIds.get(code);
    if (known) return known;
    for (const o of await kernel.identity.listOrganisations(undefined, tx)) if (o.kind !== 'business') agencyIds.set(o.code, o.id);
    return agencyIds.get(code);
  }

  /** The routing rules, read at most every RULES_TTL_MS (a hot path: every filing routes). */
  let rules: { readAt: number; rows: RoutingRuleRow[] } | undefined;
  async function routingRules(tx: DbOrTx): Promise<RoutingRuleRow[]> {
    if (!rules || performance.now() - rules.readAt > RULES_TTL_MS) rules = { readAt: performance.now(), rows: await repo.listRoutingRules(tx) };
    return rules.rows;
  }

  async function isAgency(id: string, tx?: Tx): Promise<boolean> {
    const org = await kernel.identity.getOrganisation(id, tx);
    return org !== undefined && org.kind !== 'business';
  }

  /** The agencies officials of `session` work for, plus triage when they belong to the triage body. */
  async function canHandle(session: SessionContext, row: CaseRow, tx?: Tx): Promise<boolean> {
    if (row.agency_id !== null) return session.officialOf.includes(row.agency_id);
    const triage = await agencyIdByCode(settings.triageAgencyCode, tx);
    return triage !== undefined && session.officialOf.includes(triage);
  }

  /** The case if the session may read it; otherwise not found (its existence is not revealed). */
  async function readableCase(session: SessionContext, id: string): Promise<{ row: CaseRow; viewer: 'filer' | 'official' }> {
    const row = await repo.findCase(db, id);
    if (row && row.filer_id === session.personId) return { row, viewer: 'filer' };
    if (row && (await canHandle(session, row))) return { row, viewer: 'official' };
    throw notFound('The case');
  }

  const when = (row: Pick<CaseRow, 'locale'>, at: Date) => kernel.i18n.format(isLocale(row.locale) ? row.locale : 'en').dateTime(at);

  async function record(
    tx: Tx,
    row: CaseRow,
    kind: CaseEventKind,
    fields: Partial<Omit<CaseEventRow, 'id' | 'case_id' | 'kind'>> = {},
    notice: { notify?: boolean } = {},
  ) {
    const at = clock.now();
    await repo.insertCaseEvent(tx, {
      case_id: row.id,
      kind,
      at,
      actor_id: fields.actor_id ?? null,
      from_agency_id: fields.from_agency_id ?? null,
      to_agency_id: fields.to_agency_id ?? null,
      note: fields.note ?? null,
      due_at: fields.due_at ?? null,
    });
    if (notice.notify !== false) await notifyFiler(tx, row, kind, fields);
  }

  /** The filer hears of every step in their inbox and by email, with the reason and the new date where there is one (in the language they filed in). */
  async function notifyFiler(tx: Tx, row: CaseRow, kind: CaseEventKind, fields: Partial<Pick<CaseEventRow, 'note' | 'due_at'>> = {}) {
    // A sealed report filed by its reporter has no filer of record to tell (they follow it with the case code).
    if (row.filer_id === null) return;
    await kernel.notifications.notify(tx, {
      personId: row.filer_id,
      template: `epeople.notice.${kind}`,
      params: { number: row.number, title: row.title, reason: fields.note ?? '', due: fields.due_at ? when(row, fields.due_at) : '' },
      channels: ['inbox', 'email'],
    });
  }

  /** People who joined the case instead of filing it again hear of the answer too. */
  async function notifySupporters(tx: Tx, row: CaseRow) {
    for (const personId of await repo.listSupporters(tx, row.id)) {
      await kernel.notifications.notify(tx, { personId, template: 'epeople.notice.joined_answered', params: { number: row.number, title: row.title }, channels: ['inbox', 'email'] });
    }
  }

  const extensionPeriod = (row: CaseRow, amount: number): StatutoryPeriod =>
    typeRule(row.type).period.unit === 'days' ? { unit: 'days', days: amount } : { unit: 'workingHours', hours: amount };

  const throwExtensionRefusal = (refusal: ReturnType<typeof checkExtension>) => {
    if (refusal === 'extension_invalid') throw invalidInput([{ field: 'amount', message: 'Enter a whole number, at least 1.' }]);
    if (refusal) throw new DomainError(refusal, 409, refusal === 'extension_too_long' ? 'An extension may not be longer than the original period.' : 'A further extension needs the filer’s recorded consent.');
  };

  /** Loads and locks a case an official of its agency may act on, inside `tx`. */
  async function handledCase(tx: Tx, session: SessionContext, id: string): Promise<CaseRow> {
    const row = await repo.findCaseForUpdate(tx, id);
    if (!row || !(await canHandle(session, row, tx))) throw notFound('The case');
    if (row.status === 'answered' || row.status === 'closed') throw conflict('case_closed', 'The case is already answered or closed.');
    return row;
  }

  const checkAnswerable = (row: CaseRow) => {
    if (row.status === 'answered' || row.status === 'closed') throw conflict('case_closed', 'The case is already answered or closed.');
    if (row.agency_id === null) throw conflict('case_in_triage', 'Send the case to an agency before answering it.');
    if (row.status === 'awaiting_supplement') throw conflict('awaiting_supplement', 'The case waits for the filer’s supplement.');
  };

  /** A supervisor of the case's body: an agency admin of it who works for it. */
  const isSupervisor = (session: SessionContext, row: Pick<CaseRow, 'agency_id'>) =>
    row.agency_id !== null && session.officialOf.includes(row.agency_id) && hasRole(session, 'agency_admin', row.agency_id);

  /**
   * Signs the answer with the session's certificate for the case's agency and sends it: the case
   * is answered, the filer and supporters are told. `review` names the drafter whose draft a
   * supervisor approved (the draft must still be the one approved when the transaction runs).
   */
  async function signAndSend(session: SessionContext, current: CaseRow, answer: ReturnType<typeof checkAnswer>, review: { draftedBy: string; draftedAt: Date } | null) {
    const { body, outcome, remedies } = answer;
    const answeredAt = clock.now();
    const document = {
      ...answerDocument(current, body, answeredAt, { outcome, remedies }),
      ...(review ? { draftedBy: review.draftedBy, approvedBy: session.personId } : {}),
    };
    // Outside the transaction: signing awaits the key store and the log.
    const signed = await kernel.pki.signing.signJson(session, document, { organisationId: current.agency_id! });
    await inTransaction(db, async (tx) => {
      const row = await handledCase(tx, session, current.id);
      checkAnswerable(row);
      if (row.agency_id !== current.agency_id) throw conflict('case_moved', 'The case moved to another agency while you answered it.');
      if (review && (row.answer_review !== 'pending' || row.answer_drafted_at?.getTime() !== review.draftedAt.getTime())) {
        throw conflict('draft_changed', 'The draft changed while you approved it. Read it again.');
      }
      await repo.updateCase(tx, current.id, {
        status: 'answered', answer: body, answered_at: answeredAt, answered_by: review ? review.draftedBy : session.personId,
        answer_jws: signed.jws, answer_certificate_serial: signed.certificate.serial, answer_outcome: outcome, answer_remedies: remedies,
        proposed_extension_amount: null, proposed_extension_reason: null, proposed_extension_due_at: null,
        answer_approved_by: review ? session.personId : null, ...CLEARED_DRAFT,
      });
      await notifySupporters(tx, row);
      if (review) await record(tx, row, 'answer_approved', { actor_id: session.personId }, { notify: false });
      await record(tx, row, 'answered', { actor_id: review ? review.draftedBy : session.personId });
    });
  }

  /** Tells the body's supervisors that a draft answer waits for them (inbox only). */
  async function notifySupervisors(tx: Tx, row: CaseRow, drafterId: string) {
    // Inside the transaction (the embedded database has one connection).
    const officials = await kernel.identity.listOfficialsOf(row.agency_id!, tx);
    const roles = await kernel.identity.rolesOfMany(officials.map((o) => o.personId), tx);
    for (const o of officials) {
      const isAdmin = (roles.get(o.personId) ?? []).some((r) => r.role === 'agency_admin' && r.organisationId === row.agency_id);
      if (o.active && isAdmin && o.personId !== drafterId) {
        await kernel.notifications.notify(tx, { personId: o.personId, template: 'epeople.notice.answer_submitted', params: { number: row.number, title: row.title }, channels: ['inbox'] });
      }
    }
  }

  /** The case with a draft waiting for approval, when the session supervises its body (never the drafter's own). */
  async function pendingDraft(session: SessionContext, id: string): Promise<CaseRow> {
    const row = await repo.findCase(db, id);
    if (!row || !(await canHandle(session, row))) throw notFound('The case');
    checkAnswerable(row);
    if (row.answer_review !== 'pending' || !row.answer_draft) throw conflict('no_draft_pending', 'No draft answer waits for approval on this case.');
    if (!isSupervisor(session, row)) throw conflict('not_supervisor', 'Only a supervisor of the body may approve or return a draft answer.');
    if (row.answer_drafted_by === session.personId) throw conflict('own_draft', 'Another supervisor must approve your own draft.');
    return row;
  }

  /**
   * Writes filings inside `tx` with a fixed number of statements whatever their count: repeat
   * counts, case numbers, log entries, cases, their first two steps, the filers' notices and
   * email jobs, and the dropped drafts. Each filing's result is in the order given.
   */
  async function writeFilings(tx: Tx, filings: Filing[]): Promise<FiledCase[]> {
    const key = (r: CaseRow) => `${r.filer_id}\n${r.content_hash}`;
    // A sealed report counts no repeats: that would tie it to the reporter's other filings.
    const counted = filings.filter((f) => !f.protected && f.row.filer_id !== null);
    const before = await repo.countRepeatsMany(tx, counted.map(({ row }) => ({ filerId: row.filer_id!, contentHash: row.content_hash })));
    // A filer's earlier filing of the same text in this very batch counts too, as it would one at a time.
    const earlierInBatch = new Map<string, number>();
    const repeats = filings.map(({ row, protected: sealed }) => {
      if (sealed) return { filed: 0, answered: 0 };
      const base = before.get(key(row)) ?? { filed: 0, answered: 0 };
      const earlier = earlierInBatch.get(key(row)) ?? 0;
      earlierInBatch.set(key(row), earlier + 1);
      return { filed: base.filed + earlier, answered: base.answered };
    });
    const numbers = await repo.nextCaseSequenceValues(tx, filings.length);
    filings.forEach(({ row }, i) => { row.number = repo.formatCaseNumber(Number(row.received_at.toISOString().slice(0, 4)), numbers[i]!); });
    // The log entries first, so each case row is written once, with its pending log id.
    const pendingIds = await kernel.transparencyLog.appendManyInTx(tx, filings.map(({ row }) => caseFiledEvent(row, logContentHash(row))));
    filings.forEach(({ row }, i) => { row.log_pending_id = pendingIds[i]!; });
    await repo.insertCases(tx, filings.map((f) => f.row));
    const none = { from_agency_id: null, note: null } as const;
    await repo.insertCaseEvents(tx, filings.flatMap(({ row }) => [
      { ...none, case_id: row.id, kind: 'filed', at: row.received_at, actor_id: row.filer_id, to_agency_id: null, due_at: row.due_at },
      { ...none, case_id: row.id, kind: row.agency_id ? 'routed' : 'sent_to_triage', at: row.received_at, actor_id: null, to_agency_id: row.agency_id, due_at: null },
    ]));
    for (const f of filings) if (f.protected) await f.protected.sealInTx(tx, f.row);
    // A sealed report with no filer of record is told nothing: its reporter follows it with the case code.
    await kernel.notifications.notifyMany(tx, filings.flatMap(({ row }) => (row.filer_id === null ? [] : [{
      personId: row.filer_id, template: 'epeople.notice.filed', params: { number: row.number, title: row.title, reason: '', due: '' }, channels: ['inbox', 'email'] as const,
    }])));
    await repo.deleteDrafts(tx, [...new Set(filings.flatMap(({ row, protected: sealed }) => (sealed || row.filer_id === null ? [] : [row.filer_id])))]);
    // The files attached on the question pages move onto their case in the same transaction.
    for (const f of filings) if (f.withDraftFiles && f.row.filer_id) await attachmentRepo.attachDraftFiles(tx, f.row.filer_id, f.row.id);
    return filings.map((f, i) => ({ case: f.row, repeats: repeats[i]! }));
  }

  /** Concurrent filings share a transaction; each caller is answered once its filing committed. */
  const fileGrouped = createGroupCommit(db, writeFilings, settings.filingGroupCommit ?? { maxBatch: 64, maxInFlight: 2 });

  const service = {
    settings,
    caseTypes: () => settings.caseTypes,
    typeRule,

    /** Agencies a filer may pick, by code. */
    async agencies() {
      return (await kernel.identity.listOrganisations()).filter((o) => o.kind !== 'business' && o.kind !== 'platform');
    },

    async fileCase(session: SessionContext, raw: unknown, locale: string, origin: { reopenedFrom?: CaseRow; withDraftFiles?: boolean; protected?: ProtectedFiling } = {}): Promise<FiledCase> {
      const parsed = fileCaseInput.safeParse(raw);
      if (!parsed.success) {
        throw invalidInput(parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
      }
      const input: FileCaseInput = parsed.data;
      const rule = typeRule(input.type);
      if (input.agencyId && !(await isAgency(input.agencyId))) throw invalidInput([{ field: 'agencyId', message: 'Choose an agency from the list.' }]);
      const receivedAt = clock.now();
      const contentHash = repeatHash(input.title, input.content);
      const salt = randomBytes(16).toString('hex');
      const id = newId('cas');
      const handlingBody = rule.handlingBodyCode ? await agencyIdByCode(rule.handlingBodyCode) : undefined;
      const agencyId =
        handlingBody ?? input.agencyId ?? routeCase(await routingRules(db), { type: input.type, category: input.category ?? null, address: input.locationAddress ?? null });
      const row: CaseRow = {
        id,
        number: '',
        type: input.type,
        category: input.category ?? null,
        title: input.title,
        content: input.content,
        location_address: input.locationAddress || null,
        is_public: origin.protected ? false : input.isPublic,
        locale,
        filer_id: origin.protected ? origin.protected.filerId : session.personId,
        agency_id: agencyId ?? null,
        assigned_official_id: null,
        status: agencyId ? 'received' : 'triage',
        content_hash: contentHash,
        content_salt: salt,
        received_at: receivedAt,
        due_at: computeDue(settings.calendar, rule.period, receivedAt),
        paused_at: null,
        supplement_requests: 0,
        extensions: 0,
        answer: null,
        answered_at: null,
        answered_by: null,
        answer_jws: null,
        answer_certificate_serial: null,
        log_pending_id: null,
        ...FRESH_CASE_FIELDS,
        location_lat: input.locationLat ?? null,
        location_lon: input.locationLon ?? null,
      };
      const filing: Filing = { row, withDraftFiles: origin.withDraftFiles === true, protected: origin.protected };
      const reopenedFrom = origin.reopenedFrom;
      // A sealed report is written on its own; the usual path is a group commit with other filings arriving at the same time.
      if (origin.protected) return inTransaction(db, async (tx) => (await writeFilings(tx, [filing]))[0]!);
      if (!reopenedFrom) return fileGrouped(filing);
      return inTransaction(db, async (tx) => {
        // Only one follow-up per case, even if the filer sends the form twice at once.
        const from = await repo.findCaseForUpdate(tx, reopenedFrom.id);
        if (!from || from.reopened_as !== null) throw conflict('case_already_reopened', 'This case was already reopened.');
        row.reopened_from = from.id;
        const [filed] = await writeFilings(tx, [filing]);
        await repo.updateCase(tx, from.id, { reopened_as: id });
        await repo.insertCaseEvent(tx, { case_id: from.id, kind: 'reopened', at: receivedAt, actor_id: session.personId, from_agency_id: null, to_agency_id: null, note: row.number, due_at: null });
        return filed!;
      });
    },

    async readCase(session: SessionContext, id: string): Promise<CaseView> {
      const { row, viewer } = await readableCase(session, id);
      const history = await repo.listCaseEvents(db, row.id);
      // The body's internal review of a draft answer is not the filer's business.
      return { case: row, history: viewer === 'filer' ? history.filter((e) => !INTERNAL_EVENT_KINDS.has(e.kind)) : history, viewer };
    },

    /** The case's status and newest step, for the live stream (the same readers as the case page). */
    async liveState(session: SessionContext, id: string): Promise<{ status: string; lastEventId: number; lastEventKind: string | null }> {
      const { row, viewer } = await readableCase(session, id);
      // The filer's stream does not move on the body's internal review of a draft answer.
      const last = await repo.latestCaseEvent(db, row.id, viewer === 'filer' ? [...INTERNAL_EVENT_KINDS] : []);
      return { status: row.status, lastEventId: last?.id ?? 0, lastEventKind: last?.kind ?? null };
    },

    listMine: (session: SessionContext) => repo.listCasesOfFiler(db, session.personId),

    /** The triage queue (cases no rule matched) when the session works for the triage body, else null. */
    async triageQueue(session: SessionContext): Promise<CaseRow[] | null> {
      const triage = await agencyIdByCode(settings.triageAgencyCode);
      return triage && session.officialOf.includes(triage) ? repo.listOpenCasesOf(db, null) : null;
    },

    async agencyQueues(session: SessionContext): Promise<{ agencyId: string; cases: CaseRow[] }[]> {
      const out: { agencyId: string; cases: CaseRow[] }[] = [];
      for (const agencyId of session.officialOf) out.push({ agencyId, cases: await repo.listOpenCasesOf(db, agencyId) });
      return out;
    },

    async assignToSelf(session: SessionContext, id: string): Promise<void> {
      await inTransaction(db, async (tx) => {
        const row = await handledCase(tx, session, id);
        if (row.agency_id === null) throw conflict('case_in_triage', 'Send the case to an agency before assigning it.');
        await repo.updateCase(tx, id, { assigned_official_id: session.personId, status: row.status === 'received' ? 'in_progress' : row.status });
        await record(tx, row, 'assigned', { actor_id: session.personId });
      });
    },

    /** Stops the clock until the filer supplies what is asked (at most `maxSupplementRequests` times). */
    async requestSupplement(session: SessionContext, id: string, note: string): Promise<void> {
      const text = note.trim();
      if (!text || text.length > 2000) throw invalidInput([{ field: 'note', message: 'Say what the filer needs to add.' }]);
      await inTransaction(db, async (tx) => {
        const row = await handledCase(tx, session, id);
        if (row.status === 'awaiting_supplement') throw conflict('supplement_already_requested', 'A supplement is already awaited.');
        if (row.supplement_requests >= settings.maxSupplementRequests) {
          throw conflict('supplement_limit_reached', `A supplement may be requested at most ${settings.maxSupplementRequests} times.`);
        }
        await repo.updateCase(tx, id, { status: 'awaiting_supplement', paused_at: clock.now(), supplement_requests: row.supplement_requests + 1 });
        await record(tx, row, 'supplement_requested', { actor_id: session.personId, note: text });
      });
    },

    /** The filer answers a supplement request; the clock runs again with the time that was left. */
    async provideSupplement(session: SessionContext, id: string, text: string): Promise<void> {
      const body = text.trim();
      if (!body || body.length > 4000) throw invalidInput([{ field: 'supplement', message: 'Enter the information asked for.' }]);
      await inTransaction(db, async (tx) => {
        const row = await repo.findCaseForUpdate(tx, id);
        if (!row || row.filer_id !== session.personId) throw notFound('The case');
        if (row.status !== 'awaiting_supplement' || !row.paused_at) throw conflict('no_supplement_requested', 'Nothing was asked of you on this case.');
        const now = clock.now();
        const dueAt = resumeDue(settings.calendar, typeRule(row.type).period, { pausedAt: row.paused_at, resumedAt: now, dueAt: row.due_at });
        await repo.updateCase(tx, id, { status: row.assigned_official_id ? 'in_progress' : 'received', paused_at: null, due_at: dueAt, escalated_at: dueAt.getTime() === row.due_at.getTime() ? row.escalated_at : null });
        await repo.insertCaseEvent(tx, { case_id: id, kind: 'supplement_provided', at: now, actor_id: session.personId, from_agency_id: null, to_agency_id: null, note: body, due_at: dueAt });
      });
    },

    /** Sends the case to another agency (or out of triage); the reason stays in the history and the clock runs on. */
    async transfer(session: SessionContext, id: string, toAgencyId: string, reason: string): Promise<void> {
      const why = reason.trim();
      const fields = [];
      if (!why || why.length > 1000) fields.push({ field: 'reason', message: 'Give the reason for the transfer.' });
      if (!(await isAgency(toAgencyId))) fields.push({ field: 'agencyId', message: 'Choose an agency from the list.' });
      if (fields.length) throw invalidInput(fields);
      await inTransaction(db, async (tx) => {
        const row = await handledCase(tx, session, id);
        if (row.agency_id === toAgencyId) throw conflict('same_agency', 'The case is already with that agency.');
        const status = row.status === 'awaiting_supplement' ? row.status : 'received';
        await repo.updateCase(tx, id, { agency_id: toAgencyId, assigned_official_id: null, status, ...CLEARED_DRAFT });
        await record(tx, row, 'transferred', { actor_id: session.personId, from_agency_id: row.agency_id, to_agency_id: toAgencyId, note: why });
      });
    },

    /**
     * Extends the due date: the first extension (no longer than the original period) applies at
     * once and the filer is told the reason and the new date; a further one is only proposed, and
     * applies when the filer consents on their case page (`decideExtension`).
     */
    async extend(session: SessionContext, id: string, input: { amount: number; reason: string }): Promise<{ outcome: 'extended' | 'proposed' }> {
      const why = input.reason.trim();
      if (!why || why.length > 1000) throw invalidInput([{ field: 'reason', message: 'Give the reason for the extension.' }]);
      return inTransaction(db, async (tx) => {
        const row = await handledCase(tx, session, id);
        const requested = extensionPeriod(row, input.amount);
        const refusal = checkExtension({ original: typeRule(row.type).period, requested, extensionsSoFar: row.extensions, hasFilerConsent: row.extensions >= 1 });
        throwExtensionRefusal(refusal);
        if (row.extensions >= 1) {
          if (row.proposed_extension_amount !== null) throw conflict('extension_consent_pending', 'A further extension already waits for the filer’s answer.');
          const proposedDue = extendDue(settings.calendar, requested, row.due_at);
          await repo.updateCase(tx, id, { proposed_extension_amount: input.amount, proposed_extension_reason: why, proposed_extension_due_at: proposedDue });
          await record(tx, row, 'extension_proposed', { actor_id: session.personId, note: why, due_at: proposedDue });
          return { outcome: 'proposed' as const };
        }
        const dueAt = extendDue(settings.calendar, requested, row.due_at);
        await repo.updateCase(tx, id, { due_at: dueAt, extensions: row.extensions + 1, escalated_at: null });
        await record(tx, row, 'extended', { actor_id: session.personId, note: why, due_at: dueAt });
        return { outcome: 'extended' as const };
      });
    },

    /** The filer consents to (or declines) the further extension the agency proposed; consent is recorded in the history. */
    async decideExtension(session: SessionContext, id: string, consent: boolean): Promise<void> {
      await inTransaction(db, async (tx) => {
        const row = await repo.findCaseForUpdate(tx, id);
        if (!row || row.filer_id !== session.personId) throw notFound('The case');
        if (row.proposed_extension_amount === null || row.status === 'answered' || row.status === 'closed') {
          throw conflict('no_extension_proposed', 'No extension waits for your answer on this case.');
        }
        const clear = { proposed_extension_amount: null, proposed_extension_reason: null, proposed_extension_due_at: null };
        if (!consent) {
          await repo.updateCase(tx, id, clear);
          await record(tx, row, 'extension_declined', { actor_id: session.personId, note: row.proposed_extension_reason }, { notify: false });
          return;
        }
        const requested = extensionPeriod(row, row.proposed_extension_amount);
        throwExtensionRefusal(checkExtension({ original: typeRule(row.type).period, requested, extensionsSoFar: row.extensions, hasFilerConsent: true }));
        // From the due time as it stands now (a supplement pause may have moved it since the proposal).
        const dueAt = extendDue(settings.calendar, requested, row.due_at);
        await repo.updateCase(tx, id, { ...clear, due_at: dueAt, extensions: row.extensions + 1, escalated_at: null });
        await record(tx, row, 'extension_consented', { actor_id: session.personId, note: row.proposed_extension_reason, due_at: dueAt }, { notify: false });
        await record(tx, row, 'extended', { actor_id: null, note: row.proposed_extension_reason, due_at: dueAt });
      });
    },

    /**
     * Answers the case, signed with the official's certificate for the case's agency (after a
     * fresh passkey check; the signature is recorded in the transparency log by the kernel). Only a
     * supervisor of the body answers directly; other officials submit a draft for approval.
     */
    async answer(session: SessionContext, id: string, input: AnswerInput): Promise<void> {
      const answer = checkAnswer(input);
      const current = await repo.findCase(db, id);
      if (!current || !(await canHandle(session, current))) throw notFound('The case');
      checkAnswerable(current);
      if (!isSupervisor(session, current)) throw conflict('answer_needs_approval', 'Submit the answer as a draft; a supervisor of the body approves it before it is sent.');
      await signAndSend(session, current, answer, null);
    },

    /** The filer rates the answer once: satisfied, neutral or dissatisfied, with an optional comment. */
    async rate(session: SessionContext, id: string, input: { satisfaction: string; comment: string }): Promise<void> {
      if (!(SATISFACTION as readonly string[]).includes(input.satisfaction)) throw invalidInput([{ field: 'satisfaction', message: 'Choose how satisfied you are.' }]);
      const comment = input.comment.trim();
      if (comment.length > 1000) throw invalidInput([{ field: 'comment', message: 'Keep the comment to 1,000 characters.' }]);
      await inTransaction(db, async (tx) => {
        const row = await repo.findCaseForUpdate(tx, id);
        if (!row || row.filer_id !== session.personId) throw notFound('The case');
        if (row.status !== 'answered') throw conflict('case_not_answered', 'A case can be rated once it is answered.');
        if (row.satisfaction !== null) throw conflict('case_already_rated', 'You have already rated this answer.');
        await repo.updateCase(tx, id, { satisfaction: input.satisfaction, satisfaction_comment: comment || null, rated_at: clock.now() });
        await record(tx, row, 'rated', { actor_id: session.personId }, { notify: false });
      });
    },

    /**
     * A dissatisfied filer takes the matter further: a new grievance to the same body, or an
     * administrative appeal (routed to the appeals body). The two cases point to each other.
     */
    async reopen(session: SessionContext, id: string, input: { as: string; reason: string }, locale: string): Promise<FiledCase> {
      const row = await repo.findCase(db, id);
      if (!row || row.filer_id !== session.personId) throw notFound('The case');
      if (input.as !== 'grievance' && input.as !== 'administrative_appeal') throw invalidInput([{ field: 'as', message: 'Choose how to take it further.' }]);
      const reason = input.reason.trim();
      if (!reason || reason.length > 4000) throw invalidInput([{ field: 'reopenReason', message: 'Say why the answer does not settle the matter.' }]);
      if (row.status !== 'answered' || row.satisfaction !== 'dissatisfied') throw conflict('reopen_needs_dissatisfaction', 'Rate the answer as dissatisfied first.');
      if (row.reopened_as !== null) throw conflict('case_already_reopened', 'This case was already reopened.');
      const input2 = {
        type: input.as,
        agencyId: input.as === 'grievance' ? row.agency_id : null,
        title: `${row.number}: ${row.title}`.slice(0, 200),
        content: reason,
        locationAddress: row.location_address,
        locationLat: row.location_lat,
        locationLon: row.location_lon,
        isPublic: false,
      };
      return service.fileCase(session, input2, locale, { reopenedFrom: row });
    },

    /**
     * Joins an existing public case instead of filing the same thing again: the person is told
     * when it is answered, and the draft they were writing is dropped.
     */
    async joinCase(session: SessionContext, id: string): Promise<CaseRow> {
      return inTransaction(db, async (tx) => {
        const row = await repo.findPublicCase(tx, id);
        if (!row) throw notFound('The case');
        if (row.filer_id === session.personId) throw conflict('own_case', 'This is your own case.');
        await repo.addSupporter(tx, id, session.personId, clock.now());
        await repo.deleteDraft(tx, session.personId);
        return row;
      });
    },

    supporterCount: (id: string) => repo.countSupporters(db, id),

    /** After the last allowed supplement request went unanswered, the agency may close the case; the filer is told. */
    async closeForMissingSupplement(session: SessionContext, id: string): Promise<void> {
      await inTransaction(db, async (tx) => {
        const row = await handledCase(tx, session, id);
        if (row.status !== 'awaiting_supplement' || row.supplement_requests < settings.maxSupplementRequests) {
          throw conflict('close_not_allowed', `A case may be closed only while its last (${settings.maxSupplementRequests}th) supplement request is unanswered.`);
        }
        await repo.updateCase(tx, id, { status: 'closed', paused_at: null, proposed_extension_amount: null, proposed_extension_reason: null, proposed_extension_due_at: null });
        await record(tx, row, 'closed', { actor_id: session.personId });
      });
    },

    /** The signed answer (compact JWS) for the filer or the handling agency. */
    async signedAnswer(session: SessionContext, id: string): Promise<{ row: CaseRow; jws: string }> {
      const { row } = await readableCase(session, id);
      if (!row.answer_jws) throw notFound('The signed answer');
      return { row, jws: row.answer_jws };
    },

    /** Published cases for the Open311 API (at most 200 at a time). */
    publicCases: (filters: Omit<repo.PublicCaseFilters, 'limit'>) => repo.listPublicCases(db, { ...filters, limit: 200 }),

    /** A case its filer chose to publish; anything else is not found. */
    async publicCase(id: string): Promise<CaseRow> {
      const row = await repo.findPublicCase(db, id);
      if (!row) throw notFound('The case');
      return row;
    },

    /** Public cases like the given text, for the filer to look at before filing. */
    similarPublicCases: (text: string) => repo.findSimilarPublicCases(db, searchWords(text), 5),

    /** How often this person filed the same content before, and how many of those were answered. */
    repeatCount: (session: SessionContext, title: string, content: string) => repo.countRepeats(db, session.personId, repeatHash(title, content)),

    /** The transparency-log receipt of the filing, or null while the log has not integrated it yet. */
    async filingReceipt(session: SessionContext, id: string): Promise<{ receipt: Receipt | null; row: CaseRow }> {
      const { row, viewer } = await readableCase(session, id);
      if (viewer !== 'filer' || row.log_pending_id === null) throw notFound('The receipt');
      try {
        return { receipt: await kernel.transparencyLog.receiptFor({ pendingId: row.log_pending_id }), row };
      } catch (error) {
        if (error instanceof DomainError && (error.code === 'log_entry_pending' || error.code === 'log_not_ready')) return { receipt: null, row };
        throw error;
      }
    },

    /**
     * An official of the body drafts the answer for a supervisor's approval (replacing any earlier
     * draft); the supervisors hear of it in their inbox. The filer sees nothing until it is sent.
     */
    async submitAnswerDraft(session: SessionContext, id: string, input: AnswerInput): Promise<void> {
      const { body, outcome, remedies } = checkAnswer(input);
      await inTransaction(db, async (tx) => {
        const row = await handledCase(tx, session, id);
        checkAnswerable(row);
        await repo.updateCase(tx, id, {
          answer_draft: body, answer_draft_outcome: outcome, answer_draft_remedies: remedies, answer_drafted_by: session.personId,
          answer_drafted_at: clock.now(), answer_review: 'pending', answer_review_comment: null,
        });
        await record(tx, row, 'answer_submitted', { actor_id: session.personId }, { notify: false });
        await notifySupervisors(tx, row, session.personId);
      });
    },

    /** A supervisor approves the pending draft: it is signed with the supervisor's certificate and sent. */
    async approveAnswerDraft(session: SessionContext, id: string): Promise<void> {
      const current = await pendingDraft(session, id);
      const answer = checkAnswer({ text: current.answer_draft!, outcome: current.answer_draft_outcome!, remedies: current.answer_draft_remedies ?? '' });
      await signAndSend(session, current, answer, { draftedBy: current.answer_drafted_by!, draftedAt: current.answer_drafted_at! });
    },

    /** A supervisor returns the pending draft with a comment; the drafter is told in their inbox. */
    async returnAnswerDraft(session: SessionContext, id: string, comment: string): Promise<void> {
      const text = comment.trim();
      if (!text || text.length > 2000) throw invalidInput([{ field: 'reviewComment', message: 'Say what the drafter should change.' }]);
      await pendingDraft(session, id);
      await inTransaction(db, async (tx) => {
        const row = await handledCase(tx, session, id);
        if (row.answer_review !== 'pending') throw conflict('no_draft_pending', 'No draft answer waits for approval on this case.');
        await repo.updateCase(tx, id, { answer_review: 'returned', answer_review_comment: text });
        await record(tx, row, 'answer_returned', { actor_id: session.personId, note: text }, { notify: false });
        await kernel.notifications.notify(tx, { personId: row.answer_drafted_by!, template: 'epeople.notice.answer_returned', params: { number: row.number, title: row.title }, channels: ['inbox'] });
      });
    },

    /** True when the session may approve answers of the case's body. */
    isSupervisorOf: (session: SessionContext, row: Pick<CaseRow, 'agency_id'>) => isSupervisor(session, row),

    /** Open cases of the session's bodies whose draft answer waits for the session's approval. */
    async draftsAwaitingApproval(session: SessionContext): Promise<CaseRow[]> {
      const bodies = session.officialOf.filter((agencyId) => hasRole(session, 'agency_admin', agencyId));
      return bodies.length ? (await repo.listPendingDrafts(db, bodies)).filter((r) => r.answer_drafted_by !== session.personId) : [];
    },

    draft: async (session: SessionContext) => (await repo.findDraft(db, session.personId)) ?? {},
    saveDraft: (session: SessionContext, answers: Record<string, unknown>) => repo.saveDraft(db, session.personId, answers, clock.now()),
  };
  return service;
}

/** The content hash published in the log: salted, so short texts cannot be confirmed by guessing. */
export function logContentHash(row: Pick<CaseRow, 'content_salt' | 'title' | 'content'>): string {
  return `sha256:${createHash('sha256').update(`${row.content_salt}\n${row.title}\n${row.content}`).digest('hex')}`;
}

export type EpeopleService = ReturnType<typeof createEpeopleService>;
export { ANSWER_OUTCOMES, answerDocument, type AnswerOutcome } from './epeople.answer.js';
export type { CaseTypeCode };
