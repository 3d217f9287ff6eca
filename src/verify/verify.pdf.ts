/**
 * `nara verify pdf <file>`: the PAdES signature (kernel/trust/signing/pades.ts), its chain to the
 * --trust roots, revocation from the --crl files at the signing time, and, when the PDF carries
 * one (pdf.receipt.ts), its transparency-log receipt.
 */
import fs from 'node:fs';
import type { Revocation } from '../kernel/trust/pki/revocation.crl.js';
import type { x509 } from '../kernel/trust/pki/x509.js';
import { verifyPdfSignature, type PdfSignatureFailure } from '../kernel/trust/signing/pades.js';
import { extractReceipt, RECEIPT_ATTACHMENT } from './pdf.receipt.js';
import { VerifyFailure, type ExitClass } from './verify.errors.js';
import { embeddedCertificates, loadRevocations, loadTrustRoots } from './verify.pki-inputs.js';
import { checkReceipt, describeReceipt, type Printer } from './verify.receipt.js';

export interface PdfCheckOptions {
  file: string;
  /** PEM or DER files of the roots to trust; none means the chain's own root is used and said so. */
  trust: readonly string[];
  /** CRL files or http(s) URLs. */
  crl: readonly string[];
  logKey?: string;
  now: Date;
}

const FAILURES: Record<Exclude<PdfSignatureFailure, 'certificate_revoked'>, [ExitClass, string]> = {
  no_signature: ['failed', 'The PDF has no signature.'],
  malformed: ['failed', 'The PDF’s signature is malformed (its /ByteRange, /Contents or CMS cannot be read as PAdES).'],
  modified_after_signing: ['failed', 'Bytes were added to the PDF after it was signed: what you have is not what was signed.'],
  digest_mismatch: ['failed', 'The PDF was changed after it was signed: its contents no longer match the signature.'],
  missing_signing_certificate: ['failed', 'The signature does not carry (or bind) the signer’s certificate.'],
  bad_signature: ['failed', 'The signature value does not verify with the signer’s certificate: it was forged or damaged.'],
  signed_in_future: ['failed', 'The signature claims a signing time in the future.'],
  expired: ['failed', 'A certificate in the chain had expired when the signature was made.'],
  not_yet_valid: ['failed', 'A certificate in the chain was not yet valid when the signature was made.'],
  wrong_key_usage: ['failed', 'A certificate in the chain is not allowed to sign documents (or to issue certificates).'],
  chain_bad_signature: ['failed', 'A certificate in the chain is not validly signed by its issuer.'],
  unknown_issuer: ['untrusted', 'The signer’s certificate chain does not lead to a root you trust.'],
};

export async function verifyPdf(options: PdfCheckOptions, print: Printer): Promise<void> {
  const pdf = readPdf(options.file);
  const embedded = embeddedCertificates(pdf);
  const roots = loadTrustRoots(options.trust);
  const anchors = roots.length > 0 ? roots : embedded.filter((c) => c.subject === c.issuer);
  print(`PDF ${options.file}`);
  const revocations = await loadRevocations(options.crl, [...embedded, ...roots], options.now, print);
  const result = await verifyPdfSignature(pdf, anchors, { now: options.now, revocations });
  if (!result.ok) {
    if (result.reason === 'certificate_revoked') throw revokedFailure(result.revokedAt, revocations, embedded);
    const [exitClass, message] = FAILURES[result.reason];
    const hint = result.reason === 'unknown_issuer' && roots.length === 0 ? ' Without --trust, the chain must end in a self-signed root; pass the root with --trust.' : '';
    throw new VerifyFailure(exitClass, `${message}${hint}`);
  }
  print(`  signature valid: signed by ${result.signerName} on ${result.signedAt.toISOString()}`);
  print(`  chain: ${result.chain.map((c) => c.subject).join(' <- ')}`);
  print(roots.length > 0
    ? '  the chain ends in a root you trust (--trust)'
    : '  WARNING: the chain was NOT checked against a trusted root (no --trust): it only ends in its own self-signed root');
  print(options.crl.length > 0
    ? `  not revoked at signing time, per ${options.crl.length} CRL(s)`
    : '  revocation NOT checked (no --crl given)');
  await verifyEmbeddedReceipt(pdf, options.logKey, print);
}

function readPdf(file: string): Uint8Array {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new VerifyFailure('usage', `Cannot read the PDF ${file}: ${(error as Error).message}.`);
  }
}

function revokedFailure(revokedAt: Date | undefined, revocations: readonly Revocation[], chain: readonly x509.X509Certificate[]): VerifyFailure {
  const hit = revocations.find((r) => r.revokedAt.getTime() === revokedAt?.getTime() &&
    chain.some((c) => c.issuer === r.issuer && c.serialNumber.toLowerCase() === r.serialNumber));
  const who = hit ? chain.find((c) => c.issuer === hit.issuer && c.serialNumber.toLowerCase() === hit.serialNumber) : undefined;
  return new VerifyFailure(
    'revoked',
    `Certificate revoked: ${who?.subject ?? 'a certificate in the chain'}${hit ? ` (serial ${hit.serialNumber})` : ''} was revoked on ` +
      `${revokedAt?.toISOString() ?? 'an earlier date'}${hit ? ` for reason ${hit.reason}` : ''}, before this signature was made. The signature does not count.`,
  );
}

async function verifyEmbeddedReceipt(pdf: Uint8Array, logKey: string | undefined, print: Printer): Promise<void> {
  const receipt = await extractReceipt(pdf);
  if (receipt === undefined) {
    print('  carries no transparency-log receipt');
    return;
  }
  if (!logKey) {
    throw new VerifyFailure('usage', `The PDF carries a transparency-log receipt (${RECEIPT_ATTACHMENT}); pass the log's key with --log-key to verify it.`);
  }
  const verified = checkReceipt(receipt, logKey);
  print(`  carries a transparency-log receipt (${RECEIPT_ATTACHMENT}), verified:`);
  for (const line of describeReceipt(verified)) print(`  ${line}`);
}
