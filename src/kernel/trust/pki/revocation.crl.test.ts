import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildCrl, certificateStatus, CRL_INVALID, crlToPem, revocationOf, revocationsFromCrl } from './revocation.crl.js';
import { verifyChain } from './chain.verify.js';
import { createTestHierarchy, T0 } from './pki.fixture.js';
import { x509 } from './x509.js';

describe('CRLs and revocation status', () => {
  it('lists the revoked serial in a v2 CRL that x509 and openssl both parse', async () => {
    const h = await createTestHierarchy();
    const revokedAt = new Date('2026-03-05T12:00:00Z');
    const crl = await buildCrl(h.agency, {
      revocations: [revocationOf(h.official.certificate, revokedAt, 'keyCompromise')],
      thisUpdate: T0,
      nextUpdate: new Date(T0.getTime() + 7 * 86_400_000),
      crlNumber: 42,
    });
    const parsed = new x509.X509Crl(crl.rawData);
    assert.equal(parsed.issuer, h.agency.certificate.subject);
    assert.equal(parsed.findRevoked(h.official.certificate)?.reason, x509.X509CrlReason.keyCompromise);
    assert.ok(crlToPem(crl).startsWith('-----BEGIN X509 CRL-----'));

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-crl-'));
    try {
      fs.writeFileSync(path.join(dir, 'ca.crl'), new Uint8Array(crl.rawData));
      fs.writeFileSync(path.join(dir, 'ca.pem'), h.agency.certificate.toString('pem'));
      const text = execFileSync('openssl', ['crl', '-inform', 'DER', '-in', path.join(dir, 'ca.crl'), '-noout', '-text'], { encoding: 'utf8' });
      assert.match(text, /Version 2/);
      assert.match(text, /X509v3 CRL Number:\s*\n\s*42/);
      assert.match(text, new RegExp(`Serial Number: ${h.official.certificate.serialNumber}`, 'i'));
      assert.match(text, /Key Compromise/);
      const verified = execFileSync(
        'openssl', ['crl', '-inform', 'DER', '-in', path.join(dir, 'ca.crl'), '-CAfile', path.join(dir, 'ca.pem'), '-noout'],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      assert.equal(verified, '');
      fs.writeFileSync(path.join(dir, 'ca-crl.pem'), crlToPem(crl));
      const fromPem = execFileSync('openssl', ['crl', '-in', path.join(dir, 'ca-crl.pem'), '-noout', '-crlnumber'], { encoding: 'utf8' });
      assert.match(fromPem, /crlNumber=0x2A/i);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers status at a time, from a CRL or a revocation list', async () => {
    const h = await createTestHierarchy();
    const leaf = h.official.certificate;
    const revokedAt = new Date('2026-03-05T12:00:00Z');
    const list = [revocationOf(leaf, revokedAt, 'affiliationChanged')];
    const crl = await buildCrl(h.agency, { revocations: list, thisUpdate: T0, nextUpdate: new Date('2026-03-08T00:00:00Z'), crlNumber: 1 });
    for (const source of [crl, list]) {
      assert.deepEqual(certificateStatus(leaf, source, new Date('2026-03-05T11:59:59Z')), { status: 'good' });
      assert.deepEqual(certificateStatus(leaf, source, new Date('2026-03-06T00:00:00Z')), {
        status: 'revoked', revokedAt, reason: 'affiliationChanged',
      });
    }
    assert.deepEqual(certificateStatus(h.agency.certificate, crl, new Date('2026-03-06T00:00:00Z')), { status: 'good' });
    const fromCrl = await revocationsFromCrl(crl, h.agency.certificate);
    const result = await verifyChain(leaf, [h.agency.certificate], [h.root.certificate], { at: new Date('2026-03-06T00:00:00Z'), revocations: fromCrl });
    assert.equal(!result.ok && result.reason, 'revoked');
  });

  it('refuses a CRL not signed by the CA it names', async () => {
    const h = await createTestHierarchy();
    const other = await createTestHierarchy();
    const forged = await buildCrl(other.agency, { revocations: [], thisUpdate: T0, nextUpdate: T0, crlNumber: 1 });
    await assert.rejects(revocationsFromCrl(forged, h.agency.certificate), (e: { code?: string }) => e.code === CRL_INVALID);
  });
});
