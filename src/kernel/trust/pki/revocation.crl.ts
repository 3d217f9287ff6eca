import { x509 } from './x509.js';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber } from '@peculiar/asn1-x509';
import { DomainError } from '../../http/errors.js';
import type { CertificateAuthority } from './certificate.profiles.js';
import { signingParams } from './x509.crypto.js';

/** RFC 5280 CRLReason names (value 7 is unused by the standard). */
export const revocationReasons = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  privilegeWithdrawn: 9,
} as const;
export type RevocationReason = keyof typeof revocationReasons;

/** One revoked certificate, as the store keeps it and as a verified CRL yields it. */
export interface Revocation {
  /** Issuer distinguished name, as `X509Certificate.issuer` prints it. */
  issuer: string;
  /** Lower-case hex, as `X509Certificate.serialNumber` prints it. */
  serialNumber: string;
  revokedAt: Date;
  reason: RevocationReason;
}

export type CertificateStatus =
  | { status: 'good' }
  | { status: 'revoked'; revokedAt: Date; reason: RevocationReason };

/** Error code: a CRL's signature or issuer does not match the CA it claims to come from. */
export const CRL_INVALID = 'crl_invalid';

export function revocationOf(certificate: x509.X509Certificate, revokedAt: Date, reason: RevocationReason): Revocation {
  return { issuer: certificate.issuer, serialNumber: certificate.serialNumber.toLowerCase(), revokedAt, reason };
}

/** An X.509 v2 CRL of `ca`, signed through its Signer. `revocations` are this CA's only. */
export async function buildCrl(
  ca: CertificateAuthority,
  p: { revocations: readonly Revocation[]; thisUpdate: Date; nextUpdate: Date; crlNumber: bigint | number },
): Promise<x509.X509Crl> {
  const caKeyId = ca.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  if (!caKeyId) throw new Error(`CA ${ca.id} has no subject key identifier.`);
  const { signingKey, signingAlgorithm, crypto } = signingParams(ca.signer);
  const crlNumber = AsnConvert.serialize(new CRLNumber(Number(p.crlNumber)));
  return x509.X509CrlGenerator.create(
    {
      issuer: ca.certificate.subjectName,
      thisUpdate: p.thisUpdate,
      nextUpdate: p.nextUpdate,
      entries: p.revocations
        .filter((r) => r.issuer === ca.certificate.subject)
        .map((r) => ({ serialNumber: r.serialNumber, revocationDate: r.revokedAt, reason: revocationReasons[r.reason] })),
      extensions: [new x509.AuthorityKeyIdentifierExtension(caKeyId), new x509.Extension('2.5.29.20', false, crlNumber)],
      signingKey,
      signingAlgorithm,
    },
    crypto,
  );
}

/** RFC 7468 PEM ("X509 CRL", which openssl expects; @peculiar/x509 writes plain "CRL"). */
export function crlToPem(crl: x509.X509Crl): string {
  return x509.PemConverter.encode(crl.rawData, 'X509 CRL');
}

/** The revocations a CRL lists, after checking it was signed by `issuer`. */
export async function revocationsFromCrl(crl: x509.X509Crl, issuer: x509.X509Certificate): Promise<Revocation[]> {
  if (crl.issuer !== issuer.subject || !(await crl.verify({ publicKey: issuer.publicKey }))) {
    throw new DomainError(CRL_INVALID, 422, `The CRL is not signed by ${issuer.subject}.`);
  }
  return entriesOf(crl);
}

function entriesOf(crl: x509.X509Crl): Revocation[] {
  return crl.entries.map((e) => ({
    issuer: crl.issuer,
    serialNumber: e.serialNumber.toLowerCase(),
    revokedAt: e.revocationDate,
    reason: reasonName(e.reason),
  }));
}

/**
 * Revocation status of `certificate` at `at`. A certificate revoked later than `at` was good then:
 * that is what lets a signature made before a revocation keep verifying. A CRL passed here must
 * already be trusted (see `revocationsFromCrl` for checking its signature).
 */
export function certificateStatus(
  certificate: x509.X509Certificate,
  source: x509.X509Crl | readonly Revocation[],
  at: Date,
): CertificateStatus {
  const serial = certificate.serialNumber.toLowerCase();
  const entries = source instanceof x509.X509Crl ? entriesOf(source) : source;
  const hit = entries.find((r) => r.issuer === certificate.issuer && r.serialNumber === serial);
  if (!hit || hit.revokedAt.getTime() > at.getTime()) return { status: 'good' };
  return { status: 'revoked', revokedAt: hit.revokedAt, reason: hit.reason };
}

function reasonName(code: number | undefined): RevocationReason {
  const found = Object.entries(revocationReasons).find(([, v]) => v === code);
  return (found?.[0] as RevocationReason | undefined) ?? 'unspecified';
}
