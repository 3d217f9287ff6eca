import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestHierarchy, type TestHierarchy } from '../kernel/trust/pki/pki.fixture.js';
import { buildCrl, crlToPem, revocationOf } from '../kernel/trust/pki/revocation.crl.js';
import { signPdf } from '../kernel/trust/signing/pades.js';
import { makeSimplePdf } from '../kernel/trust/signing/pdf.js';
import { MemoryTileLog } from '../kernel/trust/tlog/memory-log.js';
import type { Receipt } from '../kernel/trust/tlog/receipt.js';
import { attachReceipt, extractReceipt } from './pdf.receipt.js';
import { runVerify } from './verify.cli.js';
import { exitCodes } from './verify.errors.js';
import { captureIo, growLog, newLogKey, receiptFor } from './verify.fixture.js';

// A signature must not claim a time after now, so the hierarchy is valid around the real now:
// t0 (the signing time) is base + 59 days, about one day ago.
const base = new Date(Date.now() - 60 * 86_400_000);
const HOUR = 3_600_000;

describe('nara verify pdf', () => {
  let h: TestHierarchy;
  let dir: string;
  let logKey: string;
  let receipt: Receipt;
  let signedFile: string;
  let rootPem: string;

  const write = (name: string, bytes: Uint8Array | string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };
  const verify = async (...args: string[]) => {
    const io = captureIo();
    const code = await runVerify(['pdf', ...args], io);
    return { code, text: io.text() };
  };
  const signedPermit = async (signedAt: Date, withReceipt: Receipt | undefined) => {
    let pdf = await makeSimplePdf('Building permit P-2026-0042', ['The Ministry grants building permit P-2026-0042.'], { createdAt: signedAt });
    if (withReceipt) pdf = await attachReceipt(pdf, withReceipt);
    const chain = [h.official.certificate, h.agency.certificate, h.root.certificate];
    return signPdf(pdf, h.official.signer, { chain, signedAt, reason: 'Approval of permit' });
  };

  before(async () => {
    h = await createTestHierarchy('ES256', base);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-verify-pdf-'));
    const key = newLogKey();
    logKey = key.verifierKey;
    const log = new MemoryTileLog();
    receipt = await receiptFor(log, 3, await growLog(log, 5, key.signer));
    signedFile = write('permit.pdf', await signedPermit(h.t0, receipt));
    rootPem = write('root.pem', h.root.certificate.toString('pem'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('verifies the signature, the chain to --trust, a CRL and the embedded log receipt', async () => {
    assert.deepEqual(await extractReceipt(fs.readFileSync(signedFile)), receipt);
    const crl = await buildCrl(h.agency, { revocations: [], thisUpdate: h.t0, nextUpdate: new Date(Date.now() + 86_400_000), crlNumber: 1 });
    const crlFile = write('empty.crl', crlToPem(crl));
    const result = await verify(signedFile, '--trust', rootPem, '--crl', crlFile, '--log-key', logKey);
    assert.equal(result.code, exitCodes.ok, result.text);
    assert.match(result.text, /signature valid: signed by Kim Minji/);
    assert.match(result.text, /the chain ends in a root you trust/);
    assert.match(result.text, /not revoked at signing time, per 1 CRL/);
    assert.match(result.text, /receipt \(nara-receipt\.json\), verified/);
    assert.match(result.text, /entry 3 is in it/);
  });

  it('says so when the chain was not checked against a trusted root, and needs --log-key for a receipt', async () => {
    const untrusted = await verify(signedFile, '--log-key', logKey);
    assert.equal(untrusted.code, exitCodes.ok, untrusted.text);
    assert.match(untrusted.text, /chain was NOT checked against a trusted root/);
    assert.match(untrusted.text, /revocation NOT checked/);
    const noKey = await verify(signedFile, '--trust', rootPem);
    assert.equal(noKey.code, exitCodes.usage);
    assert.match(noKey.text, /carries a transparency-log receipt .* pass the log's key with --log-key/);
    const otherRoot = write('other-root.pem', (await createTestHierarchy('ES256', base)).root.certificate.toString('pem'));
    const wrongRoot = await verify(signedFile, '--trust', otherRoot, '--log-key', logKey);
    assert.equal(wrongRoot.code, exitCodes.untrusted);
    assert.match(wrongRoot.text, /does not lead to a root you trust/);
  });

  it('fails a PDF with a flipped byte', async () => {
    const bytes = Buffer.from(fs.readFileSync(signedFile));
    const at = bytes.indexOf('(Approval of permit)');
    assert.ok(at > 0);
    bytes[at + 1] = 'a'.charCodeAt(0);
    const result = await verify(write('flipped.pdf', bytes), '--trust', rootPem, '--log-key', logKey);
    assert.equal(result.code, exitCodes.failed);
    assert.match(result.text, /The PDF was changed after it was signed/);
  });

  it('fails a signature made after its certificate was revoked, giving the CRL’s reason', async () => {
    const revokedAt = new Date(h.t0.getTime() - HOUR);
    const crl = await buildCrl(h.agency, {
      revocations: [revocationOf(h.official.certificate, revokedAt, 'keyCompromise')],
      thisUpdate: h.t0, nextUpdate: new Date(Date.now() + 86_400_000), crlNumber: 2,
    });
    const crlFile = write('revoked.crl', new Uint8Array(crl.rawData));
    const result = await verify(signedFile, '--trust', rootPem, '--crl', crlFile, '--log-key', logKey);
    assert.equal(result.code, exitCodes.revoked, result.text);
    assert.match(result.text, new RegExp(`Certificate revoked: .*Kim Minji.* \\(serial ${h.official.certificate.serialNumber.toLowerCase()}\\)`));
    assert.match(result.text, new RegExp(`revoked on ${revokedAt.toISOString().slice(0, 19)}.* for reason keyCompromise`));
    const forgedCrl = await buildCrl((await createTestHierarchy('ES256', base)).agency, {
      revocations: [], thisUpdate: h.t0, nextUpdate: h.t0, crlNumber: 1,
    });
    const forged = await verify(signedFile, '--trust', rootPem, '--crl', write('forged.crl', crlToPem(forgedCrl)), '--log-key', logKey);
    assert.equal(forged.code, exitCodes.untrusted);
    assert.match(forged.text, /is not signed by .*: it is forged or from another CA/);
  });

  it('verifies a signed PDF without a receipt, and says it carries none', async () => {
    const plain = write('plain.pdf', await signedPermit(h.t0, undefined));
    const result = await verify(plain, '--trust', rootPem);
    assert.equal(result.code, exitCodes.ok, result.text);
    assert.match(result.text, /carries no transparency-log receipt/);
  });
});
