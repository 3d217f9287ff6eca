import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { combineShares, decryptShare, ecPublicJwkOf, NotEnoughSharesError, parseEcPublicJwk, shareFingerprint, ShareNotOpenedError, splitToHolders } from './threshold.js';

const holder = (holderId: string) => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { holderId, privateKey, publicJwk: ecPublicJwkOf(publicKey) };
};

describe('threshold custody: k of n holders', () => {
  const holders = ['a', 'b', 'c'].map(holder);
  const secret = randomBytes(32);

  test('any two of three holders rebuild the secret; one alone cannot', async () => {
    const shares = await splitToHolders(secret, holders, 2, 'test-share', { fingerprintContext: 'ctx' });
    const plain = await Promise.all(shares.map((s, i) => decryptShare(s.jwe, holders[i]!.privateKey, 'test-share')));
    for (const [i, j] of [[0, 1], [0, 2], [1, 2]] as const) assert.deepEqual(Buffer.from(await combineShares([plain[i]!, plain[j]!], 2)), secret);
    await assert.rejects(combineShares([plain[0]!], 2), NotEnoughSharesError);
    await assert.rejects(combineShares([plain[0]!, plain[0]!], 2), NotEnoughSharesError, 'the same share twice counts once');
    assert.deepEqual(shares.map((s) => s.fingerprint), plain.map((p) => shareFingerprint(p, 'ctx')));
    assert.notEqual(shareFingerprint(plain[0]!, 'other'), shares[0]!.fingerprint, 'fingerprints are bound to their context');
  });

  test('a share opens only with its holder\'s key and only as its own kind', async () => {
    const [share] = await splitToHolders(secret, holders, 2, 'test-share');
    await assert.rejects(decryptShare(share!.jwe, holders[1]!.privateKey, 'test-share'), ShareNotOpenedError);
    await assert.rejects(decryptShare(share!.jwe, holders[0]!.privateKey, 'other-kind'), ShareNotOpenedError);
  });

  test('refuses thresholds below two or above the holders, and duplicate holders', async () => {
    await assert.rejects(splitToHolders(secret, holders, 1, 'x'), RangeError);
    await assert.rejects(splitToHolders(secret, holders, 4, 'x'), RangeError);
    await assert.rejects(splitToHolders(secret, [holders[0]!, holders[0]!], 2, 'x'), RangeError);
  });

  test('takes public keys as people send them, never a private key', () => {
    assert.deepEqual(parseEcPublicJwk(holders[0]!.publicJwk), holders[0]!.publicJwk);
    assert.equal(parseEcPublicJwk({ ...holders[0]!.publicJwk, d: 'AAAA' }), undefined);
    assert.equal(parseEcPublicJwk({ ...holders[0]!.publicJwk, x: holders[1]!.publicJwk.x }), undefined);
  });
});
