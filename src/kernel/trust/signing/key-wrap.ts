import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { DomainError } from '../../http/errors.js';

/**
 * Private keys at rest are wrapped with AES-256-GCM under a key-encryption key (KEK). The KEK is
 * derived from the master secret (`NARA_SECRET_KEY`) with HKDF-SHA256 and a label, so rotating a
 * label, or the secret, gives an unrelated KEK.
 *
 * Envelope, version 1 (bytes):
 *   offset  0  4 bytes  magic "NKW1"
 *   offset  4  8 bytes  KEK id: first 8 bytes of SHA-256("nara-kek-id" || KEK), to name the KEK
 *                       that wrapped it (rotation) and to fail clearly on the wrong one
 *   offset 12 12 bytes  GCM nonce, random
 *   offset 24 16 bytes  GCM tag
 *   offset 40  n bytes  ciphertext of the PKCS#8 DER private key
 * The caller's AAD (e.g. the key id and algorithm) is authenticated but not stored, which binds an
 * envelope to the record it belongs to: moving it to another key id fails to unwrap.
 */
const MAGIC = Buffer.from('NKW1', 'ascii');
const HEADER = 40;

/** Error code: the envelope is damaged, was wrapped under another KEK, or belongs to another record. */
export const KEY_UNWRAP_FAILED = 'key_unwrap_failed';

export function deriveKek(masterSecret: Uint8Array, label: string): Buffer {
  if (masterSecret.length < 32) throw new Error('The master secret must be at least 32 bytes.');
  return Buffer.from(hkdfSync('sha256', masterSecret, 'nara-kek-v1', label, 32));
}

export function kekId(kek: Uint8Array): Buffer {
  return createHash('sha256').update('nara-kek-id').update(kek).digest().subarray(0, 8);
}

export function wrapPrivateKey(pkcs8Der: Uint8Array, kek: Uint8Array, aad: Uint8Array): Uint8Array {
  assertKek(kek);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, nonce);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(pkcs8Der), cipher.final()]);
  return new Uint8Array(Buffer.concat([MAGIC, kekId(kek), nonce, cipher.getAuthTag(), ciphertext]));
}

export function unwrapPrivateKey(envelope: Uint8Array, kek: Uint8Array, aad: Uint8Array): Uint8Array {
  assertKek(kek);
  const env = Buffer.from(envelope);
  if (env.length <= HEADER || !env.subarray(0, 4).equals(MAGIC)) {
    throw unwrapFailed('The wrapped key is not a version 1 envelope.');
  }
  if (!env.subarray(4, 12).equals(kekId(kek))) {
    throw unwrapFailed('The wrapped key was wrapped under a different key-encryption key.');
  }
  const decipher = createDecipheriv('aes-256-gcm', kek, env.subarray(12, 24));
  decipher.setAAD(aad);
  decipher.setAuthTag(env.subarray(24, 40));
  try {
    return new Uint8Array(Buffer.concat([decipher.update(env.subarray(HEADER)), decipher.final()]));
  } catch {
    throw unwrapFailed('The wrapped key failed its integrity check.');
  }
}

function assertKek(kek: Uint8Array): void {
  if (kek.length !== 32) throw new Error('A key-encryption key is 32 bytes.');
}

function unwrapFailed(message: string): DomainError {
  return new DomainError(KEY_UNWRAP_FAILED, 500, message);
}
