import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { SessionContext } from '../../src/kernel/http/context.js';
import { Browser, seedSmallWorld, type SmallWorld } from '../../src/kernel/identity/identity.test-support.js';
import { verifyChain } from '../../src/kernel/trust/pki/chain.verify.js';
import { revocationsFromCrl } from '../../src/kernel/trust/pki/revocation.crl.js';
import { x509 } from '../../src/kernel/trust/pki/x509.js';
import { signJsonCompact, verifyJws } from '../../src/kernel/trust/signing/jws.js';
import { makeSimplePdf } from '../../src/kernel/trust/signing/pdf.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { loadConfig } from '../../src/kernel/config/config.js';
import { openDatabase } from '../../src/kernel/db/database.js';
import { migrate } from '../../src/kernel/db/migrator.js';
import { createLogger } from '../../src/kernel/http/logger.js';
import { createKernel, migrationSourcesFor } from '../../src/kernel/kernel.js';
import { runPkiCli } from '../../src/kernel/trust/ca/ca.cli.js';
import { allModules } from '../../src/modules/index.js';

const HOUR = 3_600_000;

describe('PKI service, CRLs, status API and signing', () => {
  let nara: TestNara;
  let world: SmallWorld;
  before(async () => {
    nara = await createTestNara({ config: { demo: true } });
    world = await seedSmallWorld(nara.kernel);
  });
  after(() => nara.close());

  const sessionOf = (personId: string, authenticatedAt = nara.clock.now()): SessionContext => ({
    sessionId: 'ses_test',
    personId,
    displayName: personId,
    authenticatedAt,
    roles: [],
    officialOf: [],
    isDemo: false,
  });

  it('creates the platform root once, even when asked several times at once', async () => {
    const roots = await Promise.all([1, 2, 3].map(() => nara.kernel.pki.ensurePlatformRoot()));
    assert.equal(new Set(roots.map((r) => r.id)).size, 1);
    assert.equal((await nara.kernel.pki.ensurePlatformRoot()).id, roots[0]!.id);
    const cas = await nara.kernel.pki.listCas();
    assert.deepEqual(cas.map((ca) => ca.kind), ['root']);
    const keys = await sql<{ n: number }>`select count(*)::int as n from trust_key`.execute(nara.kernel.db);
    assert.equal(keys.rows[0]!.n, 1, 'the losers’ keys are deleted');
    const wrapped = await sql<{ k: Uint8Array }>`select wrapped_private_key as k from trust_key`.execute(nara.kernel.db);
    assert.equal(Buffer.from(wrapped.rows[0]!.k).subarray(0, 4).toString(), 'NKW1', 'stored only wrapped');
  });

  it('issues an agency CA and an official certificate whose chain verifies, and refuses non-officials', async () => {
    const pki = nara.kernel.pki;
    const cert = await pki.issueOfficialCertificate(world.officialA, world.province);
    assert.equal(cert.kind, 'official');
    assert.match(cert.subject, /O=Province A/);
    const { chain } = await pki.signerFor(world.officialA, world.province);
    assert.equal(chain.length, 3);
    const result = await verifyChain(chain[0]!, [chain[1]!], await pki.trustedRoots(), { at: nara.clock.now(), purpose: 'signing' });
    assert.equal(result.ok, true);
    await assert.rejects(pki.issueOfficialCertificate(world.citizen, world.province), { code: 'not_an_official' });
    await assert.rejects(pki.issueOfficialCertificate(world.officialA, world.business), { code: 'not_an_agency' });
    await assert.rejects(pki.issueSystemCertificate(world.province, ['not a name']), { code: 'validation_failed' });
    const system = await pki.issueSystemCertificate(world.province, ['records.province-a.go.kr']);
    const systemChain = [new x509.X509Certificate(new Uint8Array(await pki.certificateDer(system.serial))), chain[1]!];
    assert.equal((await verifyChain(systemChain[0]!, [systemChain[1]!], await pki.trustedRoots(), { at: nara.clock.now(), purpose: 'serverAuth' })).ok, true);
    const business = await pki.issueBusinessCertificate(world.vendor, world.business);
    assert.match(business.subject, /123-45-67890/);
    assert.notEqual(business.caId, cert.caId);
  });

  it('revokes: the CRL at the certificate’s URL lists it, the status API says so, later signatures fail', async () => {
    const pki = nara.kernel.pki;
    const cert = await pki.issueOfficialCertificate(world.officialB, world.otherProvince);
    const status = async () => nara.app.request(`/api/v1/pki/certificates/${cert.serial.toUpperCase()}/status`);
    assert.deepEqual((await (await status()).json()).status, 'good');

    const t0 = nara.clock.now();
    const decision = { type: 'permit.granted', permit: 'P-2026-0042' };
    const before = await pki.signing.signJson(sessionOf(world.officialB), decision);
    assert.equal(before.logEvent.type, 'signature.created');
    assert.equal(before.logEvent.agency, world.otherProvince);
    assert.equal(typeof before.logRecord, 'number', 'recorded in the transparency log');
    assert.equal(JSON.stringify(before.logEvent).includes(world.officialB), false, 'the signer appears only as a commitment');
    const held = await pki.signerFor(world.officialB);
    nara.clock.advance(2 * HOUR);
    const late = await signJsonCompact(decision, held.signer, { chain: held.chain, signedAt: nara.clock.now() });
    const revoked = await pki.revokeCertificate(cert.serial, 'keyCompromise', new Date(t0.getTime() + HOUR));
    assert.equal(revoked.status, 'revoked');

    const leaf = held.chain[0]!;
    const crlPath = new URL(leaf.getExtension(x509.CRLDistributionPointsExtension)!.distributionPoints[0]!.distributionPoint!.fullName![0]!.uniformResourceIdentifier!).pathname;
    const caPath = new URL(leaf.getExtension(x509.AuthorityInfoAccessExtension)!.caIssuers[0]!.value).pathname;
    const crlRes = await nara.app.request(crlPath);
    assert.equal(crlRes.status, 200);
    assert.equal(crlRes.headers.get('content-type'), 'application/pkix-crl');
    const caRes = await nara.app.request(caPath);
    assert.equal(caRes.headers.get('content-type'), 'application/pkix-cert');
    const caCert = new x509.X509Certificate(new Uint8Array(await caRes.arrayBuffer()));
    const crl = new x509.X509Crl(new Uint8Array(await crlRes.arrayBuffer()));
    const revocations = await revocationsFromCrl(crl, caCert);
    assert.deepEqual(revocations.map((r) => [r.serialNumber, r.reason]), [[cert.serial, 'keyCompromise']]);

    const answer = await (await status()).json();
    assert.deepEqual(answer, { ...answer, status: 'revoked', reason: 'keyCompromise', revokedAt: new Date(t0.getTime() + HOUR).toISOString() });
    const roots = await pki.trustedRoots();
    const now = nara.clock.now();
    assert.equal((await verifyJws(before.jws, roots, { now, revocations })).ok, true);
    assert.deepEqual(await verifyJws(late, roots, { now, revocations }), { ok: false, reason: 'certificate_revoked', revokedAt: new Date(t0.getTime() + HOUR) });
    assert.equal((await pki.verifyJson(late)).ok, false);
    await assert.rejects(pki.signing.signJson(sessionOf(world.officialB), decision), { code: 'no_signing_certificate' });
    await assert.rejects(pki.revokeCertificate(cert.serial, 'keyCompromise'), { code: 'certificate_already_revoked' });

    const unknown = await nara.app.request('/api/v1/pki/certificates/abcdef/status');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers.get('content-type'), 'application/problem+json');
    assert.equal((await nara.app.request('/api/v1/pki/certificates/not-hex/status')).status, 422);
    assert.equal((await nara.app.request('/pki/crl/nope.crl')).status, 404);
  });

  it('refuses to sign without a fresh re-authentication, and renews with a new key', async () => {
    const pki = nara.kernel.pki;
    const stale = sessionOf(world.officialA, new Date(nara.clock.now().getTime() - 301_000));
    await assert.rejects(pki.signing.signJson(stale, { a: 1 }), { code: 'reauthentication_required' });
    const old = await pki.signerFor(world.officialA, world.province);
    const renewed = await pki.renewCertificate(old.certificate.serial);
    assert.equal(renewed.renewedFrom, old.certificate.serial);
    assert.deepEqual((await pki.certificateStatus(old.certificate.serial)), { ...(await pki.certificateStatus(old.certificate.serial)), status: 'revoked', reason: 'superseded' });
    const current = await pki.signerFor(world.officialA, world.province);
    assert.equal(current.certificate.serial, renewed.serial);
    assert.notEqual(current.signer.keyId, old.signer.keyId);
  });

  it('signs a PDF that pdfsig validates against the platform root', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-pki-'));
    try {
      const nss = `sql:${path.join(dir, 'nss')}`;
      fs.mkdirSync(path.join(dir, 'nss'));
      fs.writeFileSync(path.join(dir, 'root.pem'), (await nara.kernel.pki.trustedRoots())[0]!.toString('pem'));
      execFileSync('certutil', ['-N', '-d', nss, '--empty-password']);
      execFileSync('certutil', ['-A', '-d', nss, '-n', 'nara-root', '-t', 'C,C,C', '-i', path.join(dir, 'root.pem')]);
      const pdf = await makeSimplePdf('Building permit', ['Province A grants building permit P-2026-0042.'], { createdAt: nara.clock.now() });
      const made = await nara.kernel.pki.signing.signPdf(sessionOf(world.officialA), pdf, { organisationId: world.province, reason: 'Approval' });
      fs.writeFileSync(path.join(dir, 'signed.pdf'), made.pdf);
      const run = spawnSync('pdfsig', ['-nssdir', nss, path.join(dir, 'signed.pdf')], { encoding: 'utf8' });
      const report = `${run.stdout}${run.stderr}`;
      assert.match(report, /Signature Validation: Signature is Valid\./);
      assert.match(report, /Certificate Validation: Certificate is Trusted\./);
      assert.match(report, /Signer Certificate Common Name: LeeJisoo/);
      assert.equal(made.logEvent.refs.documentSha256, `sha256:${made.documentSha256}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets an agency admin issue and revoke on the certificates page, after re-authentication, and only for their agency', async () => {
    const admin = new Browser(nara.app);
    await admin.signInAsDemo(world.adminA);
    const page = `/agencies/${world.province}/certificates`;
    const list = await admin.request(page);
    assert.equal(list.status, 200);
    const html = await list.text();
    assert.match(html, /Certificates of Province A/);
    assert.match(html, /name="_csrf"/);
    assert.match(html, /records\.province-a\.go\.kr/);
    assert.equal((await admin.request(`/agencies/${world.otherProvince}/certificates`)).status, 403);
    assert.equal((await admin.postForm(`/agencies/${world.otherProvince}/certificates`, { personId: world.officialB })).status, 403);
    assert.match(await (await admin.request(`/agencies/${world.province}/admin`)).text(), new RegExp(`href="${page}"`));

    const missing = await admin.postForm(page, { personId: '' });
    assert.equal(missing.status, 422);
    assert.match(await missing.text(), /govuk-error-summary/);
    const issued = await admin.postForm(page, { personId: world.adminA });
    assert.equal(issued.headers.get('location'), `${page}?done=issued`);
    const cert = (await nara.kernel.pki.listCertificates(world.province)).find((c) => c.personId === world.adminA)!;

    nara.clock.advance(10 * 60_000);
    const stale = await admin.request(`${page}/${cert.serial}/revoke`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: await admin.csrf(), reason: 'affiliationChanged' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', referer: `http://localhost${page}/${cert.serial}/revoke` },
    });
    assert.equal(stale.status, 303);
    assert.match(stale.headers.get('location')!, /^\/reauthenticate\?next=/);
    assert.equal((await nara.kernel.pki.certificateStatus(cert.serial)).status, 'good');

    const fresh = new Browser(nara.app);
    await fresh.signInAsDemo(world.adminA);
    assert.equal((await fresh.request(`${page}/${cert.serial}/revoke`)).status, 200);
    const revoked = await fresh.postForm(`${page}/${cert.serial}/revoke`, { reason: 'affiliationChanged' });
    assert.equal(revoked.headers.get('location'), `${page}?done=revoked`);
    assert.equal((await nara.kernel.pki.certificateStatus(cert.serial)).status, 'revoked');
    const platform = new Browser(nara.app);
    await platform.signInAsDemo(world.platformAdmin);
    assert.equal((await platform.request(page)).status, 200);
  });
});

describe('nara pki (CLI) on an embedded data folder', () => {
  it('issues and revokes a system certificate, and refuses with a reason', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-pki-cli-'));
    const env: NodeJS.ProcessEnv = { ...process.env, NARA_DATA_DIR: dir, NARA_DEMO: '0', NARA_ENV: 'development', NARA_LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    delete env.NARA_SECRET_KEY;
    const openKernel = async () => {
      const config = loadConfig(env);
      const database = await openDatabase(config);
      await migrate(database.db, migrationSourcesFor(allModules));
      return { kernel: createKernel({ config, database, modules: allModules, logger: createLogger('silent') }), database };
    };
    const nara = (...args: string[]) => spawnSync(process.execPath, ['bin/nara.mjs', 'pki', ...args], { env, encoding: 'utf8' });
    try {
      let { kernel, database } = await openKernel();
      const agency = await kernel.identity.createOrganisation({ kind: 'province', code: 'P-CLI', nameEn: 'Province CLI', nameKo: '클도' });
      await database.close();

      const issued = nara('issue', '--system', agency, '--dns', 'a.example', '--dns', 'b.example');
      assert.equal(issued.status, 0, issued.stderr);
      const serial = /Certificate ([0-9a-f]+) \(system\)/.exec(issued.stdout)?.[1];
      assert.ok(serial, issued.stdout);
      const revoked = nara('revoke', serial, '--reason', 'keyCompromise');
      assert.equal(revoked.status, 0, revoked.stderr);
      assert.match(revoked.stdout, /Revoked certificate/);

      ({ kernel, database } = await openKernel());
      try {
        assert.equal((await kernel.pki.certificateStatus(serial)).status, 'revoked');
        const cert = await kernel.pki.getCertificate(serial);
        const crl = new x509.X509Crl(new Uint8Array(await kernel.pki.crlDer(cert.caId)));
        assert.deepEqual(crl.entries.map((e) => e.serialNumber.toLowerCase()), [serial]);
        // Refusals (exit 1) and wrong usage (exit 2), in process: each spawn costs seconds.
        const lines: string[] = [];
        const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), writeBytes: () => undefined };
        const open = async () => ({ kernel, close: async () => undefined });
        assert.equal(await runPkiCli(['revoke', serial, '--reason', 'keyCompromise'], open, io), 1);
        assert.match(lines.at(-1)!, /Refused \(certificate_already_revoked\)/);
        assert.equal(await runPkiCli(['revoke', serial], open, io), 2);
        assert.equal(await runPkiCli(['issue', '--person', 'per_x'], open, io), 2);
      } finally {
        await database.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
