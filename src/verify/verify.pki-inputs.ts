/**
 * What `nara verify pdf` reads besides the PDF: trust roots (--trust), CRLs (--crl, file or URL),
 * and the certificates the PDF's signature embeds (to find a CRL's issuer and, without --trust,
 * the chain's own root).
 */
import fs from 'node:fs';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import { DomainError } from '../kernel/http/errors.js';
import { revocationsFromCrl, type Revocation } from '../kernel/trust/pki/revocation.crl.js';
import { x509 } from '../kernel/trust/pki/x509.js';
import { derElementLength } from '../kernel/trust/signing/der.js';
import { VerifyFailure } from './verify.errors.js';
import { fetchBytes } from './verify.fetch.js';
import type { Printer } from './verify.receipt.js';

function readFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new VerifyFailure('usage', `Cannot read the ${what} ${file}: ${(error as Error).message}.`);
  }
}

/** PEM blocks (any label) or one DER object. */
function derObjects(bytes: Uint8Array): ArrayBuffer[] {
  const text = Buffer.from(bytes).toString('latin1');
  if (text.includes('-----BEGIN')) return x509.PemConverter.decode(text);
  return [new Uint8Array(bytes).buffer];
}

/** Every certificate in the --trust files (PEM with one or more certificates, or DER). */
export function loadTrustRoots(files: readonly string[]): x509.X509Certificate[] {
  return files.flatMap((file) => {
    try {
      return derObjects(readFile(file, 'trust root')).map((der) => new x509.X509Certificate(der));
    } catch (error) {
      if (error instanceof VerifyFailure) throw error;
      throw new VerifyFailure('usage', `The trust root ${file} is not a certificate (PEM or DER).`);
    }
  });
}

/** The certificates in the last signature's CMS; empty when there is none or it cannot be parsed (the verifier says why). */
export function embeddedCertificates(pdf: Uint8Array): x509.X509Certificate[] {
  const text = Buffer.from(pdf).toString('latin1');
  const last = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].at(-1);
  if (!last) return [];
  try {
    const der = Buffer.from(text.slice(Number(last[2]) + 1, Number(last[3]) - 1), 'hex');
    const info = AsnConvert.parse(der.subarray(0, derElementLength(der)), ContentInfo);
    const signedData = AsnConvert.parse(info.content, SignedData);
    return (signedData.certificates ?? []).flatMap((c) => (c.certificate ? [new x509.X509Certificate(AsnConvert.serialize(c.certificate))] : []));
  } catch {
    return [];
  }
}

async function readCrl(source: string): Promise<x509.X509Crl> {
  const bytes = /^https?:\/\//.test(source) ? (await fetchBytes(source))! : readFile(source, 'CRL');
  try {
    return new x509.X509Crl(derObjects(bytes)[0]!);
  } catch {
    throw new VerifyFailure('usage', `The CRL ${source} is not a CRL (PEM or DER).`);
  }
}

/** Revocations from each CRL, after checking each is signed by its issuer among `certificates`. */
export async function loadRevocations(
  sources: readonly string[],
  certificates: readonly x509.X509Certificate[],
  now: Date,
  print: Printer,
): Promise<Revocation[]> {
  const out: Revocation[] = [];
  for (const source of sources) {
    const crl = await readCrl(source);
    const issuer = certificates.find((c) => c.subject === crl.issuer);
    if (!issuer) {
      throw new VerifyFailure('usage', `The CRL ${source} is issued by ${crl.issuer}, which is not in the PDF's certificate chain or your --trust roots.`);
    }
    try {
      out.push(...(await revocationsFromCrl(crl, issuer)));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new VerifyFailure('untrusted', `The CRL ${source} is not signed by ${issuer.subject}: it is forged or from another CA.`);
    }
    if (crl.nextUpdate && crl.nextUpdate < now) {
      print(`  note: the CRL ${source} was due to be replaced on ${crl.nextUpdate.toISOString()}; a newer one may list more revocations`);
    }
  }
  return out;
}
