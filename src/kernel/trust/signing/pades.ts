import { createHash } from 'node:crypto';
import { verifyChain, type ChainFailureReason } from '../pki/chain.verify.js';
import type { Revocation } from '../pki/revocation.crl.js';
import type { x509 } from '../pki/x509.js';
import { checkCadesDetached, signCadesDetached } from './cms.js';
import { addSignaturePlaceholder, locatePlaceholders, parsePdfDate, type SignatureFieldOptions } from './pdf.js';
import type { Signer } from './signer.js';

/**
 * PAdES baseline B-B (ETSI EN 319 142-1): a /Sig dictionary with /SubFilter /ETSI.CAdES.detached
 * whose /Contents is a detached CAdES signature over the /ByteRange (the whole file except
 * /Contents), with the signer's chain embedded. Checked by poppler's `pdfsig` in the tests.
 */
export interface PadesSignOptions extends Omit<SignatureFieldOptions, 'signerName'> {
  /** Signer's certificate first, then the agency CA, then the root. */
  chain: readonly x509.X509Certificate[];
}

export async function signPdf(pdf: Uint8Array, signer: Signer, options: PadesSignOptions): Promise<Uint8Array> {
  const leaf = options.chain[0];
  if (!leaf) throw new Error('Signing a PDF needs the signer’s certificate.');
  const signerName = /CN=([^,]+)/.exec(leaf.subject)?.[1] ?? leaf.subject;
  const prepared = Buffer.from(await addSignaturePlaceholder(pdf, { ...options, signerName }));
  const at = locatePlaceholders(prepared);
  const ranges = [0, at.contentsStart, at.contentsEnd, prepared.length - at.contentsEnd] as const;
  const byteRange = `[0 ${ranges[1]} ${ranges[2]} ${ranges[3]}]`.padEnd(at.byteRangeEnd - at.byteRangeStart, ' ');
  if (byteRange.length !== at.byteRangeEnd - at.byteRangeStart) throw new Error('The /ByteRange placeholder is too small.');
  prepared.write(byteRange, at.byteRangeStart, 'latin1');
  const digest = createHash('sha256')
    .update(prepared.subarray(0, ranges[1]))
    .update(prepared.subarray(ranges[2]))
    .digest();
  const cms = Buffer.from(await signCadesDetached({ signer, chain: options.chain, contentDigest: digest })).toString('hex');
  const room = at.contentsEnd - at.contentsStart - 2;
  if (cms.length > room) throw new Error(`The signature needs ${cms.length / 2} bytes; /Contents has ${room / 2}.`);
  prepared.write(cms.padEnd(room, '0'), at.contentsStart + 1, 'latin1');
  return new Uint8Array(prepared);
}

export type PdfSignatureFailure =
  | 'no_signature'
  | 'malformed'
  | 'modified_after_signing'
  | 'digest_mismatch'
  | 'missing_signing_certificate'
  | 'bad_signature'
  | 'signed_in_future'
  | 'certificate_revoked'
  | Exclude<ChainFailureReason, 'revoked' | 'bad_signature'>
  | 'chain_bad_signature';

export type PdfSignatureVerification =
  | { ok: true; signer: x509.X509Certificate; signerName: string; signedAt: Date; chain: x509.X509Certificate[] }
  | { ok: false; reason: PdfSignatureFailure; revokedAt?: Date };

export interface PdfVerifyOptions {
  now: Date;
  revocations?: readonly Revocation[];
}

/**
 * Verifies the last signature of a PDF: ByteRange shape and coverage, the CAdES signature and its
 * signed attributes, then the chain to `trustedRoots` and revocation at the claimed time (/M).
 */
export async function verifyPdfSignature(
  pdf: Uint8Array,
  trustedRoots: readonly x509.X509Certificate[],
  options: PdfVerifyOptions,
): Promise<PdfSignatureVerification> {
  const bytes = Buffer.from(pdf);
  const text = bytes.toString('latin1');
  const matches = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = matches.at(-1);
  if (!last) return { ok: false, reason: 'no_signature' };
  const [a, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number];
  if (a !== 0 || b >= c || c + d > bytes.length || text[b] !== '<' || text[c - 1] !== '>') return { ok: false, reason: 'malformed' };
  if (c + d !== bytes.length) return { ok: false, reason: 'modified_after_signing' };
  const hex = text.slice(b + 1, c - 1);
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) return { ok: false, reason: 'malformed' };
  const dictionary = signatureDictionary(text, last.index);
  if (!/\/SubFilter\s*\/ETSI\.CAdES\.detached/.test(dictionary)) return { ok: false, reason: 'malformed' };
  const signedAt = parsePdfDate(/\/M\s*\((D:[^)]*)\)/.exec(dictionary)?.[1] ?? '') ?? options.now;
  const digest = createHash('sha256').update(bytes.subarray(0, b)).update(bytes.subarray(c, c + d)).digest();
  const cades = checkCadesDetached(Buffer.from(hex, 'hex'), digest);
  if (!cades.ok) return cades;
  if (signedAt > options.now) return { ok: false, reason: 'signed_in_future' };
  const intermediates = cades.certificates.filter((cert) => cert !== cades.signer);
  const chain = await verifyChain(cades.signer, intermediates, trustedRoots, {
    at: signedAt,
    revocations: options.revocations ?? [],
    purpose: 'signing',
  });
  if (!chain.ok) {
    if (chain.reason === 'revoked') return { ok: false, reason: 'certificate_revoked', revokedAt: chain.revokedAt! };
    return { ok: false, reason: chain.reason === 'bad_signature' ? 'chain_bad_signature' : chain.reason };
  }
  const signerName = /CN=([^,]+)/.exec(cades.signer.subject)?.[1] ?? cades.signer.subject;
  return { ok: true, signer: cades.signer, signerName, signedAt, chain: chain.chain };
}

/** The text of the indirect object holding the signature dictionary (inside the signed bytes). */
function signatureDictionary(text: string, byteRangeAt: number): string {
  const start = text.lastIndexOf(' obj', byteRangeAt);
  const end = text.indexOf('endobj', byteRangeAt);
  return text.slice(start < 0 ? 0 : start, end < 0 ? text.length : end);
}
