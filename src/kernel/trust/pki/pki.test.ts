import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { x509 } from './x509.js';
import {
  crlUrl,
  issueBusinessCertificate,
  issueOfficialCertificate,
  issueSystemCertificate,
  renewCertificate,
  validityFor,
} from './certificate.profiles.js';
import { verifyChain } from './chain.verify.js';
import { revocationOf } from './revocation.crl.js';
import { createTestHierarchy, PUBLIC_URL, T0 } from './pki.fixture.js';

describe('PKI hierarchy', () => {
  it('issues root, agency CA and an official whose chain validates', async () => {
    const h = await createTestHierarchy();
    const leaf = h.official.certificate;
    assert.equal(await h.root.certificate.isSelfSigned(), true);
    assert.equal(h.agency.certificate.getExtension(x509.BasicConstraintsExtension)?.pathLength, 0);
    const ku = leaf.getExtension(x509.KeyUsagesExtension)!.usages;
    assert.ok(ku & x509.KeyUsageFlags.digitalSignature && ku & x509.KeyUsageFlags.nonRepudiation);
    assert.match(leaf.subject, /CN=Kim Minji/);
    assert.match(leaf.subject, /O=Ministry of the Interior and Safety/);
    const aki = leaf.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;
    assert.equal(aki, h.agency.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId);
    const cdp = leaf.getExtension(x509.CRLDistributionPointsExtension)!;
    assert.equal(cdp.distributionPoints[0]?.distributionPoint?.fullName?.[0]?.uniformResourceIdentifier, crlUrl(PUBLIC_URL, 'mois'));
    assert.equal(leaf.getExtension(x509.AuthorityInfoAccessExtension)?.caIssuers[0]?.value, `${PUBLIC_URL}/pki/ca/mois.crt`);
    const result = await verifyChain(leaf, [h.agency.certificate], [h.root.certificate], { at: T0, purpose: 'signing' });
    assert.equal(result.ok, true);
    assert.equal(result.ok && result.chain.length, 3);
  });

  it('issues system and business certificates with their profiles', async () => {
    const h = await createTestHierarchy();
    const key = await h.keyStore.createKey('ES256');
    const system = await issueSystemCertificate(h.agency, {
      systemName: 'Records API', agencyName: 'MOIS', dnsNames: ['records.mois.go.kr'],
      publicKey: key.publicKey, validity: validityFor(T0, 90), publicUrl: PUBLIC_URL,
    });
    assert.deepEqual(system.getExtension(x509.SubjectAlternativeNameExtension)?.names.items.map((n) => n.value), ['records.mois.go.kr']);
    const roots = [h.root.certificate];
    assert.equal((await verifyChain(system, [h.agency.certificate], roots, { at: T0, purpose: 'serverAuth' })).ok, true);
    const wrongUse = await verifyChain(system, [h.agency.certificate], roots, { at: T0, purpose: 'signing' });
    assert.equal(wrongUse.ok, true, 'digitalSignature alone still counts as signing');
    const business = await issueBusinessCertificate(h.agency, {
      businessName: 'Hanbit Construction', registrationNumber: '123-45-67890',
      publicKey: (await h.keyStore.createKey('EdDSA')).publicKey, validity: validityFor(T0, 365), publicUrl: PUBLIC_URL,
    });
    assert.match(business.subject, /2\.5\.4\.5=123-45-67890|serialNumber=123-45-67890/);
    assert.equal((await verifyChain(business, [h.agency.certificate], roots, { at: T0, purpose: 'signing' })).ok, true);
    const serverUse = await verifyChain(business, [h.agency.certificate], roots, { at: T0, purpose: 'serverAuth' });
    assert.deepEqual(serverUse.ok ? null : serverUse.reason, 'wrong_key_usage');
  });

  it('reports unknown issuer, bad signature, expiry and not-yet-valid', async () => {
    const h = await createTestHierarchy();
    const other = await createTestHierarchy();
    const leaf = h.official.certificate;
    const reason = async (p: Promise<{ ok: boolean; reason?: string }>) => (await p).reason;
    assert.equal(await reason(verifyChain(leaf, [], [h.root.certificate], { at: T0 })), 'unknown_issuer');
    assert.equal(await reason(verifyChain(leaf, [other.agency.certificate], [other.root.certificate], { at: T0 })), 'unknown_issuer');
    // Issued by a CA with the same name as ours but another key: not our CA.
    const impostor = await issueOfficialCertificate(other.agency, {
      name: 'Kim Minji', agencyName: 'MOIS', publicKey: h.official.signer.publicKey, validity: validityFor(T0, 30), publicUrl: PUBLIC_URL,
    });
    assert.equal(impostor.issuer, h.agency.certificate.subject);
    assert.equal(await reason(verifyChain(impostor, [h.agency.certificate], [h.root.certificate], { at: T0 })), 'unknown_issuer');
    // Our CA's certificate with one byte of its signature changed.
    const der = new Uint8Array(leaf.rawData);
    der[der.length - 1]! ^= 0x01;
    const tampered = new x509.X509Certificate(der);
    assert.equal(await reason(verifyChain(tampered, [h.agency.certificate], [h.root.certificate], { at: T0 })), 'bad_signature');
    const chain = [[h.agency.certificate], [h.root.certificate]] as const;
    assert.equal(await reason(verifyChain(leaf, ...chain, { at: new Date('2028-01-01T00:00:00Z') })), 'expired');
    assert.equal(await reason(verifyChain(leaf, ...chain, { at: new Date('2026-01-15T00:00:00Z') })), 'not_yet_valid');
    // A leaf cannot act as a CA.
    const underLeaf = await issueOfficialCertificate(
      { id: 'x', certificate: leaf, signer: h.official.signer },
      { name: 'Nobody', agencyName: 'MOIS', publicKey: h.official.signer.publicKey, validity: validityFor(T0, 30), publicUrl: PUBLIC_URL },
    );
    assert.equal(await reason(verifyChain(underLeaf, [leaf, h.agency.certificate], [h.root.certificate], { at: T0 })), 'wrong_key_usage');
  });

  it('reports a revoked certificate with its revocation time, and not before it', async () => {
    const h = await createTestHierarchy();
    const revokedAt = new Date('2026-03-10T00:00:00Z');
    const revocations = [revocationOf(h.official.certificate, revokedAt, 'keyCompromise')];
    const chain = [h.official.certificate, [h.agency.certificate], [h.root.certificate]] as const;
    const after = await verifyChain(...chain, { at: new Date('2026-03-11T00:00:00Z'), revocations });
    assert.equal(after.ok, false);
    assert.equal(!after.ok && after.reason, 'revoked');
    assert.deepEqual(!after.ok && after.revokedAt, revokedAt);
    assert.equal(!after.ok && after.revocationReason, 'keyCompromise');
    assert.equal((await verifyChain(...chain, { at: T0, revocations })).ok, true);
  });

  it('renews with a new serial and the same subject, optionally a new key', async () => {
    const h = await createTestHierarchy();
    const old = h.official.certificate;
    const sameKey = await renewCertificate(h.agency, old, { validity: validityFor(T0, 365), publicUrl: PUBLIC_URL });
    assert.equal(sameKey.subject, old.subject);
    assert.notEqual(sameKey.serialNumber, old.serialNumber);
    assert.deepEqual(new Uint8Array(sameKey.publicKey.rawData), new Uint8Array(old.publicKey.rawData));
    const newKey = await h.keyStore.createKey('ES256');
    const rekeyed = await renewCertificate(h.agency, old, { validity: validityFor(T0, 365), publicUrl: PUBLIC_URL, publicKey: newKey.publicKey });
    assert.notDeepEqual(new Uint8Array(rekeyed.publicKey.rawData), new Uint8Array(old.publicKey.rawData));
    assert.equal(rekeyed.extensions.filter((e) => e.type === '2.5.29.14').length, 1);
    assert.equal((await verifyChain(rekeyed, [h.agency.certificate], [h.root.certificate], { at: T0, purpose: 'signing' })).ok, true);
  });
});
