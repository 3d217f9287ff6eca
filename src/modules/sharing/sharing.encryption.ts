import { createECDH, createHash, createPrivateKey, createPublicKey, hkdfSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, CompactEncrypt, compactDecrypt } from 'jose';
import { DomainError } from '../../kernel/http/errors.js';
import type { Kernel } from '../../kernel/kernel.js';

/** JWE algorithms of the node protocol: ECDH-ES key agreement wrapping an AES-256-GCM content key. */
export const KEY_ALGORITHM = 'ECDH-ES+A256KW';
export const CONTENT_ENCRYPTION = 'A256GCM';

/** Error code: the body is a JWE for another key than this node's current encryption key (fetch the key again). */
export const NODE_WRONG_RECIPIENT = 'sharing_node_wrong_recipient';
/** Error code: the JWE does not decrypt (changed ciphertext, tag, header or encrypted key). */
export const NODE_UNDECRYPTABLE = 'sharing_node_undecryptable';
/** Error code: the body is not a compact JWE with the protocol's algorithms. */
export const NODE_NOT_ENCRYPTED = 'sharing_node_not_encrypted';

/** A public encryption key as it travels: a P-256 JWK with its RFC 7638 thumbprint as `kid`. */
export interface EncryptionJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  use: 'enc';
  alg: typeof KEY_ALGORITHM;
}

export interface NodeKey {
  publicJwk: EncryptionJwk;
  privateKey: KeyObject;
}

/** Public keys imported once per kid: importing a JWK per message costs more than the ECDH itself. */
const importedKeys = new Map<string, KeyObject>();

export function publicKeyOf(jwk: EncryptionJwk): KeyObject {
  let key = importedKeys.get(jwk.kid);
  if (!key) {
    key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' });
    if (importedKeys.size > 1_024) importedKeys.clear();
    importedKeys.set(jwk.kid, key);
  }
  return key;
}

export const isEncryptionJwk = (v: unknown): v is EncryptionJwk => {
  const k = v as Partial<EncryptionJwk> | null;
  return typeof k === 'object' && k !== null && k.kty === 'EC' && k.crv === 'P-256' && typeof k.x === 'string' && typeof k.y === 'string' && typeof k.kid === 'string' && k.alg === KEY_ALGORITHM;
};

/**
 * The node's encryption key pair, derived (HKDF-SHA256) from the node's secret key with its
 * platform root certificate as salt: every process of the node derives the same key, no private
 * key is stored, and two nodes that happen to share a secret still get different keys. It is a
 * key of its own, never the system certificates' signing keys (one key, one purpose).
 */
export async function deriveNodeKey(secret: Uint8Array, rootDer: Uint8Array): Promise<NodeKey> {
  const salt = createHash('sha256').update(rootDer).digest();
  for (let counter = 0; ; counter++) {
    const d = Buffer.from(hkdfSync('sha256', secret, salt, `nara.sharing.node-encryption.v1/${counter}`, 32));
    const ecdh = createECDH('prime256v1');
    try {
      ecdh.setPrivateKey(d); // refuses 0 and values at or above the group order: derive again
    } catch {
      continue;
    }
    const point = ecdh.getPublicKey();
    const publicPart = { kty: 'EC' as const, crv: 'P-256' as const, x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') };
    const kid = await calculateJwkThumbprint(publicPart);
    const privateKey = createPrivateKey({ key: { ...publicPart, d: d.toString('base64url') }, format: 'jwk' });
    return { publicJwk: { ...publicPart, kid, use: 'enc', alg: KEY_ALGORITHM }, privateKey };
  }
}

/** The node's own key, derived once per process from its secret and platform root. */
export function createNodeKeyring(kernel: Pick<Kernel, 'config' | 'pki'>) {
  let key: Promise<NodeKey> | undefined;
  const own = (): Promise<NodeKey> => {
    key ??= (async () => {
      const [root] = await kernel.pki.trustedRoots();
      if (!root) throw new Error('The node has no platform root.');
      return deriveNodeKey(kernel.config.secretKey, new Uint8Array(root.rawData));
    })();
    key.catch(() => (key = undefined));
    return key;
  };
  return {
    own,
    /** Sign-then-encrypt: the compact JWS, as the plaintext of a compact JWE to `recipient`. */
    async encrypt(jws: string, recipient: EncryptionJwk): Promise<string> {
      return new CompactEncrypt(Buffer.from(jws, 'ascii'))
        .setProtectedHeader({ alg: KEY_ALGORITHM, enc: CONTENT_ENCRYPTION, kid: recipient.kid, cty: 'JOSE' })
        .encrypt(publicKeyOf(recipient));
    },
    /** The compact JWS inside a compact JWE to this node's key; problems are DomainErrors with the codes above. */
    async decrypt(jwe: string): Promise<string> {
      const mine = await own();
      const parts = jwe.split('.');
      let header: { alg?: unknown; enc?: unknown; kid?: unknown };
      try {
        if (parts.length !== 5) throw new Error('not five parts');
        header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as typeof header;
      } catch {
        throw new DomainError(NODE_NOT_ENCRYPTED, 400, 'The body must be a compact JWE (ECDH-ES+A256KW, A256GCM) holding a compact JWS.');
      }
      if (header.alg !== KEY_ALGORITHM || header.enc !== CONTENT_ENCRYPTION) throw new DomainError(NODE_NOT_ENCRYPTED, 400, 'The JWE must use ECDH-ES+A256KW and A256GCM.');
      if (header.kid !== mine.publicJwk.kid) {
        throw new DomainError(NODE_WRONG_RECIPIENT, 400, 'The message is encrypted to another key than this node\'s encryption key. Fetch the key again.', { kid: mine.publicJwk.kid });
      }
      try {
        const { plaintext } = await compactDecrypt(jwe, mine.privateKey, { keyManagementAlgorithms: [KEY_ALGORITHM], contentEncryptionAlgorithms: [CONTENT_ENCRYPTION] });
        return Buffer.from(plaintext).toString('ascii');
      } catch {
        throw new DomainError(NODE_UNDECRYPTABLE, 400, 'The message does not decrypt with this node\'s key: it was changed on the way or made for another key.');
      }
    },
  };
}

export type NodeKeyring = ReturnType<typeof createNodeKeyring>;
