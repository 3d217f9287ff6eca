import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { base64url, compactVerify, flattenedVerify, type FlattenedJWS } from 'jose';
import { verifyChain, type ChainFailureReason } from '../pki/chain.verify.js';
import type { Revocation } from '../pki/revocation.crl.js';
import { x509 } from '../pki/x509.js';
import type { Signer } from './signer.js';

/**
 * JSON documents signed as JWS with the signer's certificate chain in `x5c`.
 *
 * jose's `CompactSign`/`FlattenedSign` need the private key itself, which the Signer port never
 * hands out. So signing builds the JWS signing input (`b64u(header) . b64u(payload)`) here with
 * jose's base64url helper and signs it through the port (ES256 as raw r||s, as JWS requires);
 * verifying is plain jose (`compactVerify`/`flattenedVerify`) with the leaf certificate's key.
 *
 * Signing time: the protected header carries `sigT` (the JAdES claimed signing time, ETSI TS
 * 119 182-1, UTC "YYYY-MM-DDThh:mm:ssZ") listed in `crit`, so a verifier that does not understand
 * it must reject the JWS rather than ignore it. The chain is checked at that time, which is how a
 * signature made after its certificate's revocation fails while an older one keeps verifying.
 * It is a claimed time (baseline B-B): the transparency log entry is what later proves it.
 */
export interface JwsSignOptions {
  /** Leaf first; the agency CA after it; the root may be included. */
  chain: readonly x509.X509Certificate[];
  signedAt: Date;
}

export type JwsFailureReason =
  | 'malformed'
  | 'bad_signature'
  | 'signed_in_future'
  | 'certificate_revoked'
  | Exclude<ChainFailureReason, 'revoked' | 'bad_signature'>
  | 'chain_bad_signature';

export type JwsVerification =
  | { ok: true; payload: unknown; signer: x509.X509Certificate; signedAt: Date }
  | { ok: false; reason: JwsFailureReason; revokedAt?: Date };

export interface JwsVerifyOptions {
  /** Current time (kernel clock); a signing time after it fails as `signed_in_future`. */
  now: Date;
  revocations?: readonly Revocation[];
}

export async function signJsonCompact(document: unknown, signer: Signer, options: JwsSignOptions): Promise<string> {
  const { protectedHeader, payload, signature } = await signParts(document, signer, options);
  return `${protectedHeader}.${payload}.${signature}`;
}

export async function signJsonFlattened(document: unknown, signer: Signer, options: JwsSignOptions): Promise<FlattenedJWS> {
  const { protectedHeader, payload, signature } = await signParts(document, signer, options);
  return { protected: protectedHeader, payload, signature };
}

async function signParts(document: unknown, signer: Signer, options: JwsSignOptions) {
  const leaf = options.chain[0];
  if (!leaf || !sameKey(leaf, signer)) throw new Error('The first certificate of the chain must be the signer’s.');
  const header = {
    alg: signer.algorithm,
    typ: 'JOSE+JSON',
    x5c: options.chain.map((c) => Buffer.from(c.rawData).toString('base64')),
    sigT: formatSigT(options.signedAt),
    crit: ['sigT'],
  };
  const protectedHeader = base64url.encode(JSON.stringify(header));
  const payload = base64url.encode(JSON.stringify(document));
  const signature = await signer.sign(Buffer.from(`${protectedHeader}.${payload}`, 'ascii'), 'p1363');
  return { protectedHeader, payload, signature: base64url.encode(signature) };
}

export async function verifyJws(
  jws: string | FlattenedJWS,
  trustedRoots: readonly x509.X509Certificate[],
  options: JwsVerifyOptions,
): Promise<JwsVerification> {
  const parsed = parseHeader(typeof jws === 'string' ? jws.split('.')[0] : jws.protected);
  if (!parsed) return { ok: false, reason: 'malformed' };
  let payloadBytes: Uint8Array;
  try {
    const verifyOptions = { algorithms: [parsed.alg], crit: { sigT: true } };
    payloadBytes =
      typeof jws === 'string'
        ? (await compactVerify(jws, parsed.key, verifyOptions)).payload
        : (await flattenedVerify(jws, parsed.key, verifyOptions)).payload;
  } catch {
    return { ok: false, reason: 'bad_signature' };
  }
  const certified = await checkSigner(parsed, trustedRoots, options);
  if (!certified.ok) return certified;
  try {
    return { ok: true, payload: JSON.parse(Buffer.from(payloadBytes).toString('utf8')), signer: certified.signer, signedAt: certified.signedAt };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}

export type SignerCheck =
  | { ok: true; signer: x509.X509Certificate; signedAt: Date; publicJwk: JsonWebKey }
  | { ok: false; reason: Exclude<JwsFailureReason, 'bad_signature'>; revokedAt?: Date };

/**
 * The certificate side of a compact JWS alone: its chain to a trusted root, valid and unrevoked
 * at the claimed signing time. It does NOT check the signature: for callers that verify many
 * signatures elsewhere (worker threads) with the returned key, `crit: ['sigT']` allowed.
 */
export async function certifiedSigner(jws: string, trustedRoots: readonly x509.X509Certificate[], options: JwsVerifyOptions): Promise<SignerCheck> {
  const parsed = parseHeader(jws.split('.')[0]);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const certified = await checkSigner(parsed, trustedRoots, options);
  return certified.ok ? { ...certified, publicJwk: parsed.key.export({ format: 'jwk' }) } : certified;
}

async function checkSigner(
  parsed: NonNullable<ReturnType<typeof parseHeader>>,
  trustedRoots: readonly x509.X509Certificate[],
  options: JwsVerifyOptions,
): Promise<{ ok: true; signer: x509.X509Certificate; signedAt: Date } | { ok: false; reason: Exclude<JwsFailureReason, 'bad_signature'>; revokedAt?: Date }> {
  const { certificates, signedAt } = parsed;
  const [leaf, ...rest] = certificates;
  if (signedAt > options.now) return { ok: false, reason: 'signed_in_future' };
  const chain = await verifyChain(leaf, rest, trustedRoots, { at: signedAt, revocations: options.revocations ?? [], purpose: 'signing' });
  if (!chain.ok) {
    if (chain.reason === 'revoked') return { ok: false, reason: 'certificate_revoked', revokedAt: chain.revokedAt! };
    return { ok: false, reason: chain.reason === 'bad_signature' ? 'chain_bad_signature' : chain.reason };
  }
  return { ok: true, signer: leaf, signedAt };
}

/** Parsed `x5c` chains by their text: a signer's many signatures carry the same chain. Bounded. */
const parsedChains = new Map<string, { certificates: [x509.X509Certificate, ...x509.X509Certificate[]]; key: KeyObject }>();
const MAX_PARSED_CHAINS = 1_024;

function parseHeader(encoded: string | undefined) {
  try {
    const header = JSON.parse(Buffer.from(base64url.decode(encoded ?? '')).toString('utf8')) as Record<string, unknown>;
    const { alg, x5c, sigT } = header;
    if ((alg !== 'ES256' && alg !== 'EdDSA') || !Array.isArray(x5c) || x5c.length === 0 || typeof sigT !== 'string') return undefined;
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(sigT)) return undefined;
    const text = x5c.map(String).join(',');
    let chain = parsedChains.get(text);
    if (!chain) {
      const certificates = x5c.map((c) => new x509.X509Certificate(Buffer.from(String(c), 'base64'))) as [x509.X509Certificate, ...x509.X509Certificate[]];
      chain = { certificates, key: createPublicKey({ key: Buffer.from(certificates[0].publicKey.rawData), format: 'der', type: 'spki' }) };
      if (parsedChains.size >= MAX_PARSED_CHAINS) parsedChains.clear();
      parsedChains.set(text, chain);
    }
    return { alg, certificates: chain.certificates, key: chain.key, signedAt: new Date(sigT) };
  } catch {
    return undefined;
  }
}

function formatSigT(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Certificates already matched to a signer's key: exporting the key for every signature cost more than signing. */
const matchedKeys = new WeakMap<x509.X509Certificate, WeakSet<KeyObject>>();

function sameKey(certificate: x509.X509Certificate, signer: Signer): boolean {
  if (matchedKeys.get(certificate)?.has(signer.publicKey)) return true;
  const spki = signer.publicKey.export({ type: 'spki', format: 'der' });
  const same = Buffer.from(certificate.publicKey.rawData).equals(spki);
  if (same) matchedKeys.set(certificate, (matchedKeys.get(certificate) ?? new WeakSet()).add(signer.publicKey));
  return same;
}
