import { inTransaction } from '../../kernel/db/database.js';
import { DomainError, invalidInput, notFound } from '../../kernel/http/errors.js';
import { newId } from '../../kernel/identity/identity.crypto.js';
import type { Kernel } from '../../kernel/kernel.js';
import { commitment, newCommitmentSalt } from '../../kernel/trust/tlog/canonical-json.js';
import * as consentRepo from './sharing.consent.repository.js';
import { CONSENT_EXCEEDED, CONSENT_EXPIRED, CONSENT_MISSING, CONSENT_OTHER_APPLICATION, refusal } from './sharing.errors.js';
import { lookupEvent } from './sharing.events.js';
import * as repo from './sharing.repository.js';
import { createMessageSigner, type SignedMessage } from './sharing.signing.js';
import type { AccessItem, ConsentedItem, ConsentRow, ItemRow } from './sharing.tables.js';
import type { ItemOutcome, ProviderAdapter } from './sharing.types.js';

/** What an access under consent records as its legal basis: the person's own consent. */
export const CONSENT_LEGAL_BASIS = 'Consent of the person concerned';

export interface ConsentSettings {
  /** How long a recorded consent may wait for its lookup (ms). */
  consentValidityMs: number;
  /** How long one provider may take before its item is marked unavailable (ms). */
  providerTimeoutMs: number;
  /** Adapters by provider agency code; others are read from Nara's own registries. */
  providers: Record<string, ProviderAdapter>;
}

export const DEFAULT_CONSENT_SETTINGS: ConsentSettings = { consentValidityMs: 3_600_000, providerTimeoutMs: 2_000, providers: {} };

export interface RecordConsentInput {
  personId: string;
  /** The agency whose service will use the items (the one that receives the application). */
  consumerId: string;
  serviceCode: string;
  serviceName: string;
  /** The one application the consent is for. */
  applicationId: string;
  /** The portal the person consented in, e.g. `gov24`. */
  channel: string;
  items: ConsentedItem[];
}

export interface ConsentedLookupInput {
  /** The consent to use; default the person's latest consent to this service. */
  consentId?: string | undefined;
  personId: string;
  consumerId: string;
  serviceCode: string;
  applicationId: string;
  channel: string;
  items: ConsentedItem[];
}

export interface ConsentedLookupResult {
  accessId: string;
  consentId: string;
  result: 'complete' | 'partial';
  items: { itemCode: string; providerId: string; outcome: ItemOutcome; fields: Record<string, unknown> }[];
}

/** The port a portal uses: record the citizen's consent, then fetch exactly what it covers. */
export interface SharingConsentPort {
  recordConsent(input: RecordConsentInput): Promise<{ consentId: string; expiresAt: Date }>;
  consentedLookup(input: ConsentedLookupInput): Promise<ConsentedLookupResult>;
}

/** Whether every asked field of every asked item is within the consent; the first item that is not, else null. */
export function itemBeyondConsent(consented: ConsentedItem[], asked: ConsentedItem[]): string | null {
  for (const a of asked) {
    const c = consented.find((x) => x.itemCode === a.itemCode);
    if (!c || a.fields.some((f) => !c.fields.includes(f))) return a.itemCode;
  }
  return null;
}

/**
 * Mode 3 of a lookup: no approval and no official; the person's consent in a portal is the
 * ground, it names the agency, the service, the application and each field, and it is used once.
 * Every lookup (given or refused) is an access record with signed messages and a log entry, shown
 * to the person as made with their consent.
 */
export function createSharingConsents(kernel: Kernel, options: Partial<ConsentSettings> = {}): SharingConsentPort {
  const settings: ConsentSettings = { ...DEFAULT_CONSENT_SETTINGS, ...options };
  const signer = createMessageSigner(kernel);

  async function latestItems(codes: string[]): Promise<Map<string, ItemRow>> {
    const found = new Map<string, ItemRow>();
    for (const code of new Set(codes)) {
      const item = await repo.findLatestItem(kernel.db, code);
      if (item) found.set(code, item);
    }
    return found;
  }

  async function read(item: ItemRow, personId: string): Promise<{ outcome: ItemOutcome; record?: Record<string, unknown> }> {
    const code = (await kernel.identity.getOrganisation(item.provider_id))?.code ?? '';
    const adapter = settings.providers[code];
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), settings.providerTimeoutMs);
    });
    try {
      const got = await Promise.race([adapter ? adapter.read(item.code, personId) : repo.readItem(kernel.db, item.code, personId), timeout]);
      if (got === 'timeout') return { outcome: 'unavailable' };
      return got ? { outcome: 'given', record: got } : { outcome: 'no_record' };
    } catch (error) {
      kernel.logger.warn('sharing provider failed', { providerId: item.provider_id, itemCode: item.code, error: error instanceof Error ? error.message : String(error) });
      return { outcome: 'unavailable' };
    } finally {
      clearTimeout(timer);
    }
  }

  type Ctx = { accessId: string; at: Date; input: ConsentedLookupInput; consent: ConsentRow | undefined };

  /** Writes the access record (and marks the consent used when it was granted) with its messages and log entry. */
  async function record(ctx: Ctx, items: AccessItem[], result: string, refusalCode: string | null, messages: (SignedMessage & { direction: 'request' | 'response' })[] = []): Promise<void> {
    const { input } = ctx;
    const salt = newCommitmentSalt();
    const officialId = `portal:${input.channel}`;
    const opened = {
      accessId: ctx.accessId, at: ctx.at.toISOString(), officialId, consumerId: input.consumerId, personId: input.personId, serviceCode: input.serviceCode,
      legalBasis: CONSENT_LEGAL_BASIS, consentId: ctx.consent?.id ?? null, caseKind: 'application', caseRef: input.applicationId, items, result,
    };
    await inTransaction(kernel.db, async (tx) => {
      await consentRepo.insertConsentAccess(tx, {
        id: ctx.accessId, at: ctx.at, official_id: officialId, consumer_id: input.consumerId, person_id: input.personId, service_code: input.serviceCode,
        legal_basis: CONSENT_LEGAL_BASIS, case_kind: 'application', case_ref: input.applicationId.slice(0, 64), mode: 'consent', items: JSON.stringify(items), result,
        refusal_code: refusalCode, commitment_salt: Buffer.from(salt).toString('hex'), log_pending_id: null, consent_id: ctx.consent?.id ?? null,
      });
      if (refusalCode === null && !(await consentRepo.useConsent(tx, ctx.consent!.id, ctx.accessId, ctx.at))) {
        throw new DomainError(CONSENT_EXPIRED, 403, 'The consent was already used.');
      }
      await repo.insertMessages(tx, messages.map((m) => ({ access_id: ctx.accessId, direction: m.direction, agency_id: m.agencyId, certificate_serial: m.certificateSerial, jws: m.jws, at: ctx.at })));
      const pendingId = await kernel.transparencyLog.appendInTx(tx, lookupEvent({ accessId: ctx.accessId, at: ctx.at, consumerId: input.consumerId }, result, commitment(opened, salt)));
      await repo.setAccessLogId(tx, ctx.accessId, pendingId);
    });
  }

  /** The consent this lookup may use, or a recorded refusal. */
  async function consentFor(ctx: Ctx, refused: AccessItem[]): Promise<ConsentRow> {
    const { input } = ctx;
    const refuse = async (code: string, itemCode?: string): Promise<never> => {
      await record(ctx, refused, 'refused', code);
      throw refusal(code, ctx.accessId, itemCode);
    };
    const mine = (c: ConsentRow) => c.person_id === input.personId && c.consumer_id === input.consumerId && c.service_code === input.serviceCode && c.channel === input.channel;
    let consent: ConsentRow | undefined;
    if (input.consentId) {
      const found = await consentRepo.findConsent(kernel.db, input.consentId);
      consent = found && mine(found) ? found : undefined;
    } else {
      const all = await consentRepo.consentsFor(kernel.db, input.personId, input.consumerId, input.serviceCode);
      consent = all.find((c) => c.application_ref === input.applicationId && c.channel === input.channel) ?? all.find((c) => c.channel === input.channel);
    }
    if (!consent) return refuse(CONSENT_MISSING);
    ctx.consent = consent;
    if (consent.application_ref !== input.applicationId) return refuse(CONSENT_OTHER_APPLICATION);
    if (consent.used_at !== null || consent.expires_at <= ctx.at) return refuse(CONSENT_EXPIRED);
    const beyond = itemBeyondConsent(consent.items, input.items);
    if (beyond !== null) return refuse(CONSENT_EXCEEDED, beyond);
    return consent;
  }

  return {
    async recordConsent(input) {
      if (!(await kernel.identity.getPerson(input.personId))) throw notFound('The person');
      if (!(await kernel.identity.getOrganisation(input.consumerId))) throw notFound('The agency');
      const items = await latestItems(input.items.map((i) => i.itemCode));
      const problems = input.items.flatMap((i) => {
        const item = items.get(i.itemCode);
        if (!item) return [{ field: 'items', message: `No information item ${i.itemCode}.` }];
        return i.fields.filter((f) => !item.fields.some((x) => x.name === f)).map((f) => ({ field: 'items', message: `The item ${i.itemCode} has no field ${f}.` }));
      });
      if (input.items.length === 0) problems.push({ field: 'items', message: 'Name at least one item.' });
      if (problems.length > 0) throw invalidInput(problems);
      const now = kernel.clock.now();
      const id = newId('cns');
      const expiresAt = new Date(now.getTime() + settings.consentValidityMs);
      await consentRepo.insertConsent(kernel.db, {
        id, person_id: input.personId, consumer_id: input.consumerId, service_code: input.serviceCode, service_name: input.serviceName.slice(0, 200),
        application_ref: input.applicationId.slice(0, 64), channel: input.channel, items: JSON.stringify(input.items.map((i) => ({ itemCode: i.itemCode, fields: [...new Set(i.fields)] }))),
        granted_at: now, expires_at: expiresAt, used_at: null, used_by_access_id: null,
      });
      return { consentId: id, expiresAt };
    },

    async consentedLookup(input) {
      const ctx: Ctx = { accessId: newId('acc'), at: kernel.clock.now(), input, consent: undefined };
      const items = await latestItems(input.items.map((i) => i.itemCode));
      const refused: AccessItem[] = input.items.map((i) => ({ itemCode: i.itemCode, providerId: items.get(i.itemCode)?.provider_id ?? '', fields: [], outcome: 'refused' }));
      const consent = await consentFor(ctx, refused);
      const asked = input.items.map((i) => ({ ...i, item: items.get(i.itemCode)! }));
      const request = await signer.sign(input.consumerId, {
        type: 'nara.sharing.request', accessId: ctx.accessId, at: ctx.at.toISOString(), consumer: input.consumerId, official: null, person: input.personId,
        service: input.serviceCode, legalBasis: CONSENT_LEGAL_BASIS, consent: consent.id, case: { kind: 'application', ref: input.applicationId },
        items: asked.map((a) => ({ itemCode: a.itemCode, fields: a.fields })),
      });
      const reads = await Promise.all(asked.map((a) => read(a.item, input.personId)));
      const out = asked.map((a, n) => {
        const got = reads[n]!;
        const fields = got.record ? Object.fromEntries(a.fields.map((f) => [f, got.record![f] ?? null])) : {};
        return { itemCode: a.itemCode, itemVersion: a.item.version, providerId: a.item.provider_id, outcome: got.outcome, fields };
      });
      const responses = await Promise.all(
        [...new Set(out.filter((i) => i.outcome !== 'unavailable').map((i) => i.providerId))].map((providerId) =>
          signer.sign(providerId, {
            type: 'nara.sharing.response', accessId: ctx.accessId, at: ctx.at.toISOString(), provider: providerId, person: input.personId,
            items: out.filter((i) => i.providerId === providerId).map((i) => ({ itemCode: i.itemCode, itemVersion: i.itemVersion, outcome: i.outcome, fields: i.fields, checks: [] })),
          }),
        ),
      );
      const result = out.some((i) => i.outcome === 'unavailable') ? 'partial' : 'complete';
      const accessItems: AccessItem[] = out.map((i) => ({ itemCode: i.itemCode, providerId: i.providerId, fields: Object.keys(i.fields), outcome: i.outcome === 'unavailable' ? 'unavailable' : 'given' }));
      await record(ctx, accessItems, result, null, [{ ...request, direction: 'request' }, ...responses.map((r) => ({ ...r, direction: 'response' as const }))]);
      return { accessId: ctx.accessId, consentId: consent.id, result, items: out.map(({ itemVersion: _v, ...rest }) => rest) };
    },
  };
}
