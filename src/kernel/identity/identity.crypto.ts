import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Keys the identity kernel derives from NARA_SECRET_KEY with HKDF-SHA256, one per purpose, so
 * a leak of one (say the pseudonym key given to an auditor) reveals nothing about the others.
 */
export interface IdentityKeys {
  ninEncryption: Buffer;
  ninLookup: Buffer;
  pseudonym: Buffer;
}

const derive = (secret: Buffer, info: string) => Buffer.from(hkdfSync('sha256', secret, 'nara-identity', info, 32));

export function deriveIdentityKeys(secret: Buffer): IdentityKeys {
  return {
    ninEncryption: derive(secret, 'nin-encryption-v1'),
    ninLookup: derive(secret, 'nin-lookup-v1'),
    pseudonym: derive(secret, 'agency-pseudonym-v1'),
  };
}

/** Digits only: "900101-1234567" and "9001011234567" are the same number. */
export function normaliseNin(nin: string): string {
  return nin.replace(/[\s-]/g, '');
}

export function isPlausibleNin(nin: string): boolean {
  return /^\d{6,20}$/.test(normaliseNin(nin));
}

/** AES-256-GCM; output "v1.<iv>.<ciphertext>.<tag>" in base64url. */
export function encryptNin(keys: IdentityKeys, nin: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.ninEncryption, iv);
  const ct = Buffer.concat([cipher.update(normaliseNin(nin), 'utf8'), cipher.final()]);
  return ['v1', iv, ct, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function decryptNin(keys: IdentityKeys, sealed: string): string {
  const [version, iv, ct, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || !ct || !tag) throw new Error('Unknown NIN ciphertext format.');
  const decipher = createDecipheriv('aes-256-gcm', keys.ninEncryption, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}

/** Keyed hash for lookups: without the key, a table dump cannot be brute-forced over the NIN space. */
export function hashNin(keys: IdentityKeys, nin: string): string {
  return createHmac('sha256', keys.ninLookup).update(normaliseNin(nin)).digest('hex');
}

/**
 * The i-PIN idea: each agency sees a person under its own stable identifier, so two agencies
 * cannot join their records on it. Base32-ish, grouped for reading aloud.
 */
export function agencyPseudonym(keys: IdentityKeys, organisationId: string, personId: string): string {
  const mac = createHmac('sha256', keys.pseudonym).update(`${organisationId}\u0000${personId}`).digest();
  const text = toBase32(mac.subarray(0, 15));
  return `PSN-${text.match(/.{1,6}/g)!.join('-')}`;
}

const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ0123456789';

function toBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** A prefixed random id such as "per_3KX...": readable in logs, unguessable. */
export function newId(prefix: string): string {
  return `${prefix}_${toBase32(randomBytes(15)).toLowerCase()}`;
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
