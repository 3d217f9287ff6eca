/**
 * Removing metadata from files attached to a filing before they are stored (ADR 0011): camera
 * EXIF (with GPS position and serial numbers), XMP, IPTC, comments and text chunks from images,
 * and the document information dictionary and XMP stream from PDFs. The pixels and pages are
 * copied untouched, so the file still opens. The type is read from the bytes, never the name.
 */
import { PDFDocument, PDFName, PDFRef, type PDFDict } from 'pdf-lib';

export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** The type a file really is, from its first bytes; null for anything not accepted. */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | null {
  const starts = (offset: number, ...sig: number[]) => sig.every((b, i) => bytes[offset + i] === b);
  if (starts(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0, 0x52, 0x49, 0x46, 0x46) && starts(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  if (starts(0, 0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  return null;
}

/** Thrown when a file claims a type but its structure is broken; the upload is refused. */
export class UnreadableFileError extends Error {}

const ascii = (bytes: Uint8Array, start: number, length: number) => String.fromCharCode(...bytes.subarray(start, start + length));

/**
 * JPEG: keeps the JFIF header (APP0), an ICC colour profile (APP2 ICC_PROFILE) and the Adobe
 * marker (APP14, needed to decode CMYK), and drops every other APPn segment (EXIF and XMP in
 * APP1, IPTC in APP13, maker data) and comments. From the start of scan on, bytes are copied.
 */
export function stripJpeg(bytes: Uint8Array): Uint8Array {
  const out: Uint8Array[] = [bytes.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw new UnreadableFileError('JPEG marker expected');
    const marker = bytes[at + 1]!;
    if (marker === 0xff) { at++; continue; } // fill byte
    if (marker === 0xd9) break;
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const end = at + 2 + length;
    if (length < 2 || end > bytes.length) throw new UnreadableFileError('JPEG segment overruns the file');
    const isApp = marker >= 0xe0 && marker <= 0xef;
    const keep =
      !isApp && marker !== 0xfe
        ? true
        : (marker === 0xe0 && ascii(bytes, at + 4, 5) === 'JFIF\0') ||
          (marker === 0xe2 && ascii(bytes, at + 4, 12) === 'ICC_PROFILE\0') ||
          (marker === 0xee && ascii(bytes, at + 4, 5) === 'Adobe');
    if (marker === 0xda) {
      out.push(bytes.subarray(at)); // start of scan: the image data and the rest, as they are
      return concat(out);
    }
    if (keep) out.push(bytes.subarray(at, end));
    at = end;
  }
  throw new UnreadableFileError('JPEG without image data');
}

const PNG_DROPPED = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

/** PNG: drops the text chunks (tEXt, zTXt, iTXt), EXIF (eXIf) and the modification time (tIME). */
export function stripPng(bytes: Uint8Array): Uint8Array {
  const out: Uint8Array[] = [bytes.subarray(0, 8)];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const type = ascii(bytes, at + 4, 4);
    const end = at + 12 + length;
    if (end > bytes.length) throw new UnreadableFileError('PNG chunk overruns the file');
    if (!PNG_DROPPED.has(type)) out.push(bytes.subarray(at, end));
    at = end;
    if (type === 'IEND') return concat(out);
  }
  throw new UnreadableFileError('PNG without its end chunk');
}

/** WebP: drops the EXIF and XMP chunks and clears their flags in the extended header (VP8X). */
export function stripWebp(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: Uint8Array[] = [];
  let at = 12;
  while (at + 8 <= bytes.length) {
    const type = ascii(bytes, at, 4);
    const size = view.getUint32(at + 4, true);
    const end = at + 8 + size + (size % 2); // chunks are padded to an even size
    if (at + 8 + size > bytes.length) throw new UnreadableFileError('WebP chunk overruns the file');
    if (type === 'VP8X') {
      const header = bytes.slice(at, Math.min(end, bytes.length));
      header[8] = header[8]! & ~(0x08 | 0x04); // the EXIF and XMP flags
      chunks.push(header);
    } else if (type !== 'EXIF' && type !== 'XMP ') {
      chunks.push(bytes.subarray(at, Math.min(end, bytes.length)));
    }
    at = end;
  }
  const body = concat(chunks);
  const head = new Uint8Array(12);
  head.set(bytes.subarray(0, 12));
  new DataView(head.buffer).setUint32(4, body.length + 4, true);
  return concat([head, body]);
}

/**
 * PDF: removes the document information dictionary (author, title, software, dates) and the
 * XMP metadata streams of the catalogue and the pages, then writes the file again without
 * object streams and without pdf-lib adding its own producer entry.
 */
export async function stripPdf(bytes: Uint8Array): Promise<Uint8Array> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: false });
  } catch (error) {
    throw new UnreadableFileError(`PDF could not be read: ${(error as Error).message}`);
  }
  const { context } = doc;
  const dropRef = (value: unknown) => {
    if (value instanceof PDFRef) context.delete(value);
  };
  dropRef(context.trailerInfo.Info);
  context.trailerInfo.Info = undefined;
  const holders: PDFDict[] = [doc.catalog, ...doc.getPages().map((p) => p.node)];
  for (const dict of holders) {
    for (const key of ['Metadata', 'PieceInfo']) {
      const name = PDFName.of(key);
      dropRef(dict.get(name));
      dict.delete(name);
    }
  }
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false });
}

/** The file with its metadata removed, or an UnreadableFileError when it is not what it claims. */
export async function stripMetadata(type: AttachmentType, bytes: Uint8Array): Promise<Uint8Array> {
  switch (type) {
    case 'image/jpeg': return stripJpeg(bytes);
    case 'image/png': return stripPng(bytes);
    case 'image/webp': return stripWebp(bytes);
    case 'application/pdf': return stripPdf(bytes);
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
