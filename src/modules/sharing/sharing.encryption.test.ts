import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { CompactEncrypt, compactDecrypt, importJWK } from 'jose';
import type { Kernel } from '../../kernel/kernel.js';
import { createNodeKeyring, deriveNodeKey, NODE_UNDECRYPTABLE, NODE_WRONG_RECIPIENT } from './sharing.encryption.js';

const secret = randomBytes(32);
const keyringWith = (rootDer: Uint8Array) =>
  createNodeKeyring({ config: { secretKey: secret }, pki: { trustedRoots: async () => [{ rawData: rootDer.buffer }] } } as unknown as Pick<Kernel, 'config' | 'pki'>);
const jws = 'eyJhbGciOiJFUzI1NiJ9.eyJ0eXBlIjoibmFyYS5zaGFyaW5nLm5vZGUtcmVxdWVzdCJ9.c2lnbmF0dXJl';

test('the node key is derived: the same for the same secret and root, another for another root', async () => {
  const a = await deriveNodeKey(secret, new Uint8Array([1, 2, 3]));
  assert.deepEqual((await deriveNodeKey(secret, new Uint8Array([1, 2, 3]))).publicJwk, a.publicJwk);
  assert.notEqual((await deriveNodeKey(secret, new Uint8Array([4, 5, 6]))).publicJwk.kid, a.publicJwk.kid);
  assert.equal(a.publicJwk.alg, 'ECDH-ES+A256KW');
});

test('what a node encrypts, jose decrypts; what jose encrypts, a node decrypts', async () => {
  const node = keyringWith(new Uint8Array([1, 2, 3]));
  const own = await node.own();
  const jwe = await node.encrypt(jws, own.publicJwk);
  const { plaintext, protectedHeader } = await compactDecrypt(jwe, own.privateKey, { keyManagementAlgorithms: ['ECDH-ES+A256KW'], contentEncryptionAlgorithms: ['A256GCM'] });
  assert.equal(Buffer.from(plaintext).toString('ascii'), jws);
  assert.equal(protectedHeader.kid, own.publicJwk.kid);
  assert.equal(protectedHeader.cty, 'JOSE');
  const fromJose = await new CompactEncrypt(Buffer.from(jws))
    .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: own.publicJwk.kid, apu: 'bm9kZS1h', apv: 'bm9kZS1i' })
    .encrypt(await importJWK(own.publicJwk, 'ECDH-ES+A256KW'));
  assert.equal(await node.decrypt(fromJose), jws);
});

test('a changed JWE or one for another key is refused with its code', async () => {
  const node = keyringWith(new Uint8Array([1, 2, 3]));
  const other = keyringWith(new Uint8Array([7, 8, 9]));
  const jwe = await node.encrypt(jws, (await node.own()).publicJwk);
  const parts = jwe.split('.');
  for (const i of [1, 2, 3, 4]) {
    const bytes = Buffer.from(parts[i]!, 'base64url');
    bytes[0]! ^= 0x80;
    const changed = parts.map((p, n) => (n === i ? bytes.toString('base64url') : p)).join('.');
    await assert.rejects(node.decrypt(changed), (e: { code?: string }) => e.code === NODE_UNDECRYPTABLE, `part ${i}`);
  }
  await assert.rejects(other.decrypt(jwe), (e: { code?: string }) => e.code === NODE_WRONG_RECIPIENT);
});
