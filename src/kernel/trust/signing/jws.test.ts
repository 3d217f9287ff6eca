import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base64url } from 'jose';
import { createTestHierarchy, T0 } from '../pki/pki.fixture.js';
import { revocationOf } from '../pki/revocation.crl.js';
import { signJsonCompact, signJsonFlattened, verifyJws } from './jws.js';

const decision = { type: 'permit.granted', permitId: 'P-2026-0042', agency: 'mois', contentSha256: 'ab'.repeat(32) };
const hours = (h: number) => new Date(T0.getTime() + h * 3_600_000);

describe('JWS with x5c', () => {
  for (const algorithm of ['ES256', 'EdDSA'] as const) {
    it(`round-trips a JSON document (${algorithm}, compact and flattened)`, async () => {
      const h = await createTestHierarchy(algorithm);
      const chain = [h.official.certificate, h.agency.certificate];
      const compact = await signJsonCompact(decision, h.official.signer, { chain, signedAt: T0 });
      const header = JSON.parse(Buffer.from(base64url.decode(compact.split('.')[0]!)).toString());
      assert.equal(header.alg, algorithm);
      assert.equal(header.x5c.length, 2);
      assert.equal(header.sigT, '2026-03-01T09:00:00Z');
      const result = await verifyJws(compact, [h.root.certificate], { now: hours(1) });
      assert.equal(result.ok, true);
      assert.deepEqual(result.ok && result.payload, decision);
      assert.equal(result.ok && result.signer.subject, h.official.certificate.subject);
      const flattened = await signJsonFlattened(decision, h.official.signer, { chain, signedAt: T0 });
      assert.equal((await verifyJws(flattened, [h.root.certificate], { now: hours(1) })).ok, true);
    });
  }

  it('fails a tampered payload, a forged time and an untrusted root', async () => {
    const h = await createTestHierarchy();
    const other = await createTestHierarchy();
    const chain = [h.official.certificate, h.agency.certificate];
    const [head, , sig] = (await signJsonCompact(decision, h.official.signer, { chain, signedAt: T0 })).split('.');
    const forgedPayload = base64url.encode(JSON.stringify({ ...decision, permitId: 'P-2026-9999' }));
    const tampered = await verifyJws(`${head}.${forgedPayload}.${sig}`, [h.root.certificate], { now: hours(1) });
    assert.deepEqual(tampered, { ok: false, reason: 'bad_signature' });
    const headerJson = JSON.parse(Buffer.from(base64url.decode(head!)).toString());
    const backdated = base64url.encode(JSON.stringify({ ...headerJson, sigT: '2026-02-15T00:00:00Z' }));
    const payload = base64url.encode(JSON.stringify(decision));
    assert.equal((await verifyJws(`${backdated}.${payload}.${sig}`, [h.root.certificate], { now: hours(1) })).ok, false);
    const good = `${head}.${payload}.${sig}`;
    assert.deepEqual(await verifyJws(good, [other.root.certificate], { now: hours(1) }), { ok: false, reason: 'unknown_issuer' });
    assert.deepEqual(await verifyJws(good, [h.root.certificate], { now: hours(-1) }), { ok: false, reason: 'signed_in_future' });
    assert.deepEqual(await verifyJws('not.a.jws', [h.root.certificate], { now: hours(1) }), { ok: false, reason: 'malformed' });
  });

  it('fails a signature made after revocation, keeps one made before', async () => {
    const h = await createTestHierarchy();
    const chain = [h.official.certificate, h.agency.certificate];
    const before = await signJsonCompact(decision, h.official.signer, { chain, signedAt: T0 });
    const revokedAt = hours(2);
    const after = await signJsonCompact(decision, h.official.signer, { chain, signedAt: hours(3) });
    const options = { now: hours(4), revocations: [revocationOf(h.official.certificate, revokedAt, 'keyCompromise' as const)] };
    assert.equal((await verifyJws(before, [h.root.certificate], options)).ok, true);
    assert.deepEqual(await verifyJws(after, [h.root.certificate], options), { ok: false, reason: 'certificate_revoked', revokedAt });
  });
});
