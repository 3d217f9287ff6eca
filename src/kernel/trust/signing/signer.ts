import type { KeyObject } from 'node:crypto';

/**
 * The one signing port. Every signature Nara makes (certificates, CRLs, JWS, PAdES) goes through a
 * `Signer` obtained from a `KeyStore`, so private keys never leave the store. The software store
 * (`software-key-store.ts`) keeps keys wrapped under a key-encryption key; an HSM (PKCS#11) or a
 * cloud KMS adapter implements the same two interfaces and callers do not change: they only ever
 * see a key id, an algorithm, a public key and `sign`.
 */

/** JOSE names: ES256 = ECDSA P-256 with SHA-256; EdDSA = Ed25519. */
export type SignatureAlgorithm = 'ES256' | 'EdDSA';

/**
 * How an ECDSA signature is encoded. X.509, CRLs and CMS carry the ASN.1 DER `ECDSA-Sig-Value`;
 * JOSE and WebCrypto carry the raw `r || s` (IEEE P1363, 64 bytes for P-256). Ed25519 signatures
 * have a single 64-byte encoding, so the format is ignored for EdDSA.
 */
export type SignatureFormat = 'der' | 'p1363';

export interface Signer {
  readonly keyId: string;
  readonly algorithm: SignatureAlgorithm;
  readonly publicKey: KeyObject;
  /** Signs the message itself (the signer hashes it with SHA-256 for ES256). */
  sign(data: Uint8Array, format: SignatureFormat): Promise<Uint8Array>;
}

export interface KeyStore {
  createKey(algorithm: SignatureAlgorithm): Promise<Signer>;
  /** Throws `DomainError('signing_key_not_found')` for an unknown id. */
  getSigner(keyId: string): Promise<Signer>;
}

/** The DER-encoded SubjectPublicKeyInfo of a signer, the form certificates embed. */
export function publicKeySpki(signer: Pick<Signer, 'publicKey'>): Uint8Array {
  return new Uint8Array(signer.publicKey.export({ type: 'spki', format: 'der' }));
}
