import { hash } from 'node:crypto';
import { malformed } from './errors.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes standard base64 (RFC 4648 §4) strictly: padding required, no whitespace, and the unused
 * bits of the last group must be zero. Node's decoder ignores all of these, and a signature or
 * hash must have exactly one spelling.
 */
export function decodeBase64(text: string, what: string): Uint8Array {
  if (!BASE64.test(text)) throw malformed(`${what} is not valid base64.`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw malformed(`${what} is not canonical base64.`);
  return bytes;
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** SHA-256 of the concatenated parts. The one-shot `crypto.hash` is used because proof checking is hash-bound. */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  return hash('sha256', parts.length === 1 ? parts[0]! : Buffer.concat(parts), 'buffer');
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
