/**
 * RFC 8785 (JCS) canonical JSON for log entries, and salted commitments that let an entry refer to
 * a person without naming them.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import canonicalize from 'canonicalize';
import { malformed } from './errors.js';
import { utf8 } from './encoding.js';

/** RFC 8785 serialisation. Refuses what JSON cannot carry exactly (undefined, NaN, cycles, lone surrogates). */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error) {
    throw malformed(`The value cannot be canonical JSON: ${(error as Error).message}.`);
  }
  if (text === undefined) throw malformed('The value cannot be canonical JSON.');
  return text;
}

export const canonicalJsonBytes = (value: unknown): Uint8Array => utf8(canonicalJson(value));

/** Shortest salt `commitment` accepts: 128 bits keep a guessable value (an id number) out of reach. */
export const MIN_SALT_BYTES = 16;

export const newCommitmentSalt = (): Uint8Array => randomBytes(32);

/**
 * A hiding, binding commitment to `value`: HMAC-SHA-256 keyed by the salt over the canonical JSON,
 * in hex. Whoever holds the salt can show which value it commits to; without it, the log reveals
 * nothing even about guessable values such as resident registration numbers.
 */
export function commitment(value: unknown, salt: Uint8Array): string {
  if (salt.length < MIN_SALT_BYTES) throw malformed(`A commitment salt must be at least ${MIN_SALT_BYTES} bytes.`);
  return createHmac('sha256', salt).update(canonicalJson(value)).digest('hex');
}

export function isCommitmentTo(expected: string, value: unknown, salt: Uint8Array): boolean {
  const actual = Buffer.from(commitment(value, salt), 'hex');
  const given = Buffer.from(expected, 'hex');
  return given.length === actual.length && timingSafeEqual(given, actual);
}
