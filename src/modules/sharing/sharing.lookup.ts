import { inTransaction } from '../../kernel/db/database.js';
import type { SessionContext } from '../../kernel/http/context.js';
import { DomainError, invalidInput, notFound } from '../../kernel/http/errors.js';
import { newId } from '../../kernel/identity/identity.crypto.js';
import type { Kernel } from '../../kernel/kernel.js';
import { commitment, newCommitmentSalt } from '../../kernel/trust/tlog/canonical-json.js';
import { findEpeopleCase } from '../epeople/index.js';
import * as codes from './sharing.errors.js';
import { lookupEvent } from './sharing.events.js';
import { isParameterValid, PREDICATES } from './sharing.predicates.js';
import * as repo from './sharing.repository.js';
import type { MessageSigner, SignedMessage } from './sharing.signing.js';
import type { AccessItem, ApprovalRow } from './sharing.tables.js';
import type { CheckInput, CheckResult, ExtractedItem, ItemOutcome, LookupCase, LookupInput, LookupResult, ProviderAdapter, SharingSettings } from './sharing.types.js';

const EXTERNAL_CASE_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{2,63}$/;

interface Context {
  accessId: string;
  at: Date;
  officialId: string;
  consumerId: string;
  personId: string | null;
  serviceCode: string;
  legalBasis: string;
  caseKind: 'epeople' | 'external' | null;
  caseRef: string | null;
  mode: 'extract' | 'check';
}

type Notify = (access: { officialId: string; consumerId: string; at: Date }) => Promise<void>;

/** Lookups: every one bound to an official, a case, a service and a legal basis, and recorded, granted or refused. */
export function createLookups(kernel: Kernel, settings: SharingSettings, signer: MessageSigner, afterAccess: Notify) {
  const local: ProviderAdapter = { read: (itemCode, personId) => repo.readItem(kernel.db, itemCode, personId) };
  const codeById = new Map<string, string>();

  async function adapterFor(providerId: string): Promise<ProviderAdapter> {
    if (Object.keys(settings.providers).length === 0) return local;
    let code = codeById.get(providerId);
    if (code === undefined) {
      code = (await kernel.identity.getOrganisation(providerId))?.code ?? '';
      codeById.set(providerId, code);
    }
    return settings.providers[code] ?? local;
  }

  function consumerOf(session: SessionContext, agencyId: string | undefined): string {
    const consumer = agencyId ?? session.officialOf[0];
    if (!consumer || !session.officialOf.includes(consumer)) throw new DomainError(codes.NOT_AN_OFFICIAL, 403, 'Only an official of the agency may look up information for it.');
    return consumer;
  }

  /** Writes the access record and its log entry (and any signed messages) in one transaction. */
  async function record(ctx: Context, items: AccessItem[], result: string, refusalCode: string | null, messages: (SignedMessage & { direction: 'request' | 'response' })[] = []) {
    const salt = newCommitmentSalt();
    const opened = { accessId: ctx.accessId, at: ctx.at.toISOString(), officialId: ctx.officialId, consumerId: ctx.consumerId, personId: ctx.personId, serviceCode: ctx.serviceCode, legalBasis: ctx.legalBasis, caseKind: ctx.caseKind, caseRef: ctx.caseRef, items, result };
    await inTransaction(kernel.db, async (tx) => {
      await repo.insertAccess(tx, {
        id: ctx.accessId, at: ctx.at, official_id: ctx.officialId, consumer_id: ctx.consumerId, person_id: ctx.personId, service_code: ctx.serviceCode,
        legal_basis: ctx.legalBasis, case_kind: ctx.caseKind, case_ref: ctx.caseRef, mode: ctx.mode, items: JSON.stringify(items), result,
        refusal_code: refusalCode, commitment_salt: Buffer.from(salt).toString('hex'), log_pending_id: null,
      });
      await repo.insertMessages(tx, messages.map((m) => ({ access_id: ctx.accessId, direction: m.direction, agency_id: m.agencyId, certificate_serial: m.certificateSerial, jws: m.jws, at: ctx.at })));
      const pendingId = await kernel.transparencyLog.appendInTx(tx, lookupEvent(ctx, result, commitment(opened, salt)));
      await repo.setAccessLogId(tx, ctx.accessId, pendingId);
    });
    await afterAccess({ officialId: ctx.officialId, consumerId: ctx.consumerId, at: ctx.at });
  }

  async function refuse(ctx: Context, code: string, items: AccessItem[], itemCode?: string): Promise<never> {
    await record(ctx, items, 'refused', code);
    throw codes.refusal(code, ctx.accessId, itemCode);
  }

  /** The case the lookup serves, and the person it concerns. Refusals are recorded. */
  async function bindCase(ctx: Context, input: LookupCase & { personId?: string | undefined }, refusedItems: AccessItem[]): Promise<string> {
    if (input.externalCaseId !== undefined && !EXTERNAL_CASE_ID.test(input.externalCaseId)) {
      throw invalidInput([{ field: 'externalCaseId', message: 'An external case id is 3 to 64 letters, digits and . _ : / -.' }]);
    }
    if (input.personId !== undefined) {
      if (!(await kernel.identity.getPerson(input.personId))) throw notFound('The person');
      ctx.personId = input.personId;
    }
    if (!input.caseId && !input.externalCaseId) return refuse(ctx, codes.CASE_REQUIRED, refusedItems);
    if (input.caseId) {
      ctx.caseKind = 'epeople';
      ctx.caseRef = input.caseId.slice(0, 64);
      const found = await findEpeopleCase(kernel.db, input.caseId);
      if (!found || found.agencyId !== ctx.consumerId || found.status === 'closed') return refuse(ctx, codes.CASE_NOT_USABLE, refusedItems);
      if (input.personId !== undefined && input.personId !== found.filerId) return refuse(ctx, codes.CASE_PERSON_MISMATCH, refusedItems);
      ctx.personId = found.filerId;
      return found.filerId;
    }
    ctx.caseKind = 'external';
    ctx.caseRef = input.externalCaseId!;
    if (input.personId === undefined) throw invalidInput([{ field: 'personId', message: 'With an external case, name the person the lookup concerns.' }]);
    return input.personId;
  }

  /** The approval that lets the consumer use the item for the service under the legal basis, or a recorded refusal. */
  async function approvalFor(ctx: Context, approvals: ApprovalRow[], itemCode: string, refusedItems: AccessItem[], predicate?: string): Promise<ApprovalRow> {
    const forItem = approvals.filter((a) => a.item_code === itemCode && a.status === 'approved' && (!predicate || a.predicates.includes(predicate)));
    if (forItem.length === 0) return refuse(ctx, codes.NOT_APPROVED, refusedItems, itemCode);
    const sameBasis = forItem.filter((a) => a.legal_basis === ctx.legalBasis);
    if (sameBasis.length === 0) return refuse(ctx, codes.LEGAL_BASIS_NOT_APPROVED, refusedItems, itemCode);
    const current = sameBasis.find((a) => a.expires_at > ctx.at);
    if (!current) return refuse(ctx, codes.APPROVAL_EXPIRED, refusedItems, itemCode);
    return current;
  }

  /** Reads one item from its provider, within the timeout; a slow or failing provider is "unavailable". */
  async function readWithTimeout(providerId: string, itemCode: string, personId: string): Promise<{ outcome: ItemOutcome; record?: Record<string, unknown> }> {
    const adapter = await adapterFor(providerId);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), settings.providerTimeoutMs);
    });
    try {
      const got = await Promise.race([adapter.read(itemCode, personId), timeout]);
      if (got === 'timeout') return { outcome: 'unavailable' };
      return got ? { outcome: 'given', record: got } : { outcome: 'no_record' };
    } catch (error) {
      kernel.logger.warn('sharing provider failed', { providerId, itemCode, error: error instanceof Error ? error.message : String(error) });
      return { outcome: 'unavailable' };
    } finally {
      clearTimeout(timer);
    }
  }

  function newContext(session: SessionContext, consumerId: string, input: { serviceCode: string; legalBasis: string }, mode: Context['mode']): Context {
    return {
      accessId: newId('acc'), at: kernel.clock.now(), officialId: session.personId, consumerId, personId: null,
      serviceCode: input.serviceCode, legalBasis: input.legalBasis, caseKind: null, caseRef: null, mode,
    };
  }

  const requestDocument = (ctx: Context, items: { itemCode: string; fields: string[]; predicate?: string; parameter?: string }[]) => ({
    type: 'nara.sharing.request', accessId: ctx.accessId, at: ctx.at.toISOString(), consumer: ctx.consumerId, official: ctx.officialId, person: ctx.personId,
    service: ctx.serviceCode, legalBasis: ctx.legalBasis, case: { kind: ctx.caseKind, ref: ctx.caseRef }, items,
  });

  return {
    /** Minimal extraction: only the approved fields of each item, from every provider at once. */
    async extract(session: SessionContext, input: LookupInput): Promise<LookupResult> {
      const ctx = newContext(session, consumerOf(session, input.agencyId), input, 'extract');
      const approvals = await repo.approvalsForService(kernel.db, ctx.consumerId, input.serviceCode);
      // By default, every item approved for the service under the legal basis the lookup gives.
      const approved = approvals.filter((a) => a.status === 'approved');
      const underBasis = approved.filter((a) => a.legal_basis === input.legalBasis);
      const wanted = input.items ?? [...new Set((underBasis.length > 0 ? underBasis : approved).map((a) => a.item_code))];
      const refusedItems: AccessItem[] = wanted.map((itemCode) => ({ itemCode, providerId: approvals.find((a) => a.item_code === itemCode)?.provider_id ?? '', fields: [], outcome: 'refused' }));
      const personId = await bindCase(ctx, input, refusedItems);
      if (wanted.length === 0) return refuse(ctx, codes.NOT_APPROVED, refusedItems);
      const chosen: ApprovalRow[] = [];
      for (const itemCode of wanted) chosen.push(await approvalFor(ctx, approvals, itemCode, refusedItems, undefined));
      const request = await signer.sign(ctx.consumerId, requestDocument(ctx, chosen.map((a) => ({ itemCode: a.item_code, fields: a.fields }))));
      // Every provider at once; each answers or times out on its own.
      const reads = await Promise.all(chosen.map((a) => readWithTimeout(a.provider_id, a.item_code, personId)));
      const items: ExtractedItem[] = chosen.map((a, i) => {
        const read = reads[i]!;
        const fields = read.record ? Object.fromEntries(a.fields.map((f) => [f, read.record![f] ?? null])) : {};
        const checks = a.predicates
          .filter((p) => PREDICATES[p] && !PREDICATES[p].parameter)
          .map((p) => ({ predicate: p, answer: read.record ? PREDICATES[p]!.test(read.record, undefined) : null }));
        return { itemCode: a.item_code, itemVersion: a.item_version, providerId: a.provider_id, outcome: read.outcome, fields, checks };
      });
      const responses = await Promise.all(
        [...new Set(items.filter((i) => i.outcome !== 'unavailable').map((i) => i.providerId))].map((providerId) =>
          signer.sign(providerId, {
            type: 'nara.sharing.response', accessId: ctx.accessId, at: ctx.at.toISOString(), provider: providerId, person: personId,
            items: items.filter((i) => i.providerId === providerId).map((i) => ({ itemCode: i.itemCode, itemVersion: i.itemVersion, outcome: i.outcome, fields: i.fields, checks: i.checks })),
          }),
        ),
      );
      const result = items.some((i) => i.outcome === 'unavailable') ? 'partial' : 'complete';
      const accessItems: AccessItem[] = items.map((i) => ({ itemCode: i.itemCode, providerId: i.providerId, fields: Object.keys(i.fields), outcome: i.outcome === 'unavailable' ? 'unavailable' : 'given', ...(i.checks.length > 0 ? { predicate: i.checks.map((c) => c.predicate).join(',') } : {}) }));
      await record(ctx, accessItems, result, null, [{ ...request, direction: 'request' }, ...responses.map((r) => ({ ...r, direction: 'response' as const }))]);
      return { accessId: ctx.accessId, result, personId, serviceCode: input.serviceCode, items };
    },

    /** A yes/no check: the provider answers the predicate and the value never leaves it. */
    async check(session: SessionContext, input: CheckInput): Promise<CheckResult> {
      const ctx = newContext(session, consumerOf(session, input.agencyId), input, 'check');
      const def = PREDICATES[input.predicate];
      if (!def) throw invalidInput([{ field: 'predicate', message: 'Unknown check.' }]);
      if (!isParameterValid(input.predicate, input.parameter)) throw invalidInput([{ field: 'parameter', message: def.parameter === 'amount' ? 'Give a whole amount.' : def.parameter ? 'Give the value to check against.' : 'This check takes no parameter.' }]);
      const approvals = await repo.approvalsForService(kernel.db, ctx.consumerId, input.serviceCode);
      const providerId = approvals.find((a) => a.item_code === def.itemCode)?.provider_id ?? '';
      const refused: AccessItem[] = [{ itemCode: def.itemCode, providerId, fields: [], predicate: input.predicate, outcome: 'refused' }];
      const personId = await bindCase(ctx, input, refused);
      const approval = await approvalFor(ctx, approvals, def.itemCode, refused, input.predicate);
      const request = await signer.sign(ctx.consumerId, requestDocument(ctx, [{ itemCode: def.itemCode, fields: [], predicate: input.predicate, ...(input.parameter ? { parameter: input.parameter } : {}) }]));
      const read = await readWithTimeout(approval.provider_id, def.itemCode, personId);
      const answer = read.record ? def.test(read.record, input.parameter) : null;
      const messages: (SignedMessage & { direction: 'request' | 'response' })[] = [{ ...request, direction: 'request' }];
      if (read.outcome !== 'unavailable') {
        const response = await signer.sign(approval.provider_id, { type: 'nara.sharing.check-response', accessId: ctx.accessId, at: ctx.at.toISOString(), provider: approval.provider_id, person: personId, itemCode: def.itemCode, predicate: input.predicate, answer });
        messages.push({ ...response, direction: 'response' });
      }
      const item: AccessItem = { itemCode: def.itemCode, providerId: approval.provider_id, fields: [], predicate: input.predicate, outcome: read.outcome === 'unavailable' ? 'unavailable' : 'given' };
      await record(ctx, [item], read.outcome === 'unavailable' ? 'partial' : 'complete', null, messages);
      return { accessId: ctx.accessId, predicate: input.predicate, itemCode: def.itemCode, answer, outcome: read.outcome };
    },
  };
}

export type Lookups = ReturnType<typeof createLookups>;
