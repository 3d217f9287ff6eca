import { PDFArray, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString, StandardFonts, type PDFFont } from 'pdf-lib';

/**
 * PDF building for signing: simple documents, and the signature field + /Sig dictionary with
 * fixed-size placeholders that `pades.ts` fills. The whole file is rewritten (no incremental
 * update), so the signature's /ByteRange covers everything but /Contents.
 */

/** Bytes reserved for the DER CMS in /Contents: the chain of three certificates needs about 2 KB. */
export const DEFAULT_CONTENTS_BYTES = 16_384;
const BYTE_RANGE_PLACEHOLDER = '/**********';

export async function makeSimplePdf(title: string, lines: readonly string[], options: { createdAt: Date }): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(title);
  doc.setProducer('Nara');
  doc.setCreationDate(options.createdAt);
  doc.setModificationDate(options.createdAt);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const margin = 56;
  let page = doc.addPage([595.28, 841.89]); // A4
  let y = page.getHeight() - margin;
  page.drawText(title, { x: margin, y: (y -= 18), size: 18, font: bold });
  y -= 14;
  for (const line of lines.flatMap((l) => wrap(l, font, 11, page.getWidth() - 2 * margin))) {
    if (y < margin + 14) {
      page = doc.addPage([595.28, 841.89]);
      y = page.getHeight() - margin;
    }
    page.drawText(line, { x: margin, y: (y -= 15), size: 11, font });
  }
  return doc.save({ useObjectStreams: false });
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    const next = current ? `${current} ${word}` : word;
    if (current && font.widthOfTextAtSize(next, size) > width) {
      out.push(current);
      current = word;
    } else current = next;
  }
  out.push(current);
  return out;
}

export interface SignatureFieldOptions {
  signerName: string;
  reason?: string;
  location?: string;
  /** Claimed signing time, written as /M (PAdES keeps signing-time out of the CMS). */
  signedAt: Date;
  contentsBytes?: number;
}

/** Adds an invisible signature field on page 1 whose /V is a PAdES /Sig dictionary with placeholders. */
export async function addSignaturePlaceholder(pdf: Uint8Array, options: SignatureFieldOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const ctx = doc.context;
  const size = options.contentsBytes ?? DEFAULT_CONTENTS_BYTES;
  const byteRange = PDFArray.withContext(ctx);
  byteRange.push(PDFNumber.of(0));
  for (let i = 0; i < 3; i++) byteRange.push(PDFName.of(BYTE_RANGE_PLACEHOLDER.slice(1)));
  const sig = ctx.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'ETSI.CAdES.detached',
    ByteRange: byteRange,
    Contents: PDFHexString.of('0'.repeat(size * 2)),
    Name: PDFString.of(options.signerName),
    M: PDFString.of(pdfDate(options.signedAt)),
    ...(options.reason ? { Reason: PDFString.of(options.reason) } : {}),
    ...(options.location ? { Location: PDFString.of(options.location) } : {}),
  });
  const page = doc.getPage(0);
  const fieldCount = doc.getForm().getFields().length;
  const widget = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      Rect: [0, 0, 0, 0],
      V: ctx.register(sig),
      T: PDFString.of(`Signature${fieldCount + 1}`),
      F: 4,
      P: page.ref,
    }),
  );
  page.node.addAnnot(widget);
  const acroForm = doc.getForm().acroForm;
  acroForm.addField(widget);
  acroForm.dict.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  return doc.save({ useObjectStreams: false });
}

/** Where the placeholders ended up in the saved bytes. */
export function locatePlaceholders(pdf: Uint8Array): { byteRangeStart: number; byteRangeEnd: number; contentsStart: number; contentsEnd: number } {
  const text = Buffer.from(pdf).toString('latin1');
  const byteRangeStart = text.indexOf(`[ 0 ${BYTE_RANGE_PLACEHOLDER}`);
  const byteRangeEnd = text.indexOf(']', byteRangeStart) + 1;
  const contentsStart = text.indexOf('/Contents <', byteRangeEnd) + '/Contents '.length;
  const contentsEnd = text.indexOf('>', contentsStart) + 1;
  if (byteRangeStart < 0 || contentsStart < '/Contents '.length) throw new Error('The PDF has no signature placeholder.');
  return { byteRangeStart, byteRangeEnd, contentsStart, contentsEnd };
}

/** PDF date string (ISO 32000-1 §7.9.4), always in UTC. */
export function pdfDate(date: Date): string {
  return `D:${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

export function parsePdfDate(value: string): Date | undefined {
  const m = /^D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(Z|[+-]\d\d'?\d\d'?)?/.exec(value);
  if (!m) return undefined;
  const zone = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, '').slice(3, 5)}`;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
