/**
 * How a PDF carries a Nara transparency-log receipt: as an embedded file (ISO 32000 §7.11.4, in
 * the catalog's /Names /EmbeddedFiles tree) named `nara-receipt.json`, holding the receipt JSON
 * (kernel/trust/tlog/receipt.ts) with MIME type application/json. PDF readers list it as an
 * attachment, so a person can save it and run `nara verify receipt` on it too.
 *
 * Attach before signing: the PAdES signature then covers the receipt, and `nara verify pdf`
 * refuses any byte added after the signature, so the receipt cannot be swapped later.
 */
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } from 'pdf-lib';
import type { Receipt } from '../kernel/trust/tlog/receipt.js';
import { VerifyFailure } from './verify.errors.js';

/** The attachment name that marks a Nara log receipt. */
export const RECEIPT_ATTACHMENT = 'nara-receipt.json';
/** Name trees are shallow; this bounds a malicious /Kids loop. */
const MAX_TREE_DEPTH = 16;

/** Returns `pdf` with the receipt attached (the whole file is rewritten; sign afterwards). */
export async function attachReceipt(pdf: Uint8Array, receipt: Receipt): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  await doc.attach(new TextEncoder().encode(JSON.stringify(receipt)), RECEIPT_ATTACHMENT, {
    mimeType: 'application/json',
    description: 'Nara transparency log receipt: verify with `nara verify receipt`',
  });
  return doc.save({ useObjectStreams: false });
}

/** The receipt JSON the PDF carries (parsed, not verified), or `undefined` when it carries none. */
export async function extractReceipt(pdf: Uint8Array): Promise<unknown> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (error) {
    throw new VerifyFailure('usage', `The file is not a readable PDF (${(error as Error).message}).`);
  }
  const tree = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const found = tree ? namedFiles(tree, 0).filter(([name]) => name === RECEIPT_ATTACHMENT) : [];
  if (found.length === 0) return undefined;
  if (found.length > 1) throw new VerifyFailure('failed', `The PDF carries ${found.length} attachments named ${RECEIPT_ATTACHMENT}; which one counts is ambiguous.`);
  const stream = found[0]![1].lookupMaybe(PDFName.of('EF'), PDFDict)?.lookup(PDFName.of('F'));
  if (!(stream instanceof PDFRawStream)) throw new VerifyFailure('failed', `The ${RECEIPT_ATTACHMENT} attachment has no embedded file stream.`);
  const text = new TextDecoder().decode(decodePDFRawStream(stream).decode());
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new VerifyFailure('failed', `The ${RECEIPT_ATTACHMENT} attachment is not JSON.`);
  }
}

/** (name, file specification) pairs of a name tree, leaves and kids alike. */
function namedFiles(node: PDFDict, depth: number): [string, PDFDict][] {
  if (depth > MAX_TREE_DEPTH) throw new VerifyFailure('failed', 'The PDF’s attachment tree is too deep.');
  const out: [string, PDFDict][] = [];
  const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
  for (let i = 0; names && i + 1 < names.size(); i += 2) {
    const key = names.lookup(i);
    const spec = names.lookup(i + 1);
    if ((key instanceof PDFString || key instanceof PDFHexString) && spec instanceof PDFDict) out.push([key.decodeText(), spec]);
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  for (let i = 0; kids && i < kids.size(); i++) {
    const kid = kids.lookup(i);
    if (kid instanceof PDFDict) out.push(...namedFiles(kid, depth + 1));
  }
  return out;
}
