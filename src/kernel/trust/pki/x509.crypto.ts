import { webcrypto } from 'node:crypto';
import type { Signer } from '../signing/signer.js';

/**
 * Certificates and CRLs are signed through the `Signer` port so CA keys never leave the key store.
 * `X509CertificateGenerator.create` and `X509CrlGenerator.create` take a WebCrypto provider as an
 * argument and only call `subtle.sign(algorithm, signingKey, tbs)` on it once they have encoded
 * the TBS structure. We hand them this facade: `sign` goes to the port (raw r||s, which the library
 * re-encodes to DER for ECDSA, as it does for any WebCrypto), `getRandomValues` and `digest` go to
 * Node, and everything else throws, so a library change that needs more would fail loudly rather
 * than silently use a different key. `signingKey` is a handle that only carries the algorithm.
 */
export function signingParams(signer: Signer): {
  signingKey: CryptoKey;
  signingAlgorithm: Algorithm | EcdsaParams;
  crypto: Crypto;
} {
  const algorithm =
    signer.algorithm === 'ES256' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'Ed25519' };
  const signingKey = { algorithm, type: 'private', extractable: false, usages: ['sign'] } as unknown as CryptoKey;
  const signingAlgorithm = signer.algorithm === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'Ed25519' };
  const unsupported = (name: string) => () => {
    throw new Error(`The signing facade does not implement subtle.${name}.`);
  };
  const subtle = new Proxy(
    {
      sign: async (_alg: unknown, key: unknown, data: BufferSource) => {
        if (key !== signingKey) throw new Error('The signing facade only signs with its own key handle.');
        const bytes = ArrayBuffer.isView(data)
          ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
          : new Uint8Array(data);
        const signature = await signer.sign(bytes, 'p1363');
        return signature.slice().buffer;
      },
      digest: (alg: AlgorithmIdentifier, data: BufferSource) => webcrypto.subtle.digest(alg, data),
      exportKey: unsupported('exportKey'),
    },
    { get: (target, prop: string) => (prop in target ? target[prop as keyof typeof target] : unsupported(prop)) },
  );
  const crypto = {
    subtle,
    getRandomValues: <T extends ArrayBufferView | null>(array: T) => webcrypto.getRandomValues(array as never) as T,
    randomUUID: () => webcrypto.randomUUID(),
  } as unknown as Crypto;
  return { signingKey, signingAlgorithm, crypto };
}
