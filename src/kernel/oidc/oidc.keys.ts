import { createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { calculateJwkThumbprint } from 'jose';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { deriveKek, unwrapPrivateKey, wrapPrivateKey } from '../trust/signing/key-wrap.js';
import { insertSigningKeysIfNone, listSigningKeys } from './oidc.repository.js';

/** HKDF label of the KEK that wraps the provider's signing keys. */
const KEK_LABEL = 'kernel.oidc.signing';

const aadFor = (kid: string, alg: string) => Buffer.from(`nara-oidc-key:v1:${kid}:${alg}`, 'utf8');

/** RS256 because OpenID Connect makes it the one every relying party supports; ES256 beside it. */
function generate(alg: 'RS256' | 'ES256'): KeyObject {
  return alg === 'RS256'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}

/**
 * The provider's ID token signing keys as private JWKs: made on first start, stored with the
 * private half wrapped under a KEK derived from the master secret, unwrapped into memory here.
 * RS256 comes first, so it signs unless a client registered for ES256.
 */
export async function loadOrCreateSigningKeys(deps: { db: Db; secretKey: Uint8Array; clock: Clock }): Promise<JWK[]> {
  const kek = deriveKek(deps.secretKey, KEK_LABEL);
  let rows = await listSigningKeys(deps.db);
  if (rows.length === 0) {
    const fresh = await Promise.all(
      (['RS256', 'ES256'] as const).map(async (alg) => {
        const privateKey = generate(alg);
        const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
        const kid = await calculateJwkThumbprint(publicJwk);
        return {
          kid,
          alg,
          public_jwk: { ...publicJwk, kid, alg, use: 'sig' },
          wrapped_private_key: wrapPrivateKey(privateKey.export({ format: 'der', type: 'pkcs8' }), kek, aadFor(kid, alg)),
          created_at: deps.clock.now(),
        };
      }),
    );
    await insertSigningKeysIfNone(deps.db, fresh);
    rows = await listSigningKeys(deps.db);
  }
  const ordered = [...rows].sort((a, b) => Number(b.alg === 'RS256') - Number(a.alg === 'RS256'));
  return ordered.map((row) => {
    const pkcs8 = unwrapPrivateKey(row.wrapped_private_key, kek, aadFor(row.kid, row.alg));
    const jwk = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' }) as JWK;
    return { ...jwk, kid: row.kid, alg: row.alg, use: 'sig' };
  });
}

/** Keys for the provider's signed cookies (Keygrip), derived from the master secret. */
export function cookieKeysFor(secretKey: Uint8Array): string[] {
  return [Buffer.from(hkdfSync('sha256', secretKey, 'nara-oidc-v1', 'kernel.oidc.cookies', 32)).toString('base64url')];
}
