import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import type { CertificateContent } from './gov24.tables.js';

/**
 * The certificate as a PDF: bilingual (Korean first, as the registries keep it), the issue number
 * and check code, the content hash, and a QR code of the verification address. Pretendard (SIL
 * Open Font License, from npm) is embedded as a subset so Hangul names print on any machine.
 * Sealing (PAdES) and the log receipt are added by the caller.
 */

const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('pretendard/package.json')), 'dist/public/static/alternative');
let fonts: { regular: Buffer; bold: Buffer } | undefined;
const fontBytes = () => (fonts ??= { regular: fs.readFileSync(path.join(fontDir, 'Pretendard-Regular.ttf')), bold: fs.readFileSync(path.join(fontDir, 'Pretendard-Bold.ttf')) });

export interface CertificateLabels {
  title: { ko: string; en: string };
  facts: Record<string, { ko: string; en: string }>;
  value(item: string, value: string): string;
}

export interface CertificatePdfInput {
  content: CertificateContent;
  contentSha256: string;
  checkCode: string;
  verifyUrl: string;
  labels: CertificateLabels;
}

const A4: [number, number] = [595.28, 841.89];
const INK = rgb(0.1, 0.1, 0.1);
const BRAND = rgb(0.043, 0.333, 0.388);

export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Uint8Array> {
  const { content, labels } = input;
  const issuedAt = new Date(content.issuedAt);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  doc.setTitle(`${labels.title.ko} / ${labels.title.en} ${content.number}`);
  doc.setSubject(content.number);
  doc.setProducer('Nara');
  doc.setCreator(content.issuer.nameEn);
  doc.setCreationDate(issuedAt);
  doc.setModificationDate(issuedAt);
  doc.setLanguage('ko-KR');
  const regular = await doc.embedFont(fontBytes().regular, { subset: true });
  const bold = await doc.embedFont(fontBytes().bold, { subset: true });
  const page = doc.addPage(A4);
  const margin = 56;
  const width = page.getWidth() - 2 * margin;
  let y = page.getHeight() - margin;

  page.drawRectangle({ x: margin, y: y - 4, width, height: 4, color: BRAND });
  y -= 36;
  page.drawText(labels.title.ko, { x: margin, y, size: 22, font: bold, color: INK });
  y -= 22;
  page.drawText(labels.title.en, { x: margin, y, size: 13, font: regular, color: INK });

  const qr = await doc.embedPng(await QRCode.toBuffer(input.verifyUrl, { errorCorrectionLevel: 'M', margin: 1, scale: 4 }));
  const qrSize = 96;
  page.drawImage(qr, { x: margin + width - qrSize, y: y - 8, width: qrSize, height: qrSize });

  y -= 40;
  const row = (label: string, value: string) => {
    page.drawText(label, { x: margin, y, size: 10, font: regular, color: rgb(0.3, 0.3, 0.3) });
    for (const line of wrap(value, bold, 11, width - 190)) {
      page.drawText(line, { x: margin + 190, y, size: 11, font: bold, color: INK });
      y -= 16;
    }
    y -= 6;
  };
  row('발급번호 / Issue number', content.number);
  row('확인번호 / Check code', input.checkCode);
  row('발급일시 / Issued (UTC)', `${issuedAt.toISOString().slice(0, 16).replace('T', ' ')}`);
  row('발급기관 / Issued by', `${content.issuer.nameKo} / ${content.issuer.nameEn}`);
  y -= 8;
  page.drawLine({ start: { x: margin, y: y + 6 }, end: { x: margin + width, y: y + 6 }, thickness: 0.5, color: rgb(0.7, 0.7, 0.7) });
  y -= 14;
  row('성명 / Name', content.holder.name);
  if (content.holder.birthDate) row('생년월일 / Date of birth', content.holder.birthDate);
  for (const [item, value] of Object.entries(content.facts)) {
    const label = labels.facts[item];
    if (label) row(`${label.ko} / ${label.en}`, labels.value(item, value));
  }
  y -= 18;
  for (const line of [
    `위 내용이 ${content.issuer.nameKo}의 공부(公簿)에 기록되어 있음을 증명합니다.`,
    `${content.issuer.nameEn} certifies that the above is recorded in its register.`,
  ]) {
    page.drawText(line, { x: margin, y, size: 11, font: regular, color: INK });
    y -= 17;
  }
  footer(page, regular, margin, width, input);
  return doc.save({ useObjectStreams: false });
}

function footer(page: PDFPage, font: PDFFont, margin: number, width: number, input: CertificatePdfInput) {
  let y = margin + 70;
  const lines = [
    `내용 해시 / Content SHA-256: ${input.contentSha256}`,
    `진위 확인 / Verify: ${input.verifyUrl}`,
    '이 문서는 발급기관의 전자서명(PAdES)으로 봉인되었으며, 투명성 로그 영수증(nara-receipt.json)이 첨부되어 있습니다.',
    'Sealed by the issuing agency (PAdES); the transparency-log receipt is attached (nara-receipt.json). Offline: nara verify pdf.',
  ];
  for (const line of lines) {
    for (const part of wrap(line, font, 8, width)) {
      page.drawText(part, { x: margin, y, size: 8, font, color: rgb(0.3, 0.3, 0.3) });
      y -= 11;
    }
  }
}

/** Breaks at spaces, or anywhere in a long unbroken run (hashes, addresses). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of text) {
    const next = current + ch;
    if (font.widthOfTextAtSize(next, size) <= width) {
      current = next;
      continue;
    }
    const cut = current.lastIndexOf(' ');
    if (cut > 0) {
      out.push(current.slice(0, cut));
      current = current.slice(cut + 1) + ch;
    } else {
      out.push(current);
      current = ch;
    }
  }
  if (current) out.push(current);
  return out;
}
