import { createCipheriv, createDecipheriv, createECDH, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
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
      return encryptCompact(Buffer.from(jws, 'ascii'), recipient);
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
        return decryptCompact(parts as [string, string, string, string, string], header as { epk?: unknown }, mine.privateKey).toString('ascii');
      } catch {
        throw new DomainError(NODE_UNDECRYPTABLE, 400, 'The message does not decrypt with this node\'s key: it was changed on the way or made for another key.');
      }
    },
  };
}

export type NodeKeyring = ReturnType<typeof createNodeKeyring>;

/*
 * The JWE itself (RFC 7516 compact serialisation, RFC 7518 §4.6 and §5.3), on node:crypto: the
 * same bytes jose makes and reads, at a fraction of the cost (jose goes through WebCrypto, whose
 * per-call overhead was most of a lookup's encryption time). The tests check both ways against jose.
 */
const KW_IV = Buffer.from('A6A6A6A6A6A6A6A6', 'hex');
const lengthPrefixed = (bytes: Buffer) => Buffer.concat([u32(bytes.length), bytes]);
function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** Concat KDF (NIST SP 800-56A) as JWA uses it: one SHA-256 round gives the 256-bit key-wrapping key. */
function concatKdf(z: Buffer, apu = Buffer.alloc(0), apv = Buffer.alloc(0)): Buffer {
  const otherInfo = Buffer.concat([lengthPrefixed(Buffer.from(KEY_ALGORITHM, 'ascii')), lengthPrefixed(apu), lengthPrefixed(apv), u32(256)]);
  return createHash('sha256').update(u32(1)).update(z).update(otherInfo).digest();
}

function encryptCompact(plaintext: Buffer, recipient: EncryptionJwk): string {
  const ephemeral = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const epk = ephemeral.publicKey.export({ format: 'jwk' });
  const kek = concatKdf(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicKeyOf(recipient) }));
  const cek = randomBytes(32);
  const wrap = createCipheriv('id-aes256-wrap', kek, KW_IV);
  const encryptedKey = Buffer.concat([wrap.update(cek), wrap.final()]);
  const header = Buffer.from(JSON.stringify({ alg: KEY_ALGORITHM, enc: CONTENT_ENCRYPTION, kid: recipient.kid, cty: 'JOSE', epk: { kty: 'EC', crv: 'P-256', x: epk.x, y: epk.y } })).toString('base64url');
  const iv = randomBytes(12);
  const gcm = createCipheriv('aes-256-gcm', cek, iv);
  gcm.setAAD(Buffer.from(header, 'ascii'));
  const ciphertext = Buffer.concat([gcm.update(plaintext), gcm.final()]);
  return [header, encryptedKey.toString('base64url'), iv.toString('base64url'), ciphertext.toString('base64url'), gcm.getAuthTag().toString('base64url')].join('.');
}

function decryptCompact(parts: [string, string, string, string, string], header: { epk?: unknown; apu?: unknown; apv?: unknown }, privateKey: KeyObject): Buffer {
  const epk = header.epk as { kty?: unknown; crv?: unknown; x?: unknown; y?: unknown } | undefined;
  if (!epk || epk.kty !== 'EC' || epk.crv !== 'P-256' || typeof epk.x !== 'string' || typeof epk.y !== 'string') throw new Error('no usable epk');
  const senderKey = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: epk.x, y: epk.y }, format: 'jwk' }); // refuses a point off the curve
  const apu = typeof header.apu === 'string' ? Buffer.from(header.apu, 'base64url') : undefined;
  const apv = typeof header.apv === 'string' ? Buffer.from(header.apv, 'base64url') : undefined;
  const kek = concatKdf(diffieHellman({ privateKey, publicKey: senderKey }), apu, apv);
  const unwrap = createDecipheriv('id-aes256-wrap', kek, KW_IV);
  const cek = Buffer.concat([unwrap.update(Buffer.from(parts[1], 'base64url')), unwrap.final()]);
  const iv = Buffer.from(parts[2], 'base64url');
  const tag = Buffer.from(parts[4], 'base64url');
  if (cek.length !== 32 || iv.length !== 12 || tag.length !== 16) throw new Error('bad lengths');
  const gcm = createDecipheriv('aes-256-gcm', cek, iv, { authTagLength: 16 });
  gcm.setAAD(Buffer.from(parts[0], 'ascii'));
  gcm.setAuthTag(tag);
  return Buffer.concat([gcm.update(Buffer.from(parts[3], 'base64url')), gcm.final()]);
}
