import { DomainError } from '../../http/errors.js';

/**
 * Why a transparency-log artefact (note, checkpoint, tile, bundle, proof, receipt) was refused.
 * These codes are shown by `nara verify` and returned by APIs, so a shipped code is never renamed.
 */
export type TlogErrorCode =
  /** The input is not in the format C2SP (or Nara's receipt format) requires. */
  | 'malformed'
  /** No signature on the note is from a key the verifier knows. */
  | 'unknown_key'
  /** A signature from a known key does not verify: the note was altered or forged. */
  | 'bad_signature'
  /** An inclusion or consistency proof does not lead to the signed root hash. */
  | 'proof_mismatch'
  /** The newer checkpoint is smaller than the older one: the log was rolled back. */
  | 'rolled_back'
  /** Two checkpoints name different logs (origin lines differ). */
  | 'origin_mismatch';

/**
 * A transparency-log verification failure. It is a `DomainError` with status 422 so that input a
 * person sends (a receipt, a note) never becomes a 5xx.
 */
export class TlogError extends DomainError {
  constructor(
    override readonly code: TlogErrorCode,
    message: string,
  ) {
    super(code, 422, message);
    this.name = 'TlogError';
  }
}

export const malformed = (what: string) => new TlogError('malformed', what);

/** True when `error` is a `TlogError`, optionally with the given code. */
export function isTlogError(error: unknown, code?: TlogErrorCode): error is TlogError {
  return error instanceof TlogError && (code === undefined || error.code === code);
}
