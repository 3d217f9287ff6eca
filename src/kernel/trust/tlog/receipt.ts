/**
 * Receipts: proof, checkable offline by anyone with the log's verifier key, that an entry is in the
 * log. And consistency between two checkpoints, to detect a forked or rolled-back log.
 */
import { canonicalJsonBytes } from './canonical-json.js';
import { type Checkpoint, parseCheckpoint } from './checkpoint.js';
import { bytesEqual, decodeBase64, encodeBase64 } from './encoding.js';
import { malformed, TlogError } from './errors.js';
import { openNote, parseVerifierKey, type NoteVerifier } from './note.js';
import { HASH_SIZE, leafHash, verifyConsistencyProof, verifyInclusionProof, type Hash } from './rfc6962.js';

export interface Receipt {
  /**
   * The entry: a string is the base64 of its exact bytes; an object or array is the entry as JSON,
   * whose RFC 8785 canonical form is the logged bytes.
   */
  entry: string | Record<string, unknown> | unknown[];
  /** The entry's 0-based position in the log. */
  index: number;
  /** The signed checkpoint (signed-note text) the proof leads to. */
  checkpoint: string;
  /** RFC 6962 inclusion proof from the entry to the checkpoint's root, base64 hashes. */
  inclusionProof: string[];
}

export interface VerifiedReceipt {
  checkpoint: Checkpoint;
  index: number;
  entry: Uint8Array;
  leafHash: Hash;
}

type VerifierInput = string | NoteVerifier | readonly NoteVerifier[];

// Parsing a key builds a KeyObject; a verifier checking many receipts passes the same text each time.
const parsedKeys = new Map<string, NoteVerifier>();
function verifierFor(text: string): NoteVerifier {
  let verifier = parsedKeys.get(text);
  if (!verifier) {
    verifier = parseVerifierKey(text);
    if (parsedKeys.size >= 16) parsedKeys.clear();
    parsedKeys.set(text, verifier);
  }
  return verifier;
}

const toVerifiers = (input: VerifierInput): readonly NoteVerifier[] =>
  typeof input === 'string' ? [verifierFor(input)] : Array.isArray(input) ? input : [input as NoteVerifier];

export function decodeHashes(proof: readonly (string | Uint8Array)[], what: string): Hash[] {
  return proof.map((h) => {
    const hash = typeof h === 'string' ? decodeBase64(h, what) : h;
    if (hash.length !== HASH_SIZE) throw malformed(`${what} holds a hash that is not 32 bytes.`);
    return hash;
  });
}

function entryBytes(entry: unknown): Uint8Array {
  if (typeof entry === 'string') return decodeBase64(entry, 'The receipt entry');
  if (typeof entry === 'object' && entry !== null) return canonicalJsonBytes(entry);
  throw malformed('The receipt entry must be base64 text or a JSON object.');
}

/** Checks the shape of something parsed from JSON before trusting it as a receipt. */
function checkShape(receipt: unknown): asserts receipt is Receipt {
  const r = receipt as Partial<Receipt> | null;
  const ok =
    typeof r === 'object' && r !== null &&
    Number.isSafeInteger(r.index) && (r.index as number) >= 0 &&
    typeof r.checkpoint === 'string' &&
    Array.isArray(r.inclusionProof) && r.inclusionProof.every((h) => typeof h === 'string');
  if (!ok) throw malformed('A receipt has entry, index, checkpoint and inclusionProof fields.');
}

/**
 * Verifies a receipt offline: the checkpoint is signed by the given log key (`unknown_key`,
 * `bad_signature`), and the entry's leaf hash with the proof leads to the checkpoint's root
 * (`proof_mismatch`). Anything unparseable is `malformed`.
 */
export function verifyReceipt(receipt: unknown, logKey: VerifierInput): VerifiedReceipt {
  checkShape(receipt);
  const checkpoint = parseCheckpoint(openNote(receipt.checkpoint, toVerifiers(logKey)).text);
  const entry = entryBytes(receipt.entry);
  const proof = decodeHashes(receipt.inclusionProof, 'The inclusion proof');
  const hash = leafHash(entry);
  if (!verifyInclusionProof(receipt.index, checkpoint.size, hash, proof, checkpoint.rootHash)) {
    throw new TlogError('proof_mismatch', `Entry ${receipt.index} is not in the log at size ${checkpoint.size} as this receipt claims.`);
  }
  return { checkpoint, index: receipt.index, entry, leafHash: hash };
}

/** Builds a receipt (the log side); the entry is stored as base64 so its bytes survive any JSON round trip. */
export const makeReceipt = (entry: Uint8Array, index: number, checkpointNote: string, proof: readonly Hash[]): Receipt => ({
  entry: encodeBase64(entry),
  index,
  checkpoint: checkpointNote,
  inclusionProof: proof.map(encodeBase64),
});

/**
 * Checks that `newer` extends `older` (both already signature-checked): same origin
 * (`origin_mismatch`), not smaller (`rolled_back`), and the RFC 6962 consistency proof holds
 * (`proof_mismatch`, which also covers two different roots at one size: a fork).
 */
export function verifyConsistency(older: Checkpoint, newer: Checkpoint, proof: readonly (string | Uint8Array)[]): void {
  if (older.origin !== newer.origin) {
    throw new TlogError('origin_mismatch', `The checkpoints are from different logs ("${older.origin}" and "${newer.origin}").`);
  }
  if (newer.size < older.size) {
    throw new TlogError('rolled_back', `The log went back from ${older.size} entries to ${newer.size}.`);
  }
  const hashes = decodeHashes(proof, 'The consistency proof');
  if (!verifyConsistencyProof(older.size, newer.size, older.rootHash, newer.rootHash, hashes)) {
    const detail = older.size === newer.size && !bytesEqual(older.rootHash, newer.rootHash) ? ' (two different roots at one size: a fork)' : '';
    throw new TlogError('proof_mismatch', `The log at ${newer.size} entries does not extend the one at ${older.size}${detail}.`);
  }
}
