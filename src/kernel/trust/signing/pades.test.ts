import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestHierarchy, type TestHierarchy } from '../pki/pki.fixture.js';
import { revocationOf } from '../pki/revocation.crl.js';
import { signPdf, verifyPdfSignature } from './pades.js';
import { derElementLength } from './der.js';
import { makeSimplePdf } from './pdf.js';

// pdfsig checks certificates against the wall clock, so this hierarchy is valid around the real
// now: t0 (the signing time) is one day ago. Nothing here asserts on durations.
const base = new Date(Date.now() - 60 * 86_400_000);
let h: TestHierarchy;
let dir: string;
let nssDb: string;

/** pdfsig with an NSS database that trusts our root: checks the signature and the chain. */
function pdfsig(pdf: Uint8Array): string {
  const file = path.join(dir, `doc-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  // No -no-ocsp: with it, poppler 22.12 reports "Unknown issue with Certificate"; our certificates
  // carry no OCSP URL, so nothing is fetched anyway.
  const result = spawnSync('pdfsig', ['-nssdir', nssDb, file], { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`;
}

async function signedPermit(signedAt = h.t0): Promise<Uint8Array> {
  const pdf = await makeSimplePdf('Building permit P-2026-0042', [
    'The Ministry of the Interior and Safety grants building permit P-2026-0042.',
    'Applicant: Hanbit Construction (123-45-67890). Site: 12 Sejong-daero, Jongno-gu, Seoul.',
  ], { createdAt: signedAt });
  const chain = [h.official.certificate, h.agency.certificate, h.root.certificate];
  return signPdf(pdf, h.official.signer, { chain, signedAt, reason: 'Approval of permit' });
}

describe('PAdES B-B', () => {
  before(async () => {
    h = await createTestHierarchy('ES256', base);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-pades-'));
    fs.writeFileSync(path.join(dir, 'root.pem'), h.root.certificate.toString('pem'));
    nssDb = `sql:${path.join(dir, 'nss')}`;
    fs.mkdirSync(path.join(dir, 'nss'));
    execFileSync('certutil', ['-N', '-d', nssDb, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', nssDb, '-n', 'nara-root', '-t', 'C,C,C', '-i', path.join(dir, 'root.pem')]);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is valid for pdfsig, with a trusted chain and the signer named, and for verifyPdfSignature', async () => {
    const signed = await signedPermit();
    const report = pdfsig(signed);
    assert.match(report, /Signature Validation: Signature is Valid\./);
    assert.match(report, /Certificate Validation: Certificate is Trusted\./);
    assert.match(report, /Signer Certificate Common Name: Kim Minji/);
    assert.match(report, /Signature Type: ETSI\.CAdES\.detached/);
    assert.match(report, /Total document signed/);
    const result = await verifyPdfSignature(signed, [h.root.certificate], { now: new Date() });
    assert.equal(result.ok, true);
    assert.equal(result.ok && result.signerName, 'Kim Minji');
    assert.deepEqual(result.ok && result.signedAt, new Date(Math.floor(h.t0.getTime() / 1000) * 1000));
    assert.equal(result.ok && result.chain.length, 3);
  });

  it('carries content-type, message-digest and signing-certificate-v2, and no signing-time', async () => {
    const signed = Buffer.from(await signedPermit());
    const text = signed.toString('latin1');
    const [, b, c] = /\/ByteRange \[(\d+) (\d+) (\d+)/.exec(text)!.slice(1, 4).map(Number) as number[];
    const cms = path.join(dir, 'sig.der');
    const contents = Buffer.from(text.slice(b! + 1, c! - 1), 'hex');
    fs.writeFileSync(cms, contents.subarray(0, derElementLength(contents)));
    const printed = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', cms], { encoding: 'utf8' });
    assert.match(printed, /object: contentType/);
    assert.match(printed, /object: messageDigest/);
    assert.match(printed, /object: id-smime-aa-signingCertificateV2|object: 1\.2\.840\.113549\.1\.9\.16\.2\.47/);
    assert.doesNotMatch(printed, /signingTime/);
    assert.equal(printed.match(/cert_info:/g)?.length, 3);
  });

  it('fails pdfsig and verifyPdfSignature when a byte of the signed range changes', async () => {
    const signed = Buffer.from(await signedPermit());
    const at = signed.indexOf('(Kim Minji)');
    assert.ok(at > 0);
    signed[at + 1] = 'J'.charCodeAt(0);
    const report = pdfsig(signed);
    assert.doesNotMatch(report, /Signature is Valid/);
    assert.match(report, /Signature Validation: Digest Mismatch|Signature is Invalid/);
    assert.deepEqual(await verifyPdfSignature(signed, [h.root.certificate], { now: new Date() }), { ok: false, reason: 'digest_mismatch' });
  });

  it('fails bytes appended after signing, an untrusted root, and a signature made after revocation', async () => {
    const signed = await signedPermit();
    const now = new Date();
    const appended = Buffer.concat([signed, Buffer.from('\n% appended\n')]);
    assert.deepEqual(await verifyPdfSignature(appended, [h.root.certificate], { now }), { ok: false, reason: 'modified_after_signing' });
    const other = await createTestHierarchy('ES256', base);
    assert.deepEqual(await verifyPdfSignature(signed, [other.root.certificate], { now }), { ok: false, reason: 'unknown_issuer' });
    const revokedAt = new Date(h.t0.getTime() + 3_600_000);
    const revocations = [revocationOf(h.official.certificate, revokedAt, 'keyCompromise')];
    assert.equal((await verifyPdfSignature(signed, [h.root.certificate], { now, revocations })).ok, true);
    const late = await signedPermit(new Date(h.t0.getTime() + 2 * 3_600_000));
    assert.deepEqual(await verifyPdfSignature(late, [h.root.certificate], { now, revocations }), {
      ok: false, reason: 'certificate_revoked', revokedAt,
    });
    assert.deepEqual(await verifyPdfSignature(await makeSimplePdf('Unsigned', [], { createdAt: now }), [h.root.certificate], { now }), {
      ok: false, reason: 'no_signature',
    });
  });
});
