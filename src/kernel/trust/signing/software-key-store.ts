import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { DomainError } from '../../http/errors.js';
import { unwrapPrivateKey, wrapPrivateKey } from './key-wrap.js';
import type { KeyStore, SignatureAlgorithm, SignatureFormat, Signer } from './signer.js';

/** What the software store persists per key: public material in clear, the private key wrapped. */
export interface WrappedKeyRecord {
  keyId: string;
  algorithm: SignatureAlgorithm;
  /** DER SubjectPublicKeyInfo. */
  publicKeySpki: Uint8Array;
  /** `wrapPrivateKey` envelope of the PKCS#8 DER private key. */
  wrappedPrivateKey: Uint8Array;
}

/** Where wrapped keys live. A later step backs this with the database; tests use the map below. */
export interface KeyPersistence {
  save(record: WrappedKeyRecord): Promise<void>;
  load(keyId: string): Promise<WrappedKeyRecord | undefined>;
}

/** Error code: no key with this id in the key store. */
export const SIGNING_KEY_NOT_FOUND = 'signing_key_not_found';

export function inMemoryKeyPersistence(): KeyPersistence & { records: Map<string, WrappedKeyRecord> } {
  const records = new Map<string, WrappedKeyRecord>();
  return {
    records,
    save: async (record) => {
      records.set(record.keyId, record);
    },
    load: async (keyId) => records.get(keyId),
  };
}

/** The AAD binds an envelope to its key id and algorithm. */
export function keyWrapAad(keyId: string, algorithm: SignatureAlgorithm): Uint8Array {
  return Buffer.from(`nara-signing-key:v1:${keyId}:${algorithm}`, 'utf8');
}

/**
 * Keys generated with node:crypto, stored wrapped under the KEK, unwrapped into process memory only
 * when a signer is asked for (and cached for the life of the store).
 */
export class SoftwareKeyStore implements KeyStore {
  private readonly cache = new Map<string, Signer>();

  constructor(
    private readonly kek: Uint8Array,
    private readonly persistence: KeyPersistence = inMemoryKeyPersistence(),
  ) {}

  async createKey(algorithm: SignatureAlgorithm): Promise<Signer> {
    const { privateKey, publicKey } =
      algorithm === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
    const keyId = randomUUID();
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    await this.persistence.save({
      keyId,
      algorithm,
      publicKeySpki: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
      wrappedPrivateKey: wrapPrivateKey(pkcs8, this.kek, keyWrapAad(keyId, algorithm)),
    });
    const signer = softwareSigner(keyId, algorithm, privateKey, publicKey);
    this.cache.set(keyId, signer);
    return signer;
  }

  async getSigner(keyId: string): Promise<Signer> {
    const cached = this.cache.get(keyId);
    if (cached) return cached;
    const record = await this.persistence.load(keyId);
    if (!record) throw new DomainError(SIGNING_KEY_NOT_FOUND, 404, `No signing key ${keyId}.`);
    const pkcs8 = unwrapPrivateKey(record.wrappedPrivateKey, this.kek, keyWrapAad(keyId, record.algorithm));
    const privateKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey({ key: Buffer.from(record.publicKeySpki), format: 'der', type: 'spki' });
    const signer = softwareSigner(keyId, record.algorithm, privateKey, publicKey);
    this.cache.set(keyId, signer);
    return signer;
  }
}

function softwareSigner(keyId: string, algorithm: SignatureAlgorithm, privateKey: KeyObject, publicKey: KeyObject): Signer {
  return {
    keyId,
    algorithm,
    publicKey,
    sign: async (data: Uint8Array, format: SignatureFormat) => {
      if (algorithm === 'EdDSA') return new Uint8Array(sign(null, data, privateKey));
      const dsaEncoding = format === 'der' ? 'der' : 'ieee-p1363';
      return new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding }));
    },
  };
}
