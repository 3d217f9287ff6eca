import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from '../../src/kernel/identity/identity.test-support.js';
import { fetchConsentedFacts } from '../../src/modules/gov24/gov24.ports.js';
import { gov24Facts } from '../../src/modules/index.js';
import { DEMO_PERSONAS } from '../../src/seed/demo-personas.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { extractReceipt } from '../../src/verify/pdf.receipt.js';
import { runVerify } from '../../src/verify/verify.cli.js';
import { exitCodes } from '../../src/verify/verify.errors.js';
import { expectPagesAxeClean } from '../support/serve.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { browserSignedInAs } from '../support/session.js';

let nara: TestNara;
let dir: string;
const citizen = DEMO_PERSONAS.citizenKimMinJun.personId;
const otherCitizen = DEMO_PERSONAS.citizenLeeSeoYeon.personId;

const as = (personId: string) => browserSignedInAs(nara, personId);
const location = (res: Response) => res.headers.get('location') ?? '';
const text = async (res: Response | Promise<Response>) => (await res).text();

/** Issues a certificate through the page, as a browser without JavaScript; its id and page path. */
async function issue(browser: Browser, kind: string): Promise<{ id: string; page: string }> {
  const res = await browser.postForm('/gov24/certificates', { kind });
  assert.equal(res.status, 303, `${kind} issued`);
  const page = location(res).split('?')[0]!;
  const id = /\/gov24\/certificates\/(cert_[a-z0-9]+)$/.exec(page)?.[1];
  assert.ok(id, location(res));
  return { id, page };
}

before(async () => {
  nara = await createTestNara();
  await seedDemoCountry(nara.kernel, { citizens: 40 });
  await nara.kernel.pki.ensurePlatformRoot();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-gov24-cert-'));
});
after(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await nara.close();
});

describe('Gov24: certificates issued from the registers, verifiable by anyone', () => {
  let number = '';
  let code = '';
  let contentSha256 = '';
  let pdfFile = '';
  let certificatePage = '';

  test('a citizen issues a resident registration abstract: a PAdES-sealed PDF with number, check code, QR and log receipt', async () => {
    const kim = await as(citizen);
    const { id, page } = await issue(kim, 'resident-abstract');
    certificatePage = page;
    const before = await text(kim.request(`${page}?lang=en`));
    assert.match(before, /being recorded in the public log/);
    assert.equal((await kim.request(`${page}/pdf`, { headers: { accept: 'application/json' } })).status, 409, 'not before the log has it');

    await nara.kernel.transparencyLog.sequenceOnce();
    const html = await text(kim.request(`${page}?lang=en`));
    number = /RRA-\d{4}-\d{6}/.exec(html)?.[0] ?? '';
    code = /[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(html.replace(/RRA-\d{4}-\d{6}/g, ''))?.[0] ?? '';
    contentSha256 = /[0-9a-f]{64}/.exec(html)?.[0] ?? '';
    assert.ok(number && code && contentSha256, 'the page shows number, check code and content hash');
    assert.match(html, /Nuri City/, 'issued by the city of the registered address');
    assert.match(html, new RegExp(`href="/gov24/certificates/${id}/pdf"`));

    const download = await kim.request(`${page}/pdf`);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'application/pdf');
    assert.match(download.headers.get('content-disposition') ?? '', new RegExp(`${number}\\.pdf`));
    const pdf = new Uint8Array(await download.arrayBuffer());
    pdfFile = path.join(dir, `${number}.pdf`);
    fs.writeFileSync(pdfFile, pdf);
    const again = new Uint8Array(await (await kim.request(`${page}/pdf`)).arrayBuffer());
    assert.deepEqual(again, pdf, 'the sealed file is kept byte for byte');

    // What it says, with the holder's Korean name in an embedded font.
    const printed = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    for (const expected of ['주민등록표 초본', 'Resident registration abstract', '김민준', '1990-03-15', number, code, contentSha256, '/gov24/verify?number=']) {
      assert.ok(printed.includes(expected), `the PDF shows ${expected}`);
    }
    // The QR code is an image on the page.
    assert.match(execFileSync('pdfimages', ['-list', pdfFile], { encoding: 'utf8' }), /\n\s*1\s+\d+\s+image/);

    // The log receipt inside it names the issue and the content hash, nothing personal.
    const receipt = (await extractReceipt(pdf)) as { entry: { type: string; refs: Record<string, string> } };
    assert.equal(receipt.entry.type, 'gov24.certificate-issued');
    assert.equal(receipt.entry.refs.certificateNumber, number);
    assert.equal(receipt.entry.refs.sha256, `sha256:${contentSha256}`);
    assert.ok(!JSON.stringify(receipt.entry).includes('김민준'));
  });

  test('pdfsig validates the agency seal against the platform root', async () => {
    const nss = path.join(dir, 'nss');
    fs.mkdirSync(nss);
    const root = path.join(dir, 'root.pem');
    fs.writeFileSync(root, (await nara.kernel.pki.trustedRoots())[0]!.toString('pem'));
    execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'nara-root', '-t', 'C,C,C', '-i', root]);
    const run = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, pdfFile], { encoding: 'utf8' });
    const report = `${run.stdout}${run.stderr}`;
    assert.match(report, /Signature Validation: Signature is Valid\./, report);
    assert.match(report, /Certificate Validation: Certificate is Trusted\./, report);
    assert.match(report, /Signer Certificate Common Name: Nuri City \(agency seal\)/);
  });

  test('nara verify pdf checks the seal, the chain and the embedded receipt offline', async () => {
    const root = path.join(dir, 'root.pem');
    const logKey = (await text(nara.app.request('/.well-known/nara/log-key'))).trim();
    let out = '';
    const io = { out: (s: string) => void (out += `${s}\n`), err: (s: string) => void (out += `${s}\n`) };
    const code = await runVerify(['pdf', pdfFile, '--trust', root, '--log-key', logKey], io);
    assert.equal(code, exitCodes.ok, out);
    assert.match(out, /signature valid/);
    assert.match(out, /receipt \(nara-receipt\.json\), verified/);

    const tampered = Buffer.from(fs.readFileSync(pdfFile));
    const at = tampered.indexOf(Buffer.from('/Producer'));
    tampered[at + 1] = 'p'.charCodeAt(0);
    const bad = path.join(dir, 'tampered.pdf');
    fs.writeFileSync(bad, tampered);
    assert.notEqual(await runVerify(['pdf', bad, '--trust', root, '--log-key', logKey], io), exitCodes.ok);
  });

  test('a stranger without an account verifies it by number and check code, on the page and the API', async () => {
    const page = await text(nara.app.request(`/gov24/verify?lang=en&number=${number}&code=${code.toLowerCase()}`));
    assert.match(page, /This certificate is authentic and valid\./);
    assert.match(page, /김\*준/, 'the name is masked');
    assert.ok(!page.includes('김민준'));
    assert.ok(page.includes(contentSha256));

    const api = await nara.app.request(`/api/v1/gov24/certificates/verify?number=${number}&code=${code}`);
    assert.equal(api.status, 200);
    const body = (await api.json()) as Record<string, unknown>;
    assert.equal(body.authentic, true);
    assert.equal(body.status, 'valid');
    assert.equal(body.contentSha256, contentSha256);
    assert.equal(body.holder, '김*준');
    assert.match(String(body.pdfSha256), /^[0-9a-f]{64}$/);

    const wrong = await nara.app.request(`/api/v1/gov24/certificates/verify?number=${number}&code=AAAA-AAAA`);
    assert.equal(wrong.status, 404);
    assert.equal(wrong.headers.get('content-type'), 'application/problem+json');
    assert.equal(((await wrong.json()) as { code: string }).code, 'certificate_not_found');
    const unknownPage = await nara.app.request(`/gov24/verify?lang=en&number=RRA-2026-999999&code=${code}`);
    assert.equal(unknownPage.status, 404);
    assert.match(await unknownPage.text(), /No certificate has this issue number and check code/);
    const empty = await nara.app.request('/gov24/verify?lang=en&number=&code=x');
    assert.equal(empty.status, 422);
    assert.match(await empty.text(), /Enter the issue number/);
    assert.equal((await nara.app.request('/api/v1/gov24/certificates/verify?number=x')).status, 422);
  });

  test('another citizen cannot see, download or revoke it', async () => {
    const lee = await as(otherCitizen);
    assert.equal((await lee.request(certificatePage, { headers: { accept: 'application/json' } })).status, 404);
    assert.equal((await lee.request(`${certificatePage}/pdf`, { headers: { accept: 'application/json' } })).status, 404);
    assert.equal((await lee.postForm(`${certificatePage}/revoke`)).status, 404);
    assert.equal((await nara.app.request(certificatePage)).status, 303, 'signed out: sign in first');
  });

  test('the holder revokes it; verification then says revoked, and the log records it', async () => {
    const kim = await as(citizen);
    const res = await kim.postForm(`${certificatePage}/revoke`);
    assert.equal(res.status, 303);
    assert.match(await text(kim.request(`${location(res)}&lang=en`)), /Certificate revoked/);
    assert.match(await text(nara.app.request(`/gov24/verify?lang=en&number=${number}&code=${code}`)), /authentic but was revoked on/);
    const body = (await (await nara.app.request(`/api/v1/gov24/certificates/verify?number=${number}&code=${code}`)).json()) as { status: string; revokedAt: string };
    assert.equal(body.status, 'revoked');
    assert.ok(body.revokedAt);
    assert.equal((await kim.postForm(`${certificatePage}/revoke`)).status, 409);
    await nara.kernel.transparencyLog.sequenceOnce();
    const entries = (await nara.kernel.transparencyLog.listEntries(1, 50)).entries.map((e) => new TextDecoder().decode(e.entry));
    assert.ok(entries.some((e) => e.includes('gov24.certificate-revoked') && e.includes(number)), 'the revocation is in the log');
  });

  test('a tax payment certificate is refused while tax is overdue, with the reason, and issued otherwise', async () => {
    const facts = gov24Facts(nara.kernel);
    const citizens = (await nara.kernel.identity.listPeopleWithRole('citizen', 40)).map((p) => p.id);
    const nts = (await nara.kernel.identity.listOrganisations()).find((o) => o.code === 'NTS')!.id;
    // What the National Tax Service's register says, read the way the certificate reads it.
    const status = async (id: string) =>
      (await fetchConsentedFacts(facts, { personId: id, agencyId: nts, serviceCode: 'test', serviceName: 'test', applicationId: `test-${id}`, items: ['tax.paymentStatus'] }))['tax.paymentStatus'];
    let inArrears: string | undefined;
    let clear: string | undefined;
    for (const id of citizens) {
      if (!inArrears && (await status(id)) === 'arrears') inArrears = id;
      if (!clear && (await status(id)) === 'no-arrears') clear = id;
    }
    assert.ok(inArrears && clear, 'the demo has both');
    const refused = await (await as(inArrears)).postForm('/gov24/certificates?lang=en', { kind: 'tax-payment' });
    assert.equal(refused.status, 409);
    assert.match(await refused.text(), /records overdue tax for you/);
    const issued = await issue(await as(clear), 'tax-payment');
    assert.match(await text((await as(clear)).request(`${issued.page}?lang=ko`)), /TPC-\d{4}-\d{6}/);
    const badKind = await (await as(clear)).postForm('/gov24/certificates?lang=en', { kind: 'passport' });
    assert.equal(badKind.status, 409);
    assert.match(await badKind.text(), /Choose a certificate from the list/);
  });

  test('the public verification pages pass axe', async () => {
    await expectPagesAxeClean(nara.app, [
      '/gov24/verify?lang=en',
      `/gov24/verify?lang=en&number=${number}&code=${code}`,
      `/gov24/verify?lang=ko&number=${number}&code=${code}`,
      '/gov24/verify?lang=en&number=RRA-2026-999999&code=AAAA-AAAA',
      '/gov24/verify?lang=en&number=&code=',
    ]);
  });
});
