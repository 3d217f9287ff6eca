/**
 * Reads the transparency-log receipt a PDF carries as its `nara-receipt.json` attachment (how it
 * is attached: kernel/trust/signing/pdf.receipt-attachment.ts).
 */
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } from 'pdf-lib';
import { RECEIPT_ATTACHMENT } from '../kernel/trust/signing/pdf.receipt-attachment.js';
import { VerifyFailure } from './verify.errors.js';


export { attachReceipt, RECEIPT_ATTACHMENT } from '../kernel/trust/signing/pdf.receipt-attachment.js';

/** Name trees are shallow; this bounds a malicious /Kids loop. */
const MAX_TREE_DEPTH = 16;

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
