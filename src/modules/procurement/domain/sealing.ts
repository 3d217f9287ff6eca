/**
 * Sealed bids (design and threat model: docs/procurement-sealed-bids.md).
 *
 * - Each tender has an opening key pair (ECDH P-256). Its private scalar is split k of n among
 *   the designated opening officials with the kernel's threshold custody
 *   (`kernel/trust/threshold`: Shamir shares, each encrypted to one official's own key, whose
 *   private half the official keeps); then the scalar is dropped. Only the public key and the
 *   encrypted shares are stored.
 * - A vendor seals its bid on its own side: the bid document is encrypted (JWE, ECDH-ES / A256GCM)
 *   to the tender's public key. Nara signs and logs a commitment to the ciphertext, never sees
 *   the plaintext before opening.
 * - At opening, k officials each decrypt their share on their side and release it; Nara combines
 *   them, checks the recovered key against the published public key, and decrypts every bid.
 *
 * The bid document names its tender and vendor inside the encryption, so a ciphertext copied by
 * another vendor opens as the first vendor's bid and is rejected as not theirs.
 */
import { createECDH, createHash, createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';
import { z } from 'zod';
import { DomainError } from '../../../kernel/http/errors.js';
import {
  combineShares,
  decryptShare,
  ecPublicJwkOf,
  importEcPublicJwk,
  NotEnoughSharesError,
  splitToHolders,
  type EcPublicJwk,
} from '../../../kernel/trust/threshold/threshold.js';

export { parseEcPublicJwk, type EcPublicJwk } from '../../../kernel/trust/threshold/threshold.js';

export interface OpeningKeySetup {
  publicJwk: EcPublicJwk;
  threshold: number;
  /** One per holder: the share encrypted to the holder's own key. */
  shares: { holderId: string; jwe: string }[];
}

/** Error code: fewer shares than the threshold, or shares that do not rebuild this tender's key. */
export const OPENING_SHARES_INVALID = 'opening_shares_invalid';
/** Error code: a sealed bid that does not decrypt under the tender's key (tampered or foreign). */
export const BID_CIPHERTEXT_INVALID = 'bid_ciphertext_invalid';
/** Error code: a bid that opens to a document for another tender or another vendor. */
export const BID_NOT_FOR_THIS_SUBMISSION = 'bid_not_for_this_submission';

const SHARE_CONTENT_TYPE = 'nara-opening-share';
const BID_CONTENT_TYPE = 'nara-sealed-bid';

export const bidDocumentSchema = z
  .object({
    tenderId: z.string().min(1).max(64),
    vendorId: z.string().min(1).max(64),
    lotId: z.string().min(1).max(64).optional(),
    price: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    /** Multiple reserve prices: two different numbers 1..15. */
    picks: z.array(z.number().int().min(1).max(15)).length(2).optional(),
    /** SHA-256 of each attached document, `sha256:<hex>`. */
    documents: z.array(z.string().regex(/^sha256:[0-9a-f]{64}$/)).max(50).default([]),
    /** Random, so two equal bids never give equal ciphertexts or commitments. */
    nonce: z.string().min(16).max(64),
  })
  .strict();
export type BidDocument = z.infer<typeof bidDocumentSchema>;

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

const publicJwkOf = ecPublicJwkOf;
const importPublic = importEcPublicJwk;

/** Makes a tender's opening key, splits it k of n among the holders and forgets the private key. */
export async function createOpeningKey(holders: { holderId: string; publicJwk: EcPublicJwk }[], threshold: number): Promise<OpeningKeySetup> {
  if (!Number.isInteger(threshold) || threshold < 2 || threshold > holders.length) {
    throw new RangeError('Opening needs at least 2 shares, and no more than there are holders.');
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const d = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  try {
    const shares = await splitToHolders(new Uint8Array(d), holders, threshold, SHARE_CONTENT_TYPE);
    return { publicJwk: publicJwkOf(privateKey), threshold, shares };
  } finally {
    d.fill(0);
  }
}

/** The holder's side: decrypts the holder's share with the holder's own private key. */
export async function openShare(jwe: string, holderPrivateKey: KeyObject): Promise<Uint8Array> {
  try {
    return await decryptShare(jwe, holderPrivateKey, SHARE_CONTENT_TYPE);
  } catch {
    throw new DomainError(OPENING_SHARES_INVALID, 422, 'This share does not open with this key.');
  }
}

/** Combines released shares and checks they rebuild the tender's published key. */
export async function recoverOpeningKey(shares: Uint8Array[], publicJwk: EcPublicJwk, threshold: number): Promise<KeyObject> {
  let key: KeyObject | undefined;
  try {
    const d = Buffer.from(await combineShares(shares, threshold));
    // The public point computed from the recovered scalar must be the published one (a JWK
    // import alone would take x and y on trust).
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(d);
    const point = ecdh.getPublicKey();
    if (base64url(point.subarray(1, 33)) === publicJwk.x && base64url(point.subarray(33)) === publicJwk.y) {
      key = createPrivateKey({ key: { kty: 'EC', crv: 'P-256', x: publicJwk.x, y: publicJwk.y, d: base64url(d) }, format: 'jwk' });
    }
    d.fill(0);
  } catch (error) {
    if (error instanceof NotEnoughSharesError) {
      throw new DomainError(OPENING_SHARES_INVALID, 409, `Opening needs ${threshold} different shares; ${error.given} were released.`);
    }
    key = undefined;
  }
  if (!key) throw new DomainError(OPENING_SHARES_INVALID, 409, 'The released shares do not rebuild this tender’s opening key.');
  return key;
}

/** The vendor's side (also in the bid page's script and the vendor CLI): encrypts the bid. */
export async function sealBid(document: BidDocument, openingPublicJwk: EcPublicJwk): Promise<string> {
  const plaintext = new TextEncoder().encode(JSON.stringify(bidDocumentSchema.parse(document)));
  return new CompactEncrypt(plaintext)
    .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', cty: BID_CONTENT_TYPE })
    .encrypt(importPublic(openingPublicJwk));
}

/** What is signed and logged at submission: a commitment to the exact ciphertext. */
export const bidCommitment = (sealed: string) => `sha256:${createHash('sha256').update(sealed, 'utf8').digest('hex')}`;

/** Opening: decrypts one sealed bid and checks it was made for this tender by this vendor. */
export async function openBid(sealed: string, openingKey: KeyObject, expected: { tenderId: string; vendorId: string }): Promise<BidDocument> {
  let text: string;
  try {
    const { plaintext, protectedHeader } = await compactDecrypt(sealed, openingKey);
    if (protectedHeader.cty !== BID_CONTENT_TYPE) throw new Error('not a bid');
    text = new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  } catch {
    throw new DomainError(BID_CIPHERTEXT_INVALID, 422, 'The sealed bid does not decrypt under this tender’s key: it was altered or sealed for another tender.');
  }
  let parsed: ReturnType<typeof bidDocumentSchema.safeParse>;
  try {
    parsed = bidDocumentSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = bidDocumentSchema.safeParse(undefined);
  }
  if (!parsed.success) throw new DomainError(BID_CIPHERTEXT_INVALID, 422, 'The sealed bid opens to something that is not a bid document.');
  if (parsed.data.tenderId !== expected.tenderId || parsed.data.vendorId !== expected.vendorId) {
    throw new DomainError(BID_NOT_FOR_THIS_SUBMISSION, 422, 'The sealed bid was made for another tender or by another vendor.');
  }
  return parsed.data;
}

const RESERVE_CONTENT_TYPE = 'nara-reserve-prices';

/** Seals a tender's reserve-price draw to its opening key, so it too stays unread until opening. */
export function sealReservePrices(draw: { prices: number[]; salt: string }, openingPublicJwk: EcPublicJwk): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(draw)))
    .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', cty: RESERVE_CONTENT_TYPE })
    .encrypt(importPublic(openingPublicJwk));
}

export async function openReservePrices(sealed: string, openingKey: KeyObject): Promise<{ prices: number[]; salt: string }> {
  const { plaintext, protectedHeader } = await compactDecrypt(sealed, openingKey);
  if (protectedHeader.cty !== RESERVE_CONTENT_TYPE) throw new Error('Not a reserve-price draw.');
  return JSON.parse(new TextDecoder().decode(plaintext)) as { prices: number[]; salt: string };
}

/** True for a compact JWE sealed as Nara expects (ECDH-ES, A256GCM, a bid), at most 256 KiB. */
export function isSealedBidShape(sealed: string): boolean {
  if (sealed.length > 262_144) return false;
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts.some((p, i) => i !== 1 && !/^[A-Za-z0-9_-]+$/.test(p))) return false;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    return header.alg === 'ECDH-ES' && header.enc === 'A256GCM' && header.cty === BID_CONTENT_TYPE;
  } catch {
    return false;
  }
}
