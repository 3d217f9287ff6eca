import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { bidCommitment, isSealedBidShape, openBid } from '../domain/sealing.js';
// @ts-expect-error: a plain browser module without types
import { randomNonce, sealBidDocument } from './seal-bid.js';

describe('the bid page’s sealing script', () => {
  it('makes a JWE that the server accepts as a sealed bid and that opens with the tender’s key only', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const document = { tenderId: 'tnd_roadworks01', vendorId: 'org_hanbit0001', price: 905_000_000, picks: [3, 11], documents: [], nonce: randomNonce() };
    const sealed: string = await sealBidDocument(document, jwk);
    assert.ok(isSealedBidShape(sealed));
    assert.ok(!sealed.includes('905000000'));
    assert.deepEqual(await openBid(sealed, privateKey, { tenderId: 'tnd_roadworks01', vendorId: 'org_hanbit0001' }), document);
    assert.notEqual(bidCommitment(await sealBidDocument(document, jwk)), bidCommitment(sealed));
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    await assert.rejects(openBid(sealed, other, { tenderId: 'tnd_roadworks01', vendorId: 'org_hanbit0001' }), { code: 'bid_ciphertext_invalid' });
  });
});
