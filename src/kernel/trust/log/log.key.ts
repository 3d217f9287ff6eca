import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/database.js';
import type { Logger } from '../../http/logger.js';
import { deriveKek, unwrapPrivateKey, wrapPrivateKey } from '../signing/key-wrap.js';
import { keyId, verifierKeyText, type NoteSigner } from '../tlog/note.js';
import { findLogKey, insertLogKeyIfMissing } from './log.repository.js';

/** HKDF label of the KEK that wraps the log key. */
const KEK_LABEL = 'kernel.trust.log';
const SPKI_ED25519_PREFIX = 12;

export interface LogKey {
  /** The log's origin line, also its key name: `<host>/log`, schemeless (C2SP tlog-checkpoint). */
  origin: string;
  signer: NoteSigner;
  /** `<name>+<hex id>+<base64>` for /.well-known/nara/log-key. */
  verifierKey: string;
}

/** `https://nara.example.go.kr` → `nara.example.go.kr/log`. */
export function originFor(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}/log`;
}

const aadFor = (origin: string) => Buffer.from(`nara-tlog-key:v1:${origin}`, 'utf8');

/** PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The demo country's log key: derived from a public label and the origin, so that a trial
 * install at the default address has the key printed in the README. It proves nothing (anyone
 * can derive it); a deployment outside demo mode makes a random key on first start.
 */
export function demoLogPrivateKey(origin: string): KeyObject {
  const seed = createHash('sha256').update(`nara-demo-log-key:v1:${origin}`).digest();
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/**
 * The log's Ed25519 key: made on first start and stored wrapped under a KEK derived from the
 * master secret. The first process to store one wins; the others read it back. The origin is
 * fixed then: a log keeps its identity even if the public URL changes later.
 */
export async function loadOrCreateLogKey(deps: { db: Db; secretKey: Uint8Array; publicUrl: string; demo?: boolean; clock: Clock; logger: Logger }): Promise<LogKey> {
  const kek = deriveKek(deps.secretKey, KEK_LABEL);
  let row = await findLogKey(deps.db);
  if (!row) {
    const origin = originFor(deps.publicUrl);
    const privateKey = deps.demo ? demoLogPrivateKey(origin) : generateKeyPairSync('ed25519').privateKey;
    const publicKey = createPublicKey(privateKey);
    await insertLogKeyIfMissing(deps.db, {
      origin,
      public_key: publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX),
      wrapped_private_key: wrapPrivateKey(privateKey.export({ format: 'der', type: 'pkcs8' }), kek, aadFor(origin)),
      created_at: deps.clock.now(),
    });
    row = await findLogKey(deps.db);
    if (!row) throw new Error('The transparency log key could not be stored.');
  }
  if (row.origin !== originFor(deps.publicUrl)) {
    deps.logger.warn('the transparency log keeps the origin it was created with', { origin: row.origin, publicUrl: deps.publicUrl });
  }
  const pkcs8 = unwrapPrivateKey(row.wrapped_private_key, kek, aadFor(row.origin));
  const privateKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  const publicRaw = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX));
  return {
    origin: row.origin,
    signer: { name: row.origin, keyId: keyId(row.origin, publicRaw), sign: (message) => sign(null, message, privateKey) },
    verifierKey: verifierKeyText(row.origin, publicRaw),
  };
}
