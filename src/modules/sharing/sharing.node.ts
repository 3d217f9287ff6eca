import { createPublicKey, randomUUID, verify, type KeyObject } from 'node:crypto';
import { DomainError, notFound } from '../../kernel/http/errors.js';
import { newId } from '../../kernel/identity/identity.crypto.js';
import type { Kernel } from '../../kernel/kernel.js';
import { x509 } from '../../kernel/trust/pki/x509.js';
import { verifyJws } from '../../kernel/trust/signing/jws.js';
import { createAccessRecorder, type AccessContext, type Notify } from './sharing.access.js';
import { createNodeKeyring, isEncryptionJwk, NODE_WRONG_RECIPIENT, type EncryptionJwk } from './sharing.encryption.js';
import { PREDICATES } from './sharing.predicates.js';
import { sharingCaches } from './sharing.cache.js';
import * as repo from './sharing.repository.js';
import type { MessageSigner, SignedMessage } from './sharing.signing.js';
import type { AccessItem, ApprovalRow } from './sharing.tables.js';
import type { RemoteProvider, SharingSettings } from './sharing.types.js';

/** Path of the provider endpoint on every node. */
export const NODE_REQUEST_PATH = '/api/v1/sharing/node/requests';
/** Path where a node publishes its encryption key, signed by the agency named in `?agency=`. */
export const NODE_KEY_PATH = '/api/v1/sharing/node/encryption-key';
/** How long a consumer keeps a provider's encryption key before fetching it again (it refetches at once on `sharing_node_wrong_recipient`). */
const PEER_KEY_TTL_MS = 3_600_000;
export const NODE_MEDIA_TYPE = 'application/jose';

/** Error code: the node request's JWS does not verify against this node's trusted roots, or its certificate is not the consumer's system certificate. */
export const NODE_SIGNATURE_INVALID = 'sharing_node_signature_invalid';
/** Error code: the request's time is outside the allowed clock skew. */
export const NODE_STALE = 'sharing_node_stale_request';
/** Error code: the request id was already used (a replay). */
export const NODE_REPLAYED = 'sharing_node_replayed';
/** Error code: the request is not a node request this node understands. */
export const NODE_MALFORMED = 'sharing_node_malformed';

/** What a consumer node sends (the JWS payload). */
export interface NodeRequest {
  type: 'nara.sharing.node-request';
  version: 2;
  requestId: string;
  issuedAt: string;
  accessId: string;
  consumer: string;
  official: string;
  person: string;
  provider: string;
  item: string;
  fields: string[];
  checks: string[];
  service: string;
  legalBasis: string;
  case: { kind: string | null; ref: string | null };
  /** The consumer node's encryption key: the provider encrypts its response to it. */
  replyKey: EncryptionJwk;
}

/** What a provider node answers (the JWS payload). */
export interface NodeResponse {
  type: 'nara.sharing.node-response';
  version: 2;
  requestId: string;
  accessId: string;
  issuedAt: string;
  provider: string;
  item: string;
  outcome: 'given' | 'no_record';
  fields: Record<string, unknown>;
  checks: { check: string; answer: boolean | null }[];
}

const isNodeRequest = (v: unknown): v is NodeRequest => {
  const r = v as Partial<NodeRequest> | null;
  return (
    typeof r === 'object' && r !== null && r.type === 'nara.sharing.node-request' && r.version === 2 && isEncryptionJwk(r.replyKey) &&
    [r.requestId, r.issuedAt, r.accessId, r.consumer, r.official, r.person, r.provider, r.item, r.service, r.legalBasis].every((x) => typeof x === 'string' && x.length > 0 && x.length <= 200) &&
    Array.isArray(r.fields) && r.fields.every((f) => typeof f === 'string') && Array.isArray(r.checks) && r.checks.every((f) => typeof f === 'string') &&
    typeof r.case === 'object' && r.case !== null
  );
};

export function createNode(kernel: Kernel, settings: SharingSettings, signer: MessageSigner, afterAccess: Notify) {
  const record = createAccessRecorder(kernel, afterAccess);
  const keyring = createNodeKeyring(kernel);
  const caches = sharingCaches(kernel);
  /** Providers' encryption keys, by provider agency, from their signed key statements. */
  const peerKeys = new Map<string, { key: Promise<EncryptionJwk>; fetchedAt: number }>();
  /**
   * Trust material, reloaded at most once a minute: parsing every CA certificate and CRL for each
   * message cost more than everything else in a lookup. A revocation therefore takes up to a
   * minute to reach node messages (CRLs themselves are published for days).
   */
  let trust: { roots: x509.X509Certificate[]; revocations: Awaited<ReturnType<Kernel['pki']['revocations']>>; loadedAt: number } | undefined;
  /** Chains verified within the same minute, by their x5c header, so each message checks only its signature. */
  const verifiedChains = new Map<string, { leaf: x509.X509Certificate; key: KeyObject; checkedAt: number }>();
  const TRUST_TTL_MS = 60_000;

  async function trustNow() {
    const now = kernel.clock.now().getTime();
    if (!trust || now - trust.loadedAt > TRUST_TTL_MS || now < trust.loadedAt) {
      const peers = (await settings.peerRoots()).map((der) => new x509.X509Certificate(new Uint8Array(der)));
      trust = { roots: [...(await kernel.pki.trustedRoots()), ...peers], revocations: await kernel.pki.revocations(), loadedAt: now };
      verifiedChains.clear();
    }
    return trust;
  }

  /** verifyJws, with the chain check skipped when the same chain passed it within the minute. */
  async function verifyCached(jws: string): Promise<{ ok: true; payload: unknown; signer: x509.X509Certificate } | { ok: false }> {
    const { roots, revocations } = await trustNow();
    const now = kernel.clock.now();
    const [protectedHeader] = jws.split('.');
    let header: { x5c?: unknown; sigT?: unknown; alg?: unknown; crit?: unknown; b64?: unknown };
    try {
      header = JSON.parse(Buffer.from(protectedHeader ?? '', 'base64url').toString('utf8')) as typeof header;
    } catch {
      return { ok: false };
    }
    const chainKey = JSON.stringify(header.x5c ?? null);
    const cached = verifiedChains.get(chainKey);
    const signedAt = typeof header.sigT === 'string' ? new Date(header.sigT) : new Date(Number.NaN);
    const isPlainHeader = Array.isArray(header.crit) && header.crit.length === 1 && header.crit[0] === 'sigT' && header.b64 === undefined;
    if (cached && isPlainHeader && now.getTime() - cached.checkedAt <= TRUST_TTL_MS && signedAt <= now && signedAt >= cached.leaf.notBefore && signedAt <= cached.leaf.notAfter && (header.alg === 'ES256' || header.alg === 'EdDSA')) {
      // The chain passed within the minute: only this message's signature is left to check (node:crypto, synchronous).
      const parts = jws.split('.');
      try {
        const signature = Buffer.from(parts[2] ?? '', 'base64url');
        const input = Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii');
        const isValid = header.alg === 'ES256' ? verify('sha256', input, { key: cached.key, dsaEncoding: 'ieee-p1363' }, signature) : verify(null, input, cached.key, signature);
        if (parts.length !== 3 || !isValid) return { ok: false };
        return { ok: true, payload: JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown, signer: cached.leaf };
      } catch {
        return { ok: false };
      }
    }
    const verified = await verifyJws(jws, roots, { now, revocations });
    if (!verified.ok) return { ok: false };
    verifiedChains.set(chainKey, { leaf: verified.signer, key: createPublicKey({ key: Buffer.from(verified.signer.publicKey.rawData), format: 'der', type: 'spki' }), checkedAt: now.getTime() });
    return { ok: true, payload: verified.payload, signer: verified.signer };
  }

  /** The payload (and certificate serial) of a JWS signed with a trusted system certificate of `agencyId` (its name in the subject). */
  async function verifiedFrom(jws: string, agencyId: string): Promise<{ payload: unknown; serial: string }> {
    const verified = await verifyCached(jws);
    const org = await caches.organisation(agencyId);
    if (!verified.ok || !org || verified.signer.subjectName.getField('O')[0] !== org.name_en) {
      throw new DomainError(NODE_SIGNATURE_INVALID, 401, 'The message is not signed by a trusted system certificate of the agency it names.');
    }
    const eku = verified.signer.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [];
    if (!eku.includes(x509.ExtendedKeyUsage.clientAuth)) throw new DomainError(NODE_SIGNATURE_INVALID, 401, 'Only a system certificate may sign node messages.');
    return { payload: verified.payload, serial: verified.signer.serialNumber };
  }

  return {
    /** The node's encryption key, signed by one of its agencies' system certificates (key discovery). */
    async keyStatement(agencyId: string): Promise<string> {
      if (!(await kernel.identity.getOrganisation(agencyId))) throw notFound('The agency');
      const statement: KeyStatement = { type: 'nara.sharing.encryption-key', version: 1, agency: agencyId, issuedAt: kernel.clock.now().toISOString(), key: (await keyring.own()).publicJwk };
      return (await signer.sign(agencyId, statement)).jws;
    },

    /** Consumer side: asks a remote provider node for one item; returns its record and both signed messages. */
    async ask(remote: RemoteProvider, approval: ApprovalRow, ctx: { accessId: string; at: Date; consumerId: string; officialId: string; serviceCode: string; legalBasis: string; caseKind: string | null; caseRef: string | null }, personId: string) {
      const request: NodeRequest = {
        type: 'nara.sharing.node-request', version: 2, requestId: randomUUID(), issuedAt: kernel.clock.now().toISOString(), accessId: ctx.accessId,
        consumer: ctx.consumerId, official: ctx.officialId, person: personId, provider: approval.provider_id, item: approval.item_code,
        fields: approval.fields, checks: approval.predicates.filter((p) => PREDICATES[p] && !PREDICATES[p].parameter),
        service: ctx.serviceCode, legalBasis: ctx.legalBasis, case: { kind: ctx.caseKind, ref: ctx.caseRef }, replyKey: (await keyring.own()).publicJwk,
      };
      const signed = await signer.sign(ctx.consumerId, request);
      // Sign, then encrypt to the provider node's key; a node that changed its key says so, and the key is fetched again once.
      let res = await post(remote, await keyring.encrypt(signed.jws, await providerKey(remote, approval.provider_id)));
      if (res.status === 400 && (await problemCode(res)) === NODE_WRONG_RECIPIENT) {
        peerKeys.delete(approval.provider_id);
        res = await post(remote, await keyring.encrypt(signed.jws, await providerKey(remote, approval.provider_id)));
      }
      if (!res.ok) throw new Error(`The provider node answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      const jws = await keyring.decrypt(await res.text());
      const verified = await verifiedFrom(jws, approval.provider_id);
      const payload = verified.payload as Partial<NodeResponse>;
      if (payload.type !== 'nara.sharing.node-response' || payload.requestId !== request.requestId || payload.item !== request.item) throw new Error('The provider node answered another request.');
      const response: SignedMessage = { agencyId: approval.provider_id, certificateSerial: verified.serial, jws };
      return { record: payload.outcome === 'given' ? (payload.fields ?? {}) : undefined, checks: payload.checks ?? [], messages: [{ ...signed, direction: 'request' as const }, { ...response, direction: 'response' as const }] };
    },

    /** Provider side: decrypts; checks signature, time, replay and approval; reads the registry; records the access; signs and encrypts the answer. */
    async answer(jwe: string): Promise<string> {
      const jws = await keyring.decrypt(jwe);
      const consumerId = (() => {
        try {
          const payload = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as { consumer?: unknown };
          return typeof payload.consumer === 'string' ? payload.consumer : '';
        } catch {
          return '';
        }
      })();
      if (!consumerId) throw new DomainError(NODE_MALFORMED, 400, 'The encrypted body must hold a compact JWS of a version 2 node request.');
      const { payload: request, serial } = await verifiedFrom(jws, consumerId);
      if (!isNodeRequest(request)) throw new DomainError(NODE_MALFORMED, 400, 'The encrypted body must hold a compact JWS of a version 2 node request.');
      const now = kernel.clock.now();
      const issued = Date.parse(request.issuedAt);
      if (!Number.isFinite(issued) || Math.abs(now.getTime() - issued) > settings.maxClockSkewMs) throw new DomainError(NODE_STALE, 401, 'The request time is too far from this node\'s clock.');
      // The request id is claimed in the transaction that records the access: a replay writes nothing and is refused below.
      return answerApproved(request, { agencyId: consumerId, certificateSerial: serial, jws }, now);
    },
  };

  async function answerApproved(request: NodeRequest, requestMessage: SignedMessage, now: Date): Promise<string> {
    const approvals = await caches.approvalsForService(request.consumer, request.service);
    const approval = approvals.find((a) => a.item_code === request.item && a.provider_id === request.provider && a.status === 'approved' && a.legal_basis === request.legalBasis && a.expires_at > now);
    // The provider's own record of the access, under an id of its own and the consumer's case.
    const ctx: AccessContext = {
      accessId: newId('acc'), at: now, officialId: request.official, consumerId: request.consumer,
      personId: (await caches.personExists(request.person)) ? request.person : null, serviceCode: request.service, legalBasis: request.legalBasis,
      caseKind: request.case.kind === 'epeople' || request.case.kind === 'external' ? request.case.kind : null, caseRef: request.case.ref, mode: 'extract',
    };
    const item: AccessItem = { itemCode: request.item, providerId: request.provider, fields: [], outcome: 'refused' };
    const claim = { requestId: request.requestId, consumerId: request.consumer };
    if (!approval || !(await caches.organisation(request.consumer))) {
      if (!(await record(ctx, [item], 'refused', 'sharing_not_approved', [{ ...requestMessage, direction: 'request' }], claim))) throw replayed();
      throw new DomainError('sharing_not_approved', 403, 'This node holds no approval for the consumer to use the item for the service under the legal basis.', { accessId: ctx.accessId });
    }
    const found = ctx.personId ? await repo.readItem(kernel.db, request.item, request.person) : undefined;
    const fields = found ? Object.fromEntries(request.fields.filter((f) => approval.fields.includes(f)).map((f) => [f, found[f] ?? null])) : {};
    const checks = request.checks.filter((c) => approval.predicates.includes(c) && PREDICATES[c] && !PREDICATES[c].parameter).map((c) => ({ check: c, answer: found ? PREDICATES[c]!.test(found, undefined) : null }));
    const response: NodeResponse = { type: 'nara.sharing.node-response', version: 2, requestId: request.requestId, accessId: ctx.accessId, issuedAt: now.toISOString(), provider: request.provider, item: request.item, outcome: found ? 'given' : 'no_record', fields, checks };
    const signed = await signer.sign(request.provider, response);
    if (!(await record(ctx, [{ ...item, fields: Object.keys(fields), outcome: 'given' }], 'complete', null, [{ ...requestMessage, direction: 'request' }, { ...signed, direction: 'response' }], claim))) throw replayed();
    return keyring.encrypt(signed.jws, request.replyKey);
  }

  function replayed(): DomainError {
    return new DomainError(NODE_REPLAYED, 409, 'This request id was already used.');
  }

  function post(remote: RemoteProvider, body: string): Promise<Response> {
    const doFetch = remote.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
    return doFetch(`${remote.url.replace(/\/$/, '')}${NODE_REQUEST_PATH}`, { method: 'POST', headers: { 'content-type': NODE_MEDIA_TYPE, accept: NODE_MEDIA_TYPE }, body });
  }

  async function problemCode(res: Response): Promise<string | undefined> {
    try {
      return ((await res.clone().json()) as { code?: string }).code;
    } catch {
      return undefined;
    }
  }

  /** The provider's encryption key, from its key statement signed by the provider agency's system certificate; kept an hour. */
  function providerKey(remote: RemoteProvider, providerId: string): Promise<EncryptionJwk> {
    const now = kernel.clock.now().getTime();
    const cached = peerKeys.get(providerId);
    if (cached && now - cached.fetchedAt < PEER_KEY_TTL_MS && now >= cached.fetchedAt) return cached.key;
    const key = (async () => {
      const doFetch = remote.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
      const res = await doFetch(`${remote.url.replace(/\/$/, '')}${NODE_KEY_PATH}?agency=${encodeURIComponent(providerId)}`, { method: 'GET', headers: { accept: NODE_MEDIA_TYPE } });
      if (!res.ok) throw new Error(`The provider node gave no encryption key: ${res.status}`);
      const { payload } = await verifiedFrom(await res.text(), providerId);
      const statement = payload as Partial<KeyStatement>;
      if (statement.type !== 'nara.sharing.encryption-key' || statement.agency !== providerId || !isEncryptionJwk(statement.key)) throw new Error('The provider node\'s key statement is not one.');
      return statement.key;
    })();
    peerKeys.set(providerId, { key, fetchedAt: now });
    key.catch(() => peerKeys.delete(providerId));
    return key;
  }
}

export type SharingNode = ReturnType<typeof createNode>;

/** What `GET /api/v1/sharing/node/encryption-key?agency=` answers (the JWS payload). */
export interface KeyStatement {
  type: 'nara.sharing.encryption-key';
  version: 1;
  agency: string;
  issuedAt: string;
  key: EncryptionJwk;
}
