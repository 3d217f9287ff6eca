import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { DomainError } from '../../../kernel/http/errors.js';
import {
  BID_CIPHERTEXT_INVALID,
  BID_NOT_FOR_THIS_SUBMISSION,
  bidCommitment,
  createOpeningKey,
  openBid,
  openShare,
  OPENING_SHARES_INVALID,
  parseEcPublicJwk,
  recoverOpeningKey,
  sealBid,
  type BidDocument,
  type EcPublicJwk,
  type OpeningKeySetup,
} from './sealing.js';

/** An opening official's own key pair: the private half never reaches Nara. */
function holderKeys(): { privateKey: KeyObject; publicJwk: EcPublicJwk } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  return { privateKey, publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! } };
}

const isProblem = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;

const bidOf = (vendorId: string, price: number): BidDocument => ({
  tenderId: 'tnd_roadworks01',
  vendorId,
  price,
  picks: [3, 11],
  documents: [`sha256:${'ab'.repeat(32)}`],
  nonce: randomBytes(16).toString('base64url'),
});

describe('sealed bids: k-of-n opening key', () => {
  const holders = ['off_park', 'off_choi', 'off_yoon'].map((holderId) => ({ holderId, ...holderKeys() }));
  let setup: OpeningKeySetup;
  const sealed: { vendorId: string; jwe: string; price: number }[] = [];

  before(async () => {
    setup = await createOpeningKey(holders.map(({ holderId, publicJwk }) => ({ holderId, publicJwk })), 2);
    for (const [vendorId, price] of [['ven_hanbit', 874_600_000], ['ven_daon', 880_100_000], ['ven_sollae', 902_000_000]] as const) {
      sealed.push({ vendorId, price, jwe: await sealBid(bidOf(vendorId, price), setup.publicJwk) });
    }
  });

  it('stores nothing from which a bid can be read: no price, vendor or private key in what Nara keeps', () => {
    const stored = JSON.stringify({ setup, bids: sealed.map((s) => s.jwe) });
    for (const s of sealed) {
      assert.ok(!stored.includes(String(s.price)), 'a price appears in clear');
      assert.ok(!stored.includes(Buffer.from(String(s.price)).toString('base64url')), 'a price appears in base64url');
    }
    assert.ok(!stored.includes('ven_hanbit"'));
    assert.ok(!/"d"\s*:/.test(stored), 'a private key component is stored');
    assert.equal(setup.shares.length, 3);
  });

  it('one official alone cannot open; any two can, and every bid opens to what its vendor sealed', async () => {
    const parkShare = await openShare(setup.shares[0]!.jwe, holders[0]!.privateKey);
    await assert.rejects(recoverOpeningKey([parkShare], setup.publicJwk, 2), isProblem(OPENING_SHARES_INVALID));
    await assert.rejects(recoverOpeningKey([parkShare, parkShare], setup.publicJwk, 2), isProblem(OPENING_SHARES_INVALID));
    for (const pair of [[0, 1], [0, 2], [1, 2]]) {
      const released = await Promise.all(pair.map((i) => openShare(setup.shares[i]!.jwe, holders[i]!.privateKey)));
      const key = await recoverOpeningKey(released, setup.publicJwk, 2);
      for (const s of sealed) {
        const opened = await openBid(s.jwe, key, { tenderId: 'tnd_roadworks01', vendorId: s.vendorId });
        assert.equal(opened.price, s.price);
        assert.deepEqual(opened.picks, [3, 11]);
      }
    }
  });

  it('a share opens only with its own holder’s key', async () => {
    await assert.rejects(openShare(setup.shares[0]!.jwe, holders[1]!.privateKey), isProblem(OPENING_SHARES_INVALID));
  });

  it('shares of another tender do not rebuild this tender’s key', async () => {
    const other = await createOpeningKey(holders.map(({ holderId, publicJwk }) => ({ holderId, publicJwk })), 2);
    const released = await Promise.all([0, 1].map((i) => openShare(other.shares[i]!.jwe, holders[i]!.privateKey)));
    await assert.rejects(recoverOpeningKey(released, setup.publicJwk, 2), isProblem(OPENING_SHARES_INVALID));
  });

  it('rejects a tampered ciphertext, and a ciphertext another vendor copied as its own', async () => {
    const released = await Promise.all([0, 2].map((i) => openShare(setup.shares[i]!.jwe, holders[i]!.privateKey)));
    const key = await recoverOpeningKey(released, setup.publicJwk, 2);
    const parts = sealed[0]!.jwe.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    const tampered = [...parts.slice(0, 3), body.toString('base64url'), parts[4]].join('.');
    await assert.rejects(openBid(tampered, key, { tenderId: 'tnd_roadworks01', vendorId: 'ven_hanbit' }), isProblem(BID_CIPHERTEXT_INVALID));
    await assert.rejects(openBid(sealed[0]!.jwe, key, { tenderId: 'tnd_roadworks01', vendorId: 'ven_daon' }), isProblem(BID_NOT_FOR_THIS_SUBMISSION));
  });

  it('commits to the exact ciphertext; equal bids seal to different ciphertexts', async () => {
    const again = await sealBid({ ...bidOf('ven_hanbit', 874_600_000), nonce: 'fixed-nonce-0000000' }, setup.publicJwk);
    const twice = await sealBid({ ...bidOf('ven_hanbit', 874_600_000), nonce: 'fixed-nonce-0000000' }, setup.publicJwk);
    assert.notEqual(again, twice);
    assert.match(bidCommitment(again), /^sha256:[0-9a-f]{64}$/);
    assert.notEqual(bidCommitment(again), bidCommitment(twice));
  });

  it('refuses a threshold below 2 or above the number of holders', async () => {
    const list = holders.map(({ holderId, publicJwk }) => ({ holderId, publicJwk }));
    await assert.rejects(createOpeningKey(list, 1), RangeError);
    await assert.rejects(createOpeningKey(list, 4), RangeError);
  });
});

describe('opening keys as people send them', () => {
  it('accepts the public half of a P-256 key, and refuses a private key, another curve or a point off the curve', () => {
    const { publicJwk } = holderKeys();
    assert.deepEqual(parseEcPublicJwk({ ...publicJwk }), publicJwk);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    assert.equal(parseEcPublicJwk(privateKey.export({ format: 'jwk' })), undefined);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' });
    assert.equal(parseEcPublicJwk(other), undefined);
    assert.equal(parseEcPublicJwk({ ...publicJwk, y: publicJwk.x }), undefined);
    assert.equal(parseEcPublicJwk('not a key'), undefined);
  });
});
