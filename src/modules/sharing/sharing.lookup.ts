import type { SessionContext } from '../../kernel/http/context.js';
import { DomainError, invalidInput, notFound } from '../../kernel/http/errors.js';
import { newId } from '../../kernel/identity/identity.crypto.js';
import type { Kernel } from '../../kernel/kernel.js';
import { findEpeopleCase } from '../epeople/index.js';
import * as codes from './sharing.errors.js';
import { createAccessRecorder, type AccessContext, type Notify } from './sharing.access.js';
import { isParameterValid, PREDICATES } from './sharing.predicates.js';
import { sharingCaches } from './sharing.cache.js';
import * as repo from './sharing.repository.js';
import type { MessageSigner, SignedMessage } from './sharing.signing.js';
import type { AccessItem, ApprovalRow } from './sharing.tables.js';
import { isRemote, type CheckInput, type CheckResult, type ExtractedItem, type ItemOutcome, type LookupCase, type LookupInput, type LookupResult, type ProviderAdapter, type RemoteProvider, type SharingSettings } from './sharing.types.js';
import type { SharingNode } from './sharing.node.js';

type Message = SignedMessage & { direction: 'request' | 'response' };

const EXTERNAL_CASE_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{2,63}$/;



/** Lookups: every one bound to an official, a case, a service and a legal basis, and recorded, granted or refused. */
export function createLookups(kernel: Kernel, settings: SharingSettings, signer: MessageSigner, node: SharingNode, afterAccess: Notify) {
  const local: ProviderAdapter = { read: (itemCode, personId) => repo.readItem(kernel.db, itemCode, personId) };
  const codeById = new Map<string, string>();

  async function adapterFor(providerId: string): Promise<ProviderAdapter | RemoteProvider> {
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

  const record = createAccessRecorder(kernel, afterAccess);
  const caches = sharingCaches(kernel);
  const rateWindows = new Map<string, Promise<{ base: number; local: number; countedAt: number; wallAt: number }>>();

  async function refuse(ctx: AccessContext, code: string, items: AccessItem[], itemCode?: string): Promise<never> {
    await record(ctx, items, 'refused', code);
    throw codes.refusal(code, ctx.accessId, itemCode);
  }

  /** The case the lookup serves, and the person it concerns. Refusals are recorded. */
  async function bindCase(ctx: AccessContext, input: LookupCase & { personId?: string | undefined }, refusedItems: AccessItem[]): Promise<string> {
    if (input.externalCaseId !== undefined && !EXTERNAL_CASE_ID.test(input.externalCaseId)) {
      throw invalidInput([{ field: 'externalCaseId', message: 'An external case id is 3 to 64 letters, digits and . _ : / -.' }]);
    }
    if (input.personId !== undefined) {
      if (!(await caches.personExists(input.personId))) throw notFound('The person');
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
  async function approvalFor(ctx: AccessContext, approvals: ApprovalRow[], itemCode: string, refusedItems: AccessItem[], predicate?: string): Promise<ApprovalRow> {
    const forItem = approvals.filter((a) => a.item_code === itemCode && a.status === 'approved' && (!predicate || a.predicates.includes(predicate)));
    if (forItem.length === 0) return refuse(ctx, codes.NOT_APPROVED, refusedItems, itemCode);
    const sameBasis = forItem.filter((a) => a.legal_basis === ctx.legalBasis);
    if (sameBasis.length === 0) return refuse(ctx, codes.LEGAL_BASIS_NOT_APPROVED, refusedItems, itemCode);
    const current = sameBasis.find((a) => a.expires_at > ctx.at);
    if (!current) return refuse(ctx, codes.APPROVAL_EXPIRED, refusedItems, itemCode);
    return current;
  }

  type Read = { outcome: ItemOutcome; record?: Record<string, unknown>; remote?: { checks: { check: string; answer: boolean | null }[]; messages: Message[] } };

  /** Reads one item from its provider (here or on another node), within the timeout; a slow or failing provider is "unavailable". */
  async function readWithTimeout(approval: ApprovalRow, personId: string, ctx: AccessContext): Promise<Read> {
    const adapter = await adapterFor(approval.provider_id);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), settings.providerTimeoutMs);
    });
    const read = async (): Promise<Read> => {
      if (isRemote(adapter)) {
        const answer = await node.ask(adapter, approval, ctx, personId);
        return { outcome: answer.record ? 'given' : 'no_record', ...(answer.record ? { record: answer.record } : {}), remote: { checks: answer.checks, messages: answer.messages } };
      }
      const found = await adapter.read(approval.item_code, personId);
      return found ? { outcome: 'given', record: found } : { outcome: 'no_record' };
    };
    try {
      const got = await Promise.race([read(), timeout]);
      return got === 'timeout' ? { outcome: 'unavailable' } : got;
    } catch (error) {
      kernel.logger.warn('sharing provider failed', { providerId: approval.provider_id, itemCode: approval.item_code, error: error instanceof Error ? error.message : String(error) });
      return { outcome: 'unavailable' };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Lookups in the last minute by an official or an agency: counted from the access records, so
   * every process sees the others' lookups, but at most once a second per key; in between, this
   * process adds the lookups it started itself. The count errs on the high side (lookups that
   * left the window within that second still count), never the low side.
   */
  async function lookupsInLastMinute(by: { officialId: string } | { consumerId: string }): Promise<{ base: number; local: number }> {
    const key = JSON.stringify(by);
    const now = kernel.clock.now().getTime();
    let window = rateWindows.get(key);
    const current = window && (await window);
    if (!current || Date.now() - current.wallAt >= 1_000 || Math.abs(now - current.countedAt) >= 1_000) {
      if (window === rateWindows.get(key)) {
        window = repo.countLookupsSince(kernel.db, by, new Date(now - 60_000)).then((base) => ({ base, local: 0, countedAt: now, wallAt: Date.now() }));
        if (rateWindows.size > 10_000) rateWindows.clear();
        rateWindows.set(key, window);
        window.catch(() => rateWindows.delete(key));
      }
      return rateWindows.get(key)!;
    }
    return current;
  }

  /** Per-official and per-agency limits (see lookupsInLastMinute). */
  async function enforceRateLimits(officialId: string, consumerId: string): Promise<void> {
    const [byOfficial, byAgency] = await Promise.all([lookupsInLastMinute({ officialId }), lookupsInLastMinute({ consumerId })]);
    if (byOfficial.base + byOfficial.local >= settings.officialLookupsPerMinute || byAgency.base + byAgency.local >= settings.agencyLookupsPerMinute) {
      throw new DomainError(codes.RATE_LIMITED, 429, 'Too many lookups in the last minute. Wait a little and try again.', { headers: { 'Retry-After': '60' } });
    }
    byOfficial.local++;
    byAgency.local++;
  }

  function newContext(session: SessionContext, consumerId: string, input: { serviceCode: string; legalBasis: string }, mode: AccessContext['mode']): AccessContext {
    return {
      accessId: newId('acc'), at: kernel.clock.now(), officialId: session.personId, consumerId, personId: null,
      serviceCode: input.serviceCode, legalBasis: input.legalBasis, caseKind: null, caseRef: null, mode,
    };
  }

  const requestDocument = (ctx: AccessContext, items: { itemCode: string; fields: string[]; predicate?: string; parameter?: string }[]) => ({
    type: 'nara.sharing.request', accessId: ctx.accessId, at: ctx.at.toISOString(), consumer: ctx.consumerId, official: ctx.officialId, person: ctx.personId,
    service: ctx.serviceCode, legalBasis: ctx.legalBasis, case: { kind: ctx.caseKind, ref: ctx.caseRef }, items,
  });

  return {
    /** Minimal extraction: only the approved fields of each item, from every provider at once. */
    async extract(session: SessionContext, input: LookupInput): Promise<LookupResult> {
      const ctx = newContext(session, consumerOf(session, input.agencyId), input, 'extract');
      await enforceRateLimits(ctx.officialId, ctx.consumerId);
      const approvals = await caches.approvalsForService(ctx.consumerId, input.serviceCode);
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
      const reads = await Promise.all(chosen.map((a) => readWithTimeout(a, personId, ctx)));
      const items: ExtractedItem[] = chosen.map((a, i) => {
        const read = reads[i]!;
        const fields = read.record ? Object.fromEntries(a.fields.map((f) => [f, read.record![f] ?? null])) : {};
        // A remote provider answers the checks itself and sends only the approved fields.
        const checks = read.remote
          ? read.remote.checks.map((c) => ({ predicate: c.check, answer: c.answer }))
          : a.predicates.filter((p) => PREDICATES[p] && !PREDICATES[p].parameter).map((p) => ({ predicate: p, answer: read.record ? PREDICATES[p]!.test(read.record, undefined) : null }));
        return { itemCode: a.item_code, itemVersion: a.item_version, providerId: a.provider_id, outcome: read.outcome, fields, checks };
      });
      const responses = await Promise.all(
        [...new Set(items.filter((i, n) => i.outcome !== 'unavailable' && !reads[n]!.remote).map((i) => i.providerId))].map((providerId) =>
          signer.sign(providerId, {
            type: 'nara.sharing.response', accessId: ctx.accessId, at: ctx.at.toISOString(), provider: providerId, person: personId,
            items: items.filter((i) => i.providerId === providerId).map((i) => ({ itemCode: i.itemCode, itemVersion: i.itemVersion, outcome: i.outcome, fields: i.fields, checks: i.checks })),
          }),
        ),
      );
      const result = items.some((i) => i.outcome === 'unavailable') ? 'partial' : 'complete';
      const accessItems: AccessItem[] = items.map((i) => ({ itemCode: i.itemCode, providerId: i.providerId, fields: Object.keys(i.fields), outcome: i.outcome === 'unavailable' ? 'unavailable' : 'given', ...(i.checks.length > 0 ? { predicate: i.checks.map((c) => c.predicate).join(',') } : {}) }));
      const remoteMessages = reads.flatMap((r) => r.remote?.messages ?? []);
      await record(ctx, accessItems, result, null, [{ ...request, direction: 'request' }, ...responses.map((r) => ({ ...r, direction: 'response' as const })), ...remoteMessages]);
      return { accessId: ctx.accessId, result, personId, serviceCode: input.serviceCode, items };
    },

    /** A yes/no check: the provider answers the predicate and the value never leaves it. */
    async check(session: SessionContext, input: CheckInput): Promise<CheckResult> {
      const ctx = newContext(session, consumerOf(session, input.agencyId), input, 'check');
      await enforceRateLimits(ctx.officialId, ctx.consumerId);
      const def = PREDICATES[input.predicate];
      if (!def) throw invalidInput([{ field: 'predicate', message: 'Unknown check.' }]);
      if (!isParameterValid(input.predicate, input.parameter)) throw invalidInput([{ field: 'parameter', message: def.parameter === 'amount' ? 'Give a whole amount.' : def.parameter ? 'Give the value to check against.' : 'This check takes no parameter.' }]);
      const approvals = await caches.approvalsForService(ctx.consumerId, input.serviceCode);
      const providerId = approvals.find((a) => a.item_code === def.itemCode)?.provider_id ?? '';
      const refused: AccessItem[] = [{ itemCode: def.itemCode, providerId, fields: [], predicate: input.predicate, outcome: 'refused' }];
      const personId = await bindCase(ctx, input, refused);
      const approval = await approvalFor(ctx, approvals, def.itemCode, refused, input.predicate);
      const request = await signer.sign(ctx.consumerId, requestDocument(ctx, [{ itemCode: def.itemCode, fields: [], predicate: input.predicate, ...(input.parameter ? { parameter: input.parameter } : {}) }]));
      const read = await readWithTimeout(approval, personId, ctx);
      // A remote provider answers the service's parameterless checks itself; parameterised checks are answered here only.
      const answer = read.remote ? (read.remote.checks.find((c) => c.check === input.predicate)?.answer ?? null) : read.record ? def.test(read.record, input.parameter) : null;
      const messages: (SignedMessage & { direction: 'request' | 'response' })[] = [{ ...request, direction: 'request' }];
      messages.push(...(read.remote?.messages ?? []));
      if (read.outcome !== 'unavailable' && !read.remote) {
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
