/**
 * C2SP signed-note with Ed25519 keys (signature type 0x01), byte-compatible with Go's
 * golang.org/x/mod/sumdb/note.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { decodeBase64, encodeBase64, sha256, utf8 } from './encoding.js';
import { malformed, TlogError } from './errors.js';

const ED25519 = 0x01;
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** Go's limit; the spec asks verifiers to accept at least 16. */
const MAX_SIGNATURES = 100;
const SIGNATURE_PREFIX = '\u2014 ';

export interface NoteSigner {
  name: string;
  /** uint32 key id. */
  keyId: number;
  sign(message: Uint8Array): Uint8Array;
}

export interface NoteVerifier {
  name: string;
  keyId: number;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface NoteSignature {
  name: string;
  keyId: number;
  /** base64(key id || signature), as on the signature line. */
  base64: string;
}

export interface OpenedNote {
  /** The note text, ending in a newline, without the blank line before the signatures. */
  text: string;
  /** Signatures by known keys, all verified. */
  verified: NoteSignature[];
  /** Signatures by keys the caller does not know; ignored, not checked. */
  unknown: NoteSignature[];
}

/** Key names are non-empty and have no Unicode spaces and no '+'. */
export const isValidKeyName = (name: string): boolean => name.length > 0 && !/[\s+]/u.test(name) && !hasControl(name);

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return true;
  }
  return false;
}
/** A lone surrogate cannot be encoded as UTF-8 (with the u flag, paired ones match as one code point). */
const hasLoneSurrogate = (text: string) => /[\uD800-\uDFFF]/u.test(text);

/** SHA-256(name || 0x0A || 0x01 || public key)[:4] as a big-endian uint32. */
export function keyId(name: string, publicKey: Uint8Array): number {
  return Buffer.from(sha256(utf8(`${name}\n`), Uint8Array.of(ED25519), publicKey)).readUInt32BE(0);
}

const hex8 = (id: number) => id.toString(16).padStart(8, '0');
const publicKeyObject = (raw: Uint8Array): KeyObject =>
  createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
const rawPublicKey = (key: KeyObject) => key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);

/** `<name>+<hex id>+<base64(0x01 || public key)>` */
export function verifierKeyText(name: string, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw malformed(`"${name}" is not a valid key name.`);
  if (publicKey.length !== 32) throw malformed('An Ed25519 public key is 32 bytes.');
  return `${name}+${hex8(keyId(name, publicKey))}+${encodeBase64(Buffer.concat([Uint8Array.of(ED25519), publicKey]))}`;
}

/** A new Ed25519 key pair as signer text (`PRIVATE+KEY+<name>+<hex id>+<base64(0x01 || seed)>`) and verifier text. */
export function generateNoteKey(name: string): { signerKey: string; verifierKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  const raw = rawPublicKey(publicKey);
  const signerKey = `PRIVATE+KEY+${name}+${hex8(keyId(name, raw))}+${encodeBase64(Buffer.concat([Uint8Array.of(ED25519), seed]))}`;
  return { signerKey, verifierKey: verifierKeyText(name, raw) };
}

/** Splits `<name>+<hex id>+<base64 key>`; the key may itself contain '+'. */
function splitKeyText(text: string, what: string): { name: string; id: number; key: Uint8Array } {
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw malformed(`The ${what} is not in the form name+id+key.`);
  const name = text.slice(0, first);
  const idText = text.slice(first + 1, second);
  if (!isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(idText)) throw malformed(`The ${what} has a bad name or key id.`);
  const key = decodeBase64(text.slice(second + 1), `The ${what}`);
  if (key.length !== 33 || key[0] !== ED25519) throw malformed(`The ${what} is not an Ed25519 key.`);
  return { name, id: Number.parseInt(idText, 16), key: key.subarray(1) };
}

export function parseVerifierKey(text: string): NoteVerifier {
  const { name, id, key } = splitKeyText(text, 'verifier key');
  if (keyId(name, key) !== id) throw malformed('The verifier key id does not match its name and key.');
  const publicKey = publicKeyObject(key);
  // Many receipts share one checkpoint: a verifier remembers the last signatures it accepted
  // (exact message and signature bytes), so a batch pays for each checkpoint's Ed25519 check once.
  const accepted = new Set<string>();
  return {
    name,
    keyId: id,
    verify: (message, signature) => {
      if (signature.length !== 64) return false;
      const memo = `${Buffer.from(signature).toString('base64')}:${Buffer.from(message).toString('base64')}`;
      if (accepted.has(memo)) return true;
      if (!verify(null, message, publicKey, signature)) return false;
      if (accepted.size >= 64) accepted.delete(accepted.values().next().value!);
      accepted.add(memo);
      return true;
    },
  };
}

export function parseSignerKey(text: string): NoteSigner {
  if (!text.startsWith('PRIVATE+KEY+')) throw malformed('The signer key must start with PRIVATE+KEY+.');
  const { name, id, key: seed } = splitKeyText(text.slice('PRIVATE+KEY+'.length), 'signer key');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  if (keyId(name, rawPublicKey(createPublicKey(privateKey))) !== id) throw malformed('The signer key id does not match its key.');
  return { name, keyId: id, sign: (message) => sign(null, message, privateKey) };
}

function checkText(text: string): void {
  if (!text.endsWith('\n') || hasLoneSurrogate(text) || hasControl(text)) {
    throw malformed('A note text must be UTF-8 ending in a newline, with no control characters but newlines.');
  }
}

/** Signs `text` (which must end in a newline) with each signer, in order. */
export function signNote(text: string, ...signers: NoteSigner[]): string {
  checkText(text);
  if (signers.length === 0) throw malformed('A note needs at least one signature.');
  const message = utf8(text);
  const lines = signers.map((signer) => {
    if (!isValidKeyName(signer.name)) throw malformed(`"${signer.name}" is not a valid key name.`);
    const id = Buffer.alloc(4);
    id.writeUInt32BE(signer.keyId);
    return `${SIGNATURE_PREFIX}${signer.name} ${encodeBase64(Buffer.concat([id, signer.sign(message)]))}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/** A note fetched as bytes, refused unless it is valid UTF-8. */
export function decodeNoteBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw malformed('The note is not valid UTF-8.');
  }
}

/** Splits a signed note into its text and signature lines, checking only the syntax. */
export function parseNote(note: string): { text: string; signatures: (NoteSignature & { signature: Uint8Array })[] } {
  if (hasLoneSurrogate(note) || hasControl(note)) throw malformed('A note must be UTF-8 with no control characters but newlines.');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw malformed('The note has no blank line before its signatures.');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (!block.endsWith('\n')) throw malformed('The note has no signature lines, or they do not end in a newline.');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed(`The note has more than ${MAX_SIGNATURES} signatures.`);
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIGNATURE_PREFIX)) throw malformed('A signature line must start with an em dash and a space.');
    const [name, base64, ...extra] = line.slice(SIGNATURE_PREFIX.length).split(' ');
    if (extra.length > 0 || !name || !isValidKeyName(name) || !base64) throw malformed('A signature line must be "— <name> <base64>".');
    const blob = decodeBase64(base64, 'A note signature');
    if (blob.length < 5) throw malformed('A note signature is too short.');
    return { name, keyId: Buffer.from(blob).readUInt32BE(0), base64, signature: blob.subarray(4) };
  });
  return { text, signatures };
}

/**
 * Opens a signed note: signatures from unknown keys are ignored, every signature from a known key
 * must verify (else `bad_signature`), and at least one must be present (else `unknown_key`).
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  const { text, signatures } = parseNote(note);
  const message = utf8(text);
  const verified: NoteSignature[] = [];
  const unknown: NoteSignature[] = [];
  for (const { signature, ...sig } of signatures) {
    const matches = verifiers.filter((v) => v.name === sig.name && v.keyId === sig.keyId);
    if (matches.length > 1) throw malformed(`More than one verifier key is ${sig.name}+${hex8(sig.keyId)}.`);
    if (matches.length === 0) {
      unknown.push(sig);
      continue;
    }
    if (!matches[0]!.verify(message, signature)) {
      throw new TlogError('bad_signature', `The signature by ${sig.name}+${hex8(sig.keyId)} does not verify: the note was altered or forged.`);
    }
    if (!verified.some((v) => v.name === sig.name && v.keyId === sig.keyId)) verified.push(sig);
  }
  if (verified.length === 0) throw new TlogError('unknown_key', 'The note is not signed by any key you trust.');
  return { text, verified, unknown };
}
