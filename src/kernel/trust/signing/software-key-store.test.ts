import assert from 'node:assert/strict';
import { createPrivateKey, randomBytes, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { deriveKek, KEY_UNWRAP_FAILED, unwrapPrivateKey, wrapPrivateKey } from './key-wrap.js';
import { inMemoryKeyPersistence, keyWrapAad, SIGNING_KEY_NOT_FOUND, SoftwareKeyStore } from './software-key-store.js';

const master = randomBytes(32);
const isCode = (code: string) => (e: { code?: string }) => e.code === code;

describe('key wrapping', () => {
  it('derives distinct 32-byte KEKs per label and secret', () => {
    const a = deriveKek(master, 'signing-keys');
    assert.equal(a.length, 32);
    assert.notDeepEqual(a, deriveKek(master, 'other'));
    assert.notDeepEqual(a, deriveKek(randomBytes(32), 'signing-keys'));
    assert.deepEqual(a, deriveKek(master, 'signing-keys'));
  });

  it('round-trips and fails on the wrong KEK, the wrong AAD or a flipped byte', () => {
    const kek = deriveKek(master, 'signing-keys');
    const secret = randomBytes(100);
    const aad = Buffer.from('key-1');
    const env = wrapPrivateKey(secret, kek, aad);
    assert.deepEqual(Buffer.from(unwrapPrivateKey(env, kek, aad)), secret);
    assert.throws(() => unwrapPrivateKey(env, deriveKek(master, 'other'), aad), isCode(KEY_UNWRAP_FAILED));
    assert.throws(() => unwrapPrivateKey(env, kek, Buffer.from('key-2')), isCode(KEY_UNWRAP_FAILED));
    const flipped = Uint8Array.from(env);
    flipped[flipped.length - 1]! ^= 1;
    assert.throws(() => unwrapPrivateKey(flipped, kek, aad), isCode(KEY_UNWRAP_FAILED));
  });
});

describe('SoftwareKeyStore', () => {
  it('stores keys wrapped: the record never holds the clear PKCS#8 or the private scalar', async () => {
    const kek = deriveKek(master, 'signing-keys');
    const persistence = inMemoryKeyPersistence();
    const signer = await new SoftwareKeyStore(kek, persistence).createKey('ES256');
    const record = persistence.records.get(signer.keyId)!;
    const pkcs8 = Buffer.from(unwrapPrivateKey(record.wrappedPrivateKey, kek, keyWrapAad(signer.keyId, 'ES256')));
    const scalar = Buffer.from(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' }).d!, 'base64url');
    const stored = Buffer.from(record.wrappedPrivateKey);
    assert.equal(stored.indexOf(pkcs8), -1);
    assert.equal(stored.indexOf(scalar), -1);
    assert.equal(JSON.stringify(record).includes(pkcs8.toString('base64')), false);
  });

  it('signs ES256 as DER or P1363 and EdDSA, and reloads keys from persistence', async () => {
    const kek = deriveKek(master, 'signing-keys');
    const persistence = inMemoryKeyPersistence();
    const es = await new SoftwareKeyStore(kek, persistence).createKey('ES256');
    const ed = await new SoftwareKeyStore(kek, persistence).createKey('EdDSA');
    const fresh = new SoftwareKeyStore(kek, persistence);
    const data = Buffer.from('an act of government');
    const esAgain = await fresh.getSigner(es.keyId);
    const der = await esAgain.sign(data, 'der');
    const raw = await esAgain.sign(data, 'p1363');
    assert.equal(der[0], 0x30);
    assert.equal(raw.length, 64);
    assert.ok(verify('sha256', data, { key: es.publicKey, dsaEncoding: 'der' }, der));
    assert.ok(verify('sha256', data, { key: es.publicKey, dsaEncoding: 'ieee-p1363' }, raw));
    const edSig = await (await fresh.getSigner(ed.keyId)).sign(data, 'der');
    assert.equal(edSig.length, 64);
    assert.ok(verify(null, data, ed.publicKey, edSig));
  });

  it('refuses an unknown key id, and a store with the wrong KEK cannot load keys', async () => {
    const persistence = inMemoryKeyPersistence();
    const signer = await new SoftwareKeyStore(deriveKek(master, 'signing-keys'), persistence).createKey('ES256');
    const wrong = new SoftwareKeyStore(deriveKek(randomBytes(32), 'signing-keys'), persistence);
    await assert.rejects(wrong.getSigner(signer.keyId), isCode(KEY_UNWRAP_FAILED));
    await assert.rejects(wrong.getSigner('nope'), isCode(SIGNING_KEY_NOT_FOUND));
  });
});
