/**
 * The sealed identity of a whistleblower (docs/epeople-whistleblower.md): the identity document
 * is encrypted with a fresh random key, and that key is split 2-of-n among the handling body's
 * protection officers with the kernel's threshold custody. Pure: no database, no clock.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';
import { z } from 'zod';
import { combineShares, splitToHolders, type EncryptedShare, type ThresholdHolder } from '../../kernel/trust/threshold/threshold.js';

const IDENTITY_CONTENT_TYPE = 'nara-epeople-sealed-identity';
/** The `cty` of an officer's share of a report's key (never opens as a procurement share). */
export const IDENTITY_SHARE_CONTENT_TYPE = 'nara-epeople-identity-share';
/** Two protection officers together, as the issue and the law's spirit require. */
export const IDENTITY_THRESHOLD = 2;

export const sealedIdentitySchema = z
  .object({
    caseId: z.string(),
    /** self: the reporter filed, signed in; proxy: a lawyer filed for them. */
    route: z.enum(['self', 'proxy']),
    reporter: z.object({
      personId: z.string().nullable(),
      name: z.string(),
      birthDate: z.string().nullable(),
      contact: z.string().nullable(),
    }),
    proxy: z.object({ personId: z.string(), name: z.string() }).nullable(),
    sealedAt: z.string(),
  })
  .strict();
export type SealedIdentity = z.infer<typeof sealedIdentitySchema>;

/** The share fingerprints are bound to the case, so a share of one report is never taken for another's. */
export const shareContext = (caseId: string) => `nara.epeople.identity-share:${caseId}`;

export async function sealIdentity(identity: SealedIdentity, officers: readonly ThresholdHolder[]): Promise<{ ciphertext: string; shares: EncryptedShare[] }> {
  const key = randomBytes(32);
  try {
    const ciphertext = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(sealedIdentitySchema.parse(identity))))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: IDENTITY_CONTENT_TYPE })
      .encrypt(key);
    const shares = await splitToHolders(key, officers, IDENTITY_THRESHOLD, IDENTITY_SHARE_CONTENT_TYPE, { fingerprintContext: shareContext(identity.caseId) });
    return { ciphertext, shares };
  } finally {
    key.fill(0);
  }
}

/**
 * Opens a sealed identity with released shares. Undefined when they do not rebuild the key (the
 * AEAD tag fails) or the document is for another case. Throws NotEnoughSharesError below two.
 */
export async function openIdentity(shares: readonly Uint8Array[], ciphertext: string, caseId: string): Promise<SealedIdentity | undefined> {
  const key = Buffer.from(await combineShares(shares, IDENTITY_THRESHOLD));
  try {
    const { plaintext, protectedHeader } = await compactDecrypt(ciphertext, key);
    if (protectedHeader.cty !== IDENTITY_CONTENT_TYPE) return undefined;
    const parsed = sealedIdentitySchema.safeParse(JSON.parse(new TextDecoder().decode(plaintext)));
    return parsed.success && parsed.data.caseId === caseId ? parsed.data : undefined;
  } catch {
    return undefined;
  } finally {
    key.fill(0);
  }
}

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed is hard to get wrong. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 20; // 100 bits

/** A new case code, e.g. `7KQ2-M9XF-3RTD-A8WB-0CVN`: 100 random bits, shown to the reporter once. */
export function newCaseCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let code = '';
  for (const b of bytes) code += ALPHABET[b & 31];
  return code.match(/.{4}/g)!.join('-');
}

/** The code as typed, in canonical form (case, spaces, dashes and look-alike letters forgiven), or undefined. */
export function normaliseCaseCode(input: string): string | undefined {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== CODE_LENGTH || [...s].some((ch) => !ALPHABET.includes(ch))) return undefined;
  return s;
}

/** What is stored: a keyed hash, so the database alone never yields a working code. */
export const caseCodeHash = (key: Buffer, normalised: string) => createHmac('sha256', key).update(normalised).digest('hex');
