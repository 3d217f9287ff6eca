import { createHash } from 'node:crypto';
import { x509 } from './x509.js';
import { certificateStatus, type Revocation, type RevocationReason } from './revocation.crl.js';

/** Why a certificate chain does not validate at the asked time. Stable: verifiers print these. */
export type ChainFailureReason =
  | 'expired'
  | 'not_yet_valid'
  | 'bad_signature'
  | 'unknown_issuer'
  | 'revoked'
  | 'wrong_key_usage';

export type ChainResult =
  | { ok: true; chain: x509.X509Certificate[] }
  | {
      ok: false;
      reason: ChainFailureReason;
      /** The certificate the check failed on. */
      subject: string;
      revokedAt?: Date;
      revocationReason?: RevocationReason;
    };

/** What the leaf must be good for: document signing, or TLS server/client. */
export type LeafPurpose = 'any' | 'signing' | 'serverAuth' | 'clientAuth';

export interface VerifyChainOptions {
  /** The time the chain must be valid at: now, or the time a signature was made. */
  at: Date;
  /** Revocations already trusted (from the store, or from CRLs checked with `revocationsFromCrl`). */
  revocations?: readonly Revocation[];
  purpose?: LeafPurpose;
}

const MAX_DEPTH = 6;

export async function verifyChain(
  leaf: x509.X509Certificate,
  intermediates: readonly x509.X509Certificate[],
  trustedRoots: readonly x509.X509Certificate[],
  options: VerifyChainOptions,
): Promise<ChainResult> {
  const built = await buildPathOnce(leaf, intermediates, trustedRoots);
  if (!built.ok) return built;
  const chain = built.chain;
  for (const cert of chain) {
    if (options.at < cert.notBefore) return fail('not_yet_valid', cert);
    if (options.at > cert.notAfter) return fail('expired', cert);
  }
  for (let i = 1; i < chain.length; i++) {
    if (!canIssue(chain[i]!, i - 1)) return fail('wrong_key_usage', chain[i]!);
  }
  if (!isFitFor(leaf, options.purpose ?? 'any')) return fail('wrong_key_usage', leaf);
  for (const cert of chain.slice(0, -1)) {
    const status = certificateStatus(cert, options.revocations ?? [], options.at);
    if (status.status === 'revoked') {
      return { ...fail('revoked', cert), revokedAt: status.revokedAt, revocationReason: status.reason };
    }
  }
  return { ok: true, chain };
}

/**
 * Paths already built from exactly these certificates. Building a path depends on nothing but the
 * certificates' bytes, so a path found once is found again; validity times, key usage and
 * revocation are still checked on every call. Bounded; emptied when full.
 */
const builtPaths = new Map<string, x509.X509Certificate[]>();
const MAX_BUILT_PATHS = 1_024;

async function buildPathOnce(
  leaf: x509.X509Certificate,
  intermediates: readonly x509.X509Certificate[],
  roots: readonly x509.X509Certificate[],
): Promise<ChainResult> {
  const hash = createHash('sha256');
  for (const group of [[leaf], intermediates, roots]) {
    hash.update(`${group.length}:`);
    for (const cert of group) hash.update(`${cert.rawData.byteLength}:`).update(new Uint8Array(cert.rawData));
  }
  const key = hash.digest('base64');
  const known = builtPaths.get(key);
  if (known) return { ok: true, chain: [...known] };
  const built = await buildPath(leaf, intermediates, roots);
  if (built.ok) {
    if (builtPaths.size >= MAX_BUILT_PATHS) builtPaths.clear();
    builtPaths.set(key, built.chain);
  }
  return built;
}

async function buildPath(
  leaf: x509.X509Certificate,
  intermediates: readonly x509.X509Certificate[],
  roots: readonly x509.X509Certificate[],
): Promise<ChainResult> {
  const chain = [leaf];
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (roots.some((r) => isSameCertificate(r, current))) return { ok: true, chain };
    // A self-signed certificate that is not one of the trusted roots ends the path untrusted.
    if (current.subject === current.issuer) return fail('unknown_issuer', current);
    const candidates = [...intermediates, ...roots].filter((c) => isNamedIssuerOf(c, current));
    if (candidates.length === 0) return fail('unknown_issuer', current);
    let issuer: x509.X509Certificate | undefined;
    for (const candidate of candidates) {
      if (await current.verify({ publicKey: candidate.publicKey, signatureOnly: true })) {
        issuer = candidate;
        break;
      }
    }
    if (!issuer) return fail('bad_signature', current);
    chain.push(issuer);
    current = issuer;
  }
  return fail('unknown_issuer', current);
}

/**
 * Same issuer name and, when both carry key identifiers, the same key: a CA that merely shares a
 * name is an unknown issuer, while the right CA whose signature fails is a bad signature.
 */
function isNamedIssuerOf(candidate: x509.X509Certificate, cert: x509.X509Certificate): boolean {
  if (candidate.subject !== cert.issuer || isSameCertificate(candidate, cert)) return false;
  const aki = cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;
  const ski = candidate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  return !aki || !ski || aki === ski;
}

function isSameCertificate(a: x509.X509Certificate, b: x509.X509Certificate): boolean {
  return Buffer.from(a.rawData).equals(Buffer.from(b.rawData));
}

/** A CA certificate with `below` CA certificates under it in this path. */
function canIssue(cert: x509.X509Certificate, below: number): boolean {
  const bc = cert.getExtension(x509.BasicConstraintsExtension);
  const ku = cert.getExtension(x509.KeyUsagesExtension);
  if (!bc?.ca) return false;
  if (ku && !(ku.usages & x509.KeyUsageFlags.keyCertSign)) return false;
  return bc.pathLength === undefined || below <= bc.pathLength;
}

function isFitFor(leaf: x509.X509Certificate, purpose: LeafPurpose): boolean {
  if (purpose === 'any') return true;
  const ku = leaf.getExtension(x509.KeyUsagesExtension)?.usages;
  if (purpose === 'signing') {
    const bc = leaf.getExtension(x509.BasicConstraintsExtension);
    const mask = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
    return !bc?.ca && (ku === undefined || (ku & mask) !== 0);
  }
  const eku = leaf.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [];
  return eku.includes(x509.ExtendedKeyUsage[purpose]) && (ku === undefined || (ku & x509.KeyUsageFlags.digitalSignature) !== 0);
}

function fail(reason: ChainFailureReason, cert: x509.X509Certificate) {
  return { ok: false as const, reason, subject: cert.subject };
}
