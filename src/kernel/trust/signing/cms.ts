import { createHash, createPublicKey, verify } from 'node:crypto';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  CMSVersion,
  ContentInfo,
  DigestAlgorithmIdentifier,
  DigestAlgorithmIdentifiers,
  EncapsulatedContentInfo,
  id_contentType,
  id_data,
  id_messageDigest,
  id_signedData,
  IssuerAndSerialNumber,
  SignatureAlgorithmIdentifier,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { x509 } from '../pki/x509.js';
import { derElementLength, integer, objectIdentifier, octetString, sequence, sortDerSet, tlv } from './der.js';
import type { Signer } from './signer.js';

/**
 * CAdES detached signatures (CMS SignedData without encapsulated content) as PAdES baseline B-B
 * needs them (ETSI EN 319 122-1 / 319 142-1): signed attributes content-type (id-data),
 * message-digest, and ESS signing-certificate-v2 binding the signer's certificate; no
 * signing-time attribute (PAdES puts the claimed time in the signature dictionary's /M instead);
 * the whole chain in `certificates`. Built with @peculiar/asn1-cms (same ASN.1 stack as
 * @peculiar/x509); the signature comes from the Signer port as DER ECDSA.
 */
export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
export const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';
export const OID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';

export async function signCadesDetached(p: {
  signer: Signer;
  /** Signer's certificate first, then its CA(s). */
  chain: readonly x509.X509Certificate[];
  /** SHA-256 of the signed content (for a PDF, of its ByteRange). */
  contentDigest: Uint8Array;
}): Promise<Uint8Array> {
  if (p.signer.algorithm !== 'ES256') throw new Error('CAdES signatures use ECDSA P-256 (ES256) signers.');
  const certs = p.chain.map((c) => AsnConvert.parse(c.rawData, Certificate));
  const leaf = certs[0];
  if (!leaf) throw new Error('A CAdES signature needs the signer’s certificate.');
  const attrs = sortDerSet(
    [
      attribute(id_contentType, objectIdentifier(id_data)),
      attribute(id_messageDigest, octetString(p.contentDigest)),
      attribute(OID_SIGNING_CERTIFICATE_V2, signingCertificateV2(leaf)),
    ],
    (a) => new Uint8Array(AsnConvert.serialize(a)),
  );
  const signature = await p.signer.sign(signedAttributesDer(attrs), 'der');
  const signerInfo = new SignerInfo({
    version: CMSVersion.v1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: leaf.tbsCertificate.issuer, serialNumber: leaf.tbsCertificate.serialNumber }),
    }),
    digestAlgorithm: new DigestAlgorithmIdentifier({ algorithm: OID_SHA256 }),
    signedAttrs: attrs,
    signatureAlgorithm: new SignatureAlgorithmIdentifier({ algorithm: OID_ECDSA_SHA256 }),
    signature: new OctetString(signature),
  });
  const signedData = new SignedData({
    version: CMSVersion.v1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([new DigestAlgorithmIdentifier({ algorithm: OID_SHA256 })]),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: id_data }),
    certificates: new CertificateSet(
      sortDerSet(certs, (c) => new Uint8Array(AsnConvert.serialize(c))).map((certificate) => new CertificateChoices({ certificate })),
    ),
    signerInfos: new SignerInfos([signerInfo]),
  });
  const info = new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signedData) });
  return new Uint8Array(AsnConvert.serialize(info));
}

export type CadesCheck =
  | { ok: true; signer: x509.X509Certificate; certificates: x509.X509Certificate[] }
  | { ok: false; reason: 'malformed' | 'digest_mismatch' | 'missing_signing_certificate' | 'bad_signature' };

/** Checks a detached CAdES signature over content with SHA-256 `contentDigest` (not the chain). */
export function checkCadesDetached(der: Uint8Array, contentDigest: Uint8Array): CadesCheck {
  let signedData: SignedData;
  try {
    const info = AsnConvert.parse(der.subarray(0, derElementLength(der)), ContentInfo);
    if (info.contentType !== id_signedData) return { ok: false, reason: 'malformed' };
    signedData = AsnConvert.parse(info.content, SignedData);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const signerInfo = signedData.signerInfos[0];
  const sid = signerInfo?.sid.issuerAndSerialNumber;
  if (signedData.signerInfos.length !== 1 || !signerInfo?.signedAttrs || !sid) {
    return { ok: false, reason: 'malformed' };
  }
  const certs = (signedData.certificates ?? []).flatMap((c) => (c.certificate ? [c.certificate] : []));
  const leaf = certs.find((c) => sameBytes(c.tbsCertificate.serialNumber, sid.serialNumber) &&
    sameBytes(AsnConvert.serialize(c.tbsCertificate.issuer), AsnConvert.serialize(sid.issuer)));
  if (!leaf) return { ok: false, reason: 'missing_signing_certificate' };
  const values = (oid: string) => signerInfo.signedAttrs!.filter((a) => a.attrType === oid).flatMap((a) => a.attrValues);
  const [contentType] = values(id_contentType);
  const [digest] = values(id_messageDigest);
  const [essCert] = values(OID_SIGNING_CERTIFICATE_V2);
  if (!contentType || !sameBytes(contentType, objectIdentifier(id_data))) return { ok: false, reason: 'malformed' };
  if (signerInfo.digestAlgorithm.algorithm !== OID_SHA256 || !digest || !sameBytes(digest, octetString(contentDigest))) {
    return { ok: false, reason: 'digest_mismatch' };
  }
  if (!essCert || !sameBytes(essCert, signingCertificateV2(leaf))) return { ok: false, reason: 'missing_signing_certificate' };
  const leafDer = AsnConvert.serialize(leaf);
  // Signed over as a DER SET OF, carried as [0] IMPLICIT. asn1-schema keeps no raw bytes for
  // repeated fields, so re-encode in received order: exact for DER input, which CMS requires here.
  const signedAttrs = signedAttributesDer(signerInfo.signedAttrs);
  const key = createPublicKey({ key: Buffer.from(AsnConvert.serialize(leaf.tbsCertificate.subjectPublicKeyInfo)), format: 'der', type: 'spki' });
  const isEcdsa = signerInfo.signatureAlgorithm.algorithm === OID_ECDSA_SHA256;
  if (!isEcdsa || !verify('sha256', signedAttrs, { key, dsaEncoding: 'der' }, Buffer.from(signerInfo.signature.buffer))) {
    return { ok: false, reason: 'bad_signature' };
  }
  return {
    ok: true,
    signer: new x509.X509Certificate(leafDer),
    certificates: certs.map((c) => new x509.X509Certificate(AsnConvert.serialize(c))),
  };
}

function attribute(oid: string, value: Uint8Array): Attribute {
  return new Attribute({ attrType: oid, attrValues: [value.slice().buffer] });
}

function signedAttributesDer(attrs: Attribute[]): Uint8Array {
  return tlv(0x31, ...attrs.map((a) => new Uint8Array(AsnConvert.serialize(a))));
}

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } (RFC 5035), one ESSCertIDv2
 * { certHash = SHA-256 of the certificate (default algorithm, so omitted), issuerSerial }.
 */
function signingCertificateV2(cert: Certificate): Uint8Array {
  const der = new Uint8Array(AsnConvert.serialize(cert));
  const certHash = octetString(createHash('sha256').update(der).digest());
  const issuerName = new Uint8Array(AsnConvert.serialize(cert.tbsCertificate.issuer));
  const generalNames = sequence(tlv(0xa4, issuerName)); // directoryName [4], explicit: Name is a CHOICE
  const issuerSerial = sequence(generalNames, integer(new Uint8Array(cert.tbsCertificate.serialNumber)));
  return sequence(sequence(sequence(certHash, issuerSerial)));
}

function sameBytes(a: ArrayBuffer | Uint8Array, b: ArrayBuffer | Uint8Array): boolean {
  return Buffer.from(a instanceof Uint8Array ? a : new Uint8Array(a)).equals(Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)));
}
