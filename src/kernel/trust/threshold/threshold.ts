/**
 * k-of-n custody of a secret among named holders: the secret is split with Shamir's scheme
 * (GF(2^8), the audited `shamir-secret-sharing` package) and each share is encrypted as a JWE
 * (ECDH-ES+A256KW / A256GCM) to one holder's own P-256 public key. The holders keep the private
 * halves on their devices; the server stores only the encrypted shares, so fewer than k holders,
 * or anyone with the whole database and the server's secrets, learn nothing about the secret.
 *
 * Used by procurement (a tender's opening key) and e-People (a whistleblower's sealed identity).
 */
import { createHash, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';
import { combine, split } from 'shamir-secret-sharing';

/** A public P-256 key as JWK (ECDH): a holder's key, whose private half never reaches the server. */
export interface EcPublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export interface ThresholdHolder {
  holderId: string;
  publicJwk: EcPublicJwk;
}

/** One holder's share, encrypted to that holder's key (compact JWE). */
export interface EncryptedShare {
  holderId: string;
  jwe: string;
  /** With `fingerprintContext`: `shareFingerprint` of the plaintext share, to recognise it when released. */
  fingerprint?: string;
}

/** Thrown by `decryptShare` when the JWE does not open with the key or is not a share of this kind. */
export class ShareNotOpenedError extends Error {
  constructor() {
    super('This share does not open with this key.');
    this.name = 'ShareNotOpenedError';
  }
}

/** Thrown by `combineShares` when fewer distinct shares than the threshold are given. */
export class NotEnoughSharesError extends Error {
  constructor(readonly threshold: number, readonly given: number) {
    super(`Needs ${threshold} different shares; ${given} were given.`);
    this.name = 'NotEnoughSharesError';
  }
}

export const importEcPublicJwk = (jwk: EcPublicJwk): KeyObject => createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });

/** The public half of a P-256 key (given its private or public half) as a bare JWK. */
export function ecPublicJwkOf(key: KeyObject): EcPublicJwk {
  const jwk = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) throw new Error('Not a P-256 key.');
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}

/** A P-256 public JWK as people send it (no private part, a point on the curve), or undefined. */
export function parseEcPublicJwk(value: unknown): EcPublicJwk | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kty, crv, x, y, d } = value as Record<string, unknown>;
  if (kty !== 'EC' || crv !== 'P-256' || typeof x !== 'string' || typeof y !== 'string' || d !== undefined) return undefined;
  try {
    const jwk: EcPublicJwk = { kty, crv, x, y };
    importEcPublicJwk(jwk); // throws unless the point is on the curve
    return jwk;
  } catch {
    return undefined;
  }
}

/**
 * Splits `secret` k of n among the holders and encrypts each share to its holder. The content
 * type (`cty`) names what the shares are of, so a share of one kind never opens as another.
 */
export async function splitToHolders(
  secret: Uint8Array,
  holders: readonly ThresholdHolder[],
  threshold: number,
  contentType: string,
  options: { fingerprintContext?: string } = {},
): Promise<EncryptedShare[]> {
  if (!Number.isInteger(threshold) || threshold < 2 || threshold > holders.length) {
    throw new RangeError('A threshold needs at least 2 shares, and no more than there are holders.');
  }
  if (new Set(holders.map((h) => h.holderId)).size !== holders.length) throw new RangeError('Each holder holds one share.');
  // The library wants a plain Uint8Array (not a Buffer): split a copy and wipe it.
  const plain = new Uint8Array(secret);
  const parts = await split(plain, holders.length, threshold).finally(() => plain.fill(0));
  try {
    return await Promise.all(
      holders.map(async (holder, i) => ({
        holderId: holder.holderId,
        jwe: await new CompactEncrypt(parts[i]!)
          .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', cty: contentType, kid: holder.holderId })
          .encrypt(importEcPublicJwk(holder.publicJwk)),
        ...(options.fingerprintContext !== undefined ? { fingerprint: shareFingerprint(parts[i]!, options.fingerprintContext) } : {}),
      })),
    );
  } finally {
    for (const part of parts) part.fill(0);
  }
}

/** The holder's side: opens the holder's share with the holder's own private key. */
export async function decryptShare(jwe: string, holderPrivateKey: KeyObject, contentType: string): Promise<Uint8Array> {
  try {
    const { plaintext, protectedHeader } = await compactDecrypt(jwe, holderPrivateKey);
    if (protectedHeader.cty !== contentType) throw new Error('not this kind of share');
    return plaintext;
  } catch {
    throw new ShareNotOpenedError();
  }
}

/**
 * Rebuilds the secret from released shares (duplicates count once). The result is only as good
 * as the shares: callers check it against something published (a public key, an AEAD tag).
 */
export async function combineShares(shares: readonly Uint8Array[], threshold: number): Promise<Uint8Array> {
  const distinct = [...new Map(shares.map((s) => [Buffer.from(s).toString('base64url'), s])).values()];
  if (distinct.length < threshold) throw new NotEnoughSharesError(threshold, distinct.length);
  return combine(distinct);
}

/** A fingerprint of one plaintext share bound to a context, to tell a holder's own share from another without storing it. */
export function shareFingerprint(share: Uint8Array, context: string): string {
  return `sha256:${createHash('sha256').update(context).update('\n').update(share).digest('hex')}`;
}
