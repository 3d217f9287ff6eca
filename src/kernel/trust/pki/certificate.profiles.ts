import { randomBytes, type KeyObject } from 'node:crypto';
import { x509 } from './x509.js';
import type { Signer } from '../signing/signer.js';
import { signingParams } from './x509.crypto.js';

/**
 * Nara's X.509 hierarchy: a self-signed platform root, one CA per agency under it (pathLen 0), and
 * end-entity certificates for officials, agency systems and businesses. Every function is pure:
 * times come from the caller (the kernel clock), keys from the key store, storage is a later step.
 */

/** A CA ready to issue: its id (used in CRL and certificate URLs), certificate and signing key. */
export interface CertificateAuthority {
  id: string;
  certificate: x509.X509Certificate;
  signer: Signer;
}

export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

/** Stable public URLs a relying party follows to find a CA's CRL and certificate. */
export const crlUrl = (publicUrl: string, caId: string) => `${publicUrl}/pki/crl/${caId}.crl`;
export const caCertificateUrl = (publicUrl: string, caId: string) => `${publicUrl}/pki/ca/${caId}.crt`;

const OID_SERIAL_NUMBER = '2.5.4.5';
const OID_SKI = '2.5.29.14';
const OID_AKI = '2.5.29.35';
const OID_CRL_DP = '2.5.29.31';
const OID_AIA = '1.3.6.1.5.5.7.1.1';
const signingUsages = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
const caUsages = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign;

export function validityFor(start: Date, days: number): Validity {
  return { notBefore: start, notAfter: new Date(start.getTime() + days * 86_400_000) };
}

/** A random positive 128-bit serial, hex. */
export function newSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}

export async function createRootCa(p: { id: string; commonName: string; signer: Signer; validity: Validity }): Promise<CertificateAuthority> {
  const name = new x509.Name([{ C: ['KR'] }, { O: ['Nara'] }, { CN: [p.commonName] }]);
  const certificate = await issue({
    subject: name,
    issuerName: name,
    publicKey: p.signer.publicKey,
    signer: p.signer,
    validity: p.validity,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(caUsages, true)],
  });
  return { id: p.id, certificate, signer: p.signer };
}

export async function issueAgencyCa(
  root: CertificateAuthority,
  p: { id: string; agencyName: string; signer: Signer; validity: Validity; publicUrl: string },
): Promise<CertificateAuthority> {
  const subject = new x509.Name([{ C: ['KR'] }, { O: ['Nara'] }, { OU: [p.agencyName] }, { CN: [`${p.agencyName} CA`] }]);
  const certificate = await issueBy(root, p.publicUrl, {
    subject,
    publicKey: p.signer.publicKey,
    validity: p.validity,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(caUsages, true)],
  });
  return { id: p.id, certificate, signer: p.signer };
}

interface LeafRequest {
  publicKey: KeyObject;
  validity: Validity;
  publicUrl: string;
}

/** An official's document-signing certificate: name plus agency in the subject. */
export function issueOfficialCertificate(ca: CertificateAuthority, p: LeafRequest & { name: string; agencyName: string }) {
  const subject = new x509.Name([{ C: ['KR'] }, { O: [p.agencyName] }, { CN: [p.name] }]);
  return issueBy(ca, p.publicUrl, {
    subject,
    publicKey: p.publicKey,
    validity: p.validity,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(signingUsages, true)],
  });
}

/** An agency system or server: TLS server and client authentication for its DNS names. */
export function issueSystemCertificate(ca: CertificateAuthority, p: LeafRequest & { systemName: string; agencyName: string; dnsNames: string[] }) {
  const subject = new x509.Name([{ C: ['KR'] }, { O: [p.agencyName] }, { CN: [p.systemName] }]);
  return issueBy(ca, p.publicUrl, {
    subject,
    publicKey: p.publicKey,
    validity: p.validity,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension(p.dnsNames.map((value) => ({ type: 'dns' as const, value }))),
    ],
  });
}

/**
 * An agency's seal (an electronic seal in eIDAS terms): the agency itself signs documents it
 * issues. Document signing only (digitalSignature + nonRepudiation, no TLS usages), so PDF
 * validators such as poppler's pdfsig accept it for signatures.
 */
export function issueSealCertificate(ca: CertificateAuthority, p: LeafRequest & { agencyName: string }) {
  const subject = new x509.Name([{ C: ['KR'] }, { O: [p.agencyName] }, { CN: [`${p.agencyName} (agency seal)`] }]);
  return issueBy(ca, p.publicUrl, {
    subject,
    publicKey: p.publicKey,
    validity: p.validity,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(signingUsages, true)],
  });
}

/** A business or vendor (bids, contracts): the business registration number is the subject serialNumber. */
export function issueBusinessCertificate(ca: CertificateAuthority, p: LeafRequest & { businessName: string; registrationNumber: string }) {
  const subject = new x509.Name([{ C: ['KR'] }, { O: [p.businessName] }, { CN: [p.businessName] }, { [OID_SERIAL_NUMBER]: [p.registrationNumber] }]);
  return issueBy(ca, p.publicUrl, {
    subject,
    publicKey: p.publicKey,
    validity: p.validity,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(signingUsages, true)],
  });
}

/**
 * Renewal: a new serial and validity for the same subject and profile, optionally for a new key.
 * Extensions are carried over except the key identifiers and URLs, which are recomputed.
 */
export function renewCertificate(
  ca: CertificateAuthority,
  previous: x509.X509Certificate,
  p: { validity: Validity; publicUrl: string; publicKey?: KeyObject },
) {
  const dropped = new Set([OID_SKI, OID_AKI, OID_CRL_DP, OID_AIA]);
  return issueBy(ca, p.publicUrl, {
    subject: previous.subjectName,
    publicKey: p.publicKey ?? previous.publicKey.rawData,
    validity: p.validity,
    extensions: previous.extensions.filter((e) => !dropped.has(e.type)),
  });
}

interface IssueRequest {
  subject: x509.Name;
  publicKey: KeyObject | ArrayBuffer;
  validity: Validity;
  extensions: x509.Extension[];
}

async function issueBy(ca: CertificateAuthority, publicUrl: string, req: IssueRequest): Promise<x509.X509Certificate> {
  const caKeyId = ca.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  if (!caKeyId) throw new Error(`CA ${ca.id} has no subject key identifier.`);
  return issue({
    ...req,
    issuerName: ca.certificate.subjectName,
    signer: ca.signer,
    extensions: [
      ...req.extensions,
      new x509.AuthorityKeyIdentifierExtension(caKeyId),
      new x509.CRLDistributionPointsExtension([crlUrl(publicUrl, ca.id)]),
      new x509.AuthorityInfoAccessExtension({ caIssuers: [new x509.GeneralName('url', caCertificateUrl(publicUrl, ca.id))] }),
    ],
  });
}

async function issue(req: IssueRequest & { issuerName: x509.Name; signer: Signer }): Promise<x509.X509Certificate> {
  const spki =
    req.publicKey instanceof ArrayBuffer ? req.publicKey : bufferOf(req.publicKey.export({ type: 'spki', format: 'der' }));
  const { signingKey, signingAlgorithm, crypto } = signingParams(req.signer);
  return x509.X509CertificateGenerator.create(
    {
      serialNumber: newSerialNumber(),
      subject: req.subject,
      issuer: req.issuerName,
      notBefore: req.validity.notBefore,
      notAfter: req.validity.notAfter,
      publicKey: spki,
      signingKey,
      signingAlgorithm,
      extensions: [await x509.SubjectKeyIdentifierExtension.create(spki), ...req.extensions],
    },
    crypto,
  );
}

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}
