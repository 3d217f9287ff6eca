/**
 * C2SP tlog-checkpoint: the note text `<origin>\n<size>\n<base64 root>\n[extension lines]`.
 */
import { decodeBase64, encodeBase64 } from './encoding.js';
import { malformed } from './errors.js';
import { openNote, signNote, type NoteSigner, type NoteVerifier, type OpenedNote } from './note.js';
import { HASH_SIZE, type Hash } from './rfc6962.js';

export interface Checkpoint {
  /** The log's identity, e.g. `nara.example.go.kr/log`. */
  origin: string;
  size: number;
  rootHash: Hash;
  /** Opaque extra lines; C2SP discourages them. */
  extensions: string[];
}

const SIZE = /^(?:0|[1-9]\d*)$/;

function checkLines(checkpoint: Checkpoint): void {
  const lines = [checkpoint.origin, ...checkpoint.extensions];
  if (lines.some((line) => line.length === 0 || line.includes('\n'))) {
    throw malformed('Checkpoint origin and extension lines must be non-empty single lines.');
  }
}

export function formatCheckpoint(checkpoint: Checkpoint): string {
  checkLines(checkpoint);
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) throw malformed('A tree size must be a non-negative integer.');
  if (checkpoint.rootHash.length !== HASH_SIZE) throw malformed('A root hash is 32 bytes.');
  const lines = [checkpoint.origin, String(checkpoint.size), encodeBase64(checkpoint.rootHash), ...checkpoint.extensions];
  return `${lines.join('\n')}\n`;
}

/** Parses checkpoint note text (not the signatures) strictly. */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw malformed('A checkpoint must end in a newline.');
  const [origin, sizeText, rootText, ...extensions] = text.slice(0, -1).split('\n');
  if (origin === undefined || sizeText === undefined || rootText === undefined) {
    throw malformed('A checkpoint has an origin, a tree size and a root hash line.');
  }
  if (!SIZE.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw malformed('The checkpoint tree size must be a decimal number without leading zeros.');
  }
  const rootHash = decodeBase64(rootText, 'The checkpoint root hash');
  if (rootHash.length !== HASH_SIZE) throw malformed('The checkpoint root hash must be 32 bytes.');
  const checkpoint = { origin, size: Number(sizeText), rootHash, extensions };
  checkLines(checkpoint);
  return checkpoint;
}

export const signCheckpoint = (checkpoint: Checkpoint, ...signers: NoteSigner[]): string =>
  signNote(formatCheckpoint(checkpoint), ...signers);

/** Verifies a signed checkpoint note and parses its body. */
export function openCheckpoint(note: string, verifiers: readonly NoteVerifier[]): { checkpoint: Checkpoint; note: OpenedNote } {
  const opened = openNote(note, verifiers);
  return { checkpoint: parseCheckpoint(opened.text), note: opened };
}
