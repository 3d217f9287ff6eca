import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CompactSign } from 'jose';
import { openSealedBids, stopOpeningWorkers, type SealedSubmission } from './opening.js';
import { bidCommitment, createOpeningKey, openShare, recoverOpeningKey, sealBid, type EcPublicJwk } from './sealing.js';

const TENDER = 'tnd_bridge0001';

function p256() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  return { privateKey, publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! } as EcPublicJwk };
}

describe('opening many sealed bids on several threads', () => {
  const bids: SealedSubmission[] = [];
  let key: Awaited<ReturnType<typeof recoverOpeningKey>>;

  before(async () => {
    const holders = ['off_a', 'off_b'].map((holderId) => ({ holderId, ...p256() }));
    const setup = await createOpeningKey(holders.map(({ holderId, publicJwk }) => ({ holderId, publicJwk })), 2);
    key = await recoverOpeningKey(await Promise.all(holders.map((h, i) => openShare(setup.shares[i]!.jwe, h.privateKey))), setup.publicJwk, 2);
    const vendor = p256();
    for (let i = 0; i < 600; i++) {
      const vendorId = `ven_v${String(i).padStart(5, '0')}`;
      const sealed = await sealBid({ tenderId: TENDER, vendorId, price: 1_000 + i, documents: [], nonce: randomBytes(16).toString('base64url') }, setup.publicJwk);
      const commitment = bidCommitment(sealed);
      const statementJws = await new CompactSign(new TextEncoder().encode(JSON.stringify({ tenderId: TENDER, vendorId, commitment })))
        .setProtectedHeader({ alg: 'ES256' })
        .sign(vendor.privateKey);
      bids.push({ vendorId, sealed, commitment, statementJws, signerJwk: { ...vendor.publicJwk } });
    }
    // Three bad ones, spread over the chunks the threads get.
    bids[10] = { ...bids[10]!, sealed: `${bids[10]!.sealed.slice(0, -2)}AA` };
    bids[350] = { ...bids[350]!, signerJwk: { ...p256().publicJwk } };
    bids[599] = { ...bids[599]!, vendorId: 'ven_other' };
  });
  after(() => stopOpeningWorkers());

  it('gives the same results, in input order, on two threads as on one, and names each rejection', async () => {
    const one = await openSealedBids(bids, key, TENDER, { threads: 1 });
    const two = await openSealedBids(bids, key, TENDER, { threads: 2 });
    assert.deepEqual(two, one);
    assert.deepEqual(one[10], { ok: false, reason: 'commitment_mismatch' });
    assert.deepEqual(one[350], { ok: false, reason: 'signature_invalid' });
    assert.deepEqual(one[599], { ok: false, reason: 'signature_invalid' });
    const opened = one.flatMap((r, i) => (r.ok ? [[i, r.document.price]] : []));
    assert.equal(opened.length, 597);
    assert.ok(opened.every(([i, price]) => price === 1_000 + i!));
  });
});
