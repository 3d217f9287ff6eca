import { PDFDocument } from 'pdf-lib';
import type { Receipt } from '../tlog/receipt.js';

/**
 * How a PDF carries a Nara transparency-log receipt: as an embedded file (ISO 32000 §7.11.4, in
 * the catalog's /Names /EmbeddedFiles tree) named `nara-receipt.json`, holding the receipt JSON
 * (tlog/receipt.ts) with MIME type application/json. PDF readers list it as an attachment, so a
 * person can save it and run `nara verify receipt` on it too. `nara verify pdf` reads it back
 * (src/verify/pdf.receipt.ts).
 *
 * Attach before signing: the PAdES signature then covers the receipt, and `nara verify pdf`
 * refuses any byte added after the signature, so the receipt cannot be swapped later.
 */
export const RECEIPT_ATTACHMENT = 'nara-receipt.json';

/** Returns `pdf` with the receipt attached (the whole file is rewritten; sign afterwards). */
export async function attachReceipt(pdf: Uint8Array, receipt: Receipt): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  await doc.attach(new TextEncoder().encode(JSON.stringify(receipt)), RECEIPT_ATTACHMENT, {
    mimeType: 'application/json',
    description: 'Nara transparency log receipt: verify with `nara verify receipt`',
  });
  return doc.save({ useObjectStreams: false });
}
