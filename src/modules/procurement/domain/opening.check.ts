/**
 * The check of one sealed bid at opening, shared by the opening thread and its workers: the
 * commitment matches the ciphertext, the vendor's key signed a statement naming this tender,
 * vendor and commitment, and the ciphertext opens to this vendor's bid for this tender.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { compactVerify } from 'jose';
import { DomainError } from '../../../kernel/http/errors.js';
import { BID_NOT_FOR_THIS_SUBMISSION, bidCommitment, openBid, type BidDocument } from './sealing.js';

export interface SealedSubmission {
  vendorId: string;
  sealed: string;
  /** `sha256:<hex>` of the sealed text, as signed and logged at submission. */
  commitment: string;
  /** The vendor's compact JWS over `{ tenderId, vendorId, commitment, ... }`. */
  statementJws: string;
  /** The public key of the vendor's certificate, already checked against the CA by the caller. */
  signerJwk: JsonWebKey;
}

export type OpeningRejection = 'commitment_mismatch' | 'signature_invalid' | 'ciphertext_invalid' | 'not_for_this_submission';
export type OpeningCheck = { ok: true; document: BidDocument } | { ok: false; reason: OpeningRejection };

const decoder = new TextDecoder();

export async function checkSealedBid(bid: SealedSubmission, openingKey: KeyObject, tenderId: string): Promise<OpeningCheck> {
  if (bidCommitment(bid.sealed) !== bid.commitment) return { ok: false, reason: 'commitment_mismatch' };
  try {
    const key = createPublicKey({ key: bid.signerJwk, format: 'jwk' });
    const { payload } = await compactVerify(bid.statementJws, key, { algorithms: ['ES256', 'EdDSA'], crit: { sigT: true } });
    const statement = JSON.parse(decoder.decode(payload)) as Record<string, unknown>;
    if (statement.commitment !== bid.commitment || statement.vendorId !== bid.vendorId || statement.tenderId !== tenderId) {
      return { ok: false, reason: 'signature_invalid' };
    }
  } catch {
    return { ok: false, reason: 'signature_invalid' };
  }
  try {
    return { ok: true, document: await openBid(bid.sealed, openingKey, { tenderId, vendorId: bid.vendorId }) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { ok: false, reason: error.code === BID_NOT_FOR_THIS_SUBMISSION ? 'not_for_this_submission' : 'ciphertext_invalid' };
  }
}
