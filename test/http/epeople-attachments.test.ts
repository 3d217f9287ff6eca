import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { PDFDocument, PDFName } from 'pdf-lib';
import type { Browser as Chromium, Page } from 'playwright-core';
import { expectNoAxeViolations, launchBrowser, noScriptContext } from '../e2e/support/browser.js';
import { Browser } from '../../src/kernel/identity/identity.test-support.js';
import { DEMO_PERSONAS } from '../../src/seed/demo-personas.js';
import { seedDemoCountry } from '../../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { serveOnLoopback } from '../support/serve.js';

let nara: TestNara;
let chromium: Chromium;
let painter: Page;
const citizen = DEMO_PERSONAS.citizenKimMinJun.personId;
const neighbour = DEMO_PERSONAS.citizenLeeSeoYeon.personId;
const SECRETS = ['GPS-37.5665N', 'CAMERA-SN-0042', 'Kim Min-jun', 'SECRET-COMMENT', 'SECRET-XMP'];

const enc = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};
const hasText = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text));
const u32be = (n: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n); return b; };
const u32le = (n: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n, true); return b; };

/** A real image of `type`, drawn and encoded by Chromium. */
async function drawn(type: 'image/jpeg' | 'image/png' | 'image/webp'): Promise<Uint8Array> {
  const dataUrl = await painter.evaluate((t) => {
    const canvas = document.createElement('canvas');
    canvas.width = 40; canvas.height = 30;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#1d70b8'; g.fillRect(0, 0, 40, 30); g.fillStyle = '#ffdd00'; g.fillRect(10, 10, 20, 10);
    return canvas.toDataURL(t, 0.9);
  }, type);
  return new Uint8Array(Buffer.from(dataUrl.split(',')[1]!, 'base64'));
}

/** Whether Chromium decodes the bytes as an image, and its size. */
async function decodes(bytes: Uint8Array, type: string): Promise<{ width: number; height: number } | null> {
  return painter.evaluate(async ({ b64, t }) => {
    const img = new Image();
    img.src = `data:${t};base64,${b64}`;
    try { await img.decode(); return { width: img.naturalWidth, height: img.naturalHeight }; } catch { return null; }
  }, { b64: Buffer.from(bytes).toString('base64'), t: type });
}

function jpegWithMetadata(jpeg: Uint8Array): Uint8Array {
  const segment = (marker: number, payload: Uint8Array) => concat(new Uint8Array([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload);
  const exif = segment(0xe1, concat(enc('Exif\0\0MM\0*'), enc(' GPS-37.5665N CAMERA-SN-0042 ')));
  const xmp = segment(0xe1, enc('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>Kim Min-jun</dc:creator>SECRET-XMP</x:xmpmeta>'));
  const comment = segment(0xfe, enc('SECRET-COMMENT'));
  return concat(jpeg.subarray(0, 2), exif, xmp, comment, jpeg.subarray(2));
}

function pngWithMetadata(png: Uint8Array): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => concat(u32be(data.length), enc(type), data, u32be(crc32(concat(enc(type), data))));
  const iend = png.length - 12;
  return concat(
    png.subarray(0, iend),
    chunk('tEXt', enc('Author\0Kim Min-jun')),
    chunk('iTXt', enc('XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>SECRET-XMP</x:xmpmeta>')),
    chunk('eXIf', concat(enc('MM\0*'), enc('GPS-37.5665N CAMERA-SN-0042'))),
    chunk('tEXt', enc('Comment\0SECRET-COMMENT')),
    png.subarray(iend),
  );
}

/** The simple WebP Chromium writes, made extended (VP8X) with EXIF and XMP chunks. */
function webpWithMetadata(webp: Uint8Array, width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => concat(enc(type), u32le(data.length), data, data.length % 2 ? new Uint8Array(1) : new Uint8Array(0));
  const u24 = (n: number) => new Uint8Array([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff]);
  const isExtended = new TextDecoder().decode(webp.subarray(12, 16)) === 'VP8X';
  const images = webp.slice(12);
  if (isExtended) images[8] = images[8]! | 0x08 | 0x04; // already extended (e.g. with alpha): set the flags
  const vp8x = isExtended ? new Uint8Array(0) : chunk('VP8X', concat(new Uint8Array([0x08 | 0x04, 0, 0, 0]), u24(width - 1), u24(height - 1)));
  const body = concat(enc('WEBP'), vp8x, images, chunk('EXIF', enc('MM\0*GPS-37.5665N CAMERA-SN-0042')), chunk('XMP ', enc('<x:xmpmeta>Kim Min-jun SECRET-XMP SECRET-COMMENT</x:xmpmeta>')));
  return concat(enc('RIFF'), u32le(body.length), body);
}

async function pdfWithMetadata(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 100]).drawText('Broken streetlight', { x: 10, y: 50, size: 12 });
  doc.setAuthor('Kim Min-jun');
  doc.setTitle('SECRET-COMMENT');
  doc.setCreator('CAMERA-SN-0042');
  const xmp = doc.context.stream('<x:xmpmeta><dc:creator>Kim Min-jun</dc:creator>SECRET-XMP GPS-37.5665N</x:xmpmeta>', { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
  return doc.save({ useObjectStreams: false });
}

async function as(personId: string): Promise<Browser> {
  const browser = new Browser(nara.app);
  browser.cookies.set('nara_session', (await nara.kernel.identity.sessions.issueSession(personId)).token);
  return browser;
}

async function upload(browser: Browser, name: string, bytes: Uint8Array, type = 'application/octet-stream'): Promise<Response> {
  const form = new FormData();
  form.set('_csrf', await browser.csrf());
  form.set('file', new File([new Uint8Array(bytes)], name, { type }));
  return browser.request('/epeople/file/attachments?lang=en', { method: 'POST', body: form });
}

before(async () => {
  nara = await createTestNara();
  await seedDemoCountry(nara.kernel, { citizens: 10 });
  chromium = await launchBrowser();
  painter = await (await chromium.newContext()).newPage();
});
after(async () => {
  await chromium.close();
  await nara.close();
});

describe('e-People attachments: metadata removed before storage, type and size checked', () => {
  let caseId: string;
  const originals: Record<string, Uint8Array> = {};

  test('the fixtures carry their metadata and decode', async () => {
    const jpeg = await drawn('image/jpeg');
    const webp = await drawn('image/webp');
    originals['photo.jpg'] = jpegWithMetadata(jpeg);
    originals['plan.png'] = pngWithMetadata(await drawn('image/png'));
    originals['night.webp'] = webpWithMetadata(webp, 40, 30);
    originals['letter.pdf'] = await pdfWithMetadata();
    for (const [name, bytes] of Object.entries(originals)) {
      assert.ok(hasText(bytes, 'SECRET-XMP'), `${name} carries XMP`);
      if (!name.endsWith('.pdf')) assert.deepEqual(await decodes(bytes, name.endsWith('.jpg') ? 'image/jpeg' : name.endsWith('.png') ? 'image/png' : 'image/webp'), { width: 40, height: 30 }, `${name} decodes`);
    }
    assert.equal((await PDFDocument.load(originals['letter.pdf']!)).getAuthor(), 'Kim Min-jun');
  });

  test('files go through the filing journey; wrong types, oversize and broken files are refused', async () => {
    const browser = await as(citizen);
    for (const [step, fields] of [
      ['type', { type: 'grievance' }], ['agency', { agencyId: '' }], ['details', { title: 'Streetlight out', content: 'Dark for a week; photos attached.' }],
      ['location', { locationAddress: 'Nuri City' }], ['disclosure', { isPublic: 'no' }],
    ] as const) assert.equal((await browser.postForm(`/epeople/file/${step}`, fields)).status, 303);
    assert.match(await (await browser.request('/epeople/file/check?lang=en')).text(), /href="\/epeople\/file\/attachments"/);

    const text = await upload(browser, 'photo.jpg', enc('not really a photo'), 'image/jpeg');
    assert.equal(text.status, 422);
    assert.match(await text.text(), /must be a JPEG, PNG, WebP or PDF/);
    const big = await upload(browser, 'huge.png', concat(originals['plan.png']!.subarray(0, 8), new Uint8Array(820 * 1024)));
    assert.equal(big.status, 422);
    assert.match(await big.text(), /must be 800 KB or smaller/);
    const broken = await upload(browser, 'broken.png', originals['plan.png']!.subarray(0, 60));
    assert.equal(broken.status, 422);
    assert.match(await broken.text(), /damaged or is not what its type says/);
    const none = await upload(browser, 'empty.jpg', new Uint8Array(0));
    assert.equal(none.status, 422);
    assert.match(await none.text(), /Choose a file/);

    for (const [name, bytes] of Object.entries(originals)) assert.equal((await upload(browser, name, bytes)).status, 303, name);
    const page = await (await browser.request('/epeople/file/attachments?lang=en')).text();
    for (const name of Object.keys(originals)) assert.ok(page.includes(name), `${name} listed`);
    const submitted = await browser.postForm('/epeople/file/submit');
    caseId = /\/epeople\/cases\/(cas_[a-z0-9]+)\/receipt$/.exec(submitted.headers.get('location') ?? '')![1]!;
    assert.match(await (await browser.request('/epeople/file/attachments?lang=en')).text(), /No files added/, 'the files moved onto the case');
  });

  test('the stored files hold none of the metadata, and still decode', async () => {
    const rows = await nara.kernel.db.selectFrom('epeople_attachment').selectAll().where('case_id', '=', caseId).execute();
    assert.equal(rows.length, 4);
    for (const row of rows) {
      const stored = new Uint8Array(row.content);
      for (const secret of SECRETS) assert.ok(!hasText(stored, secret), `${row.file_name} no longer holds ${secret}`);
      assert.ok(stored.length < originals[row.file_name]!.length, `${row.file_name} is smaller`);
      if (row.media_type === 'application/pdf') {
        // Loaded without pdf-lib's own producer entry, to see what is stored.
        const pdf = await PDFDocument.load(stored, { updateMetadata: false });
        assert.ok(!hasText(stored, '/Producer') && !hasText(stored, '/Author'));
        assert.equal(pdf.getPageCount(), 1);
        assert.deepEqual([pdf.getAuthor(), pdf.getTitle(), pdf.getCreator(), pdf.getProducer()], [undefined, undefined, undefined, undefined]);
        assert.equal(pdf.catalog.get(PDFName.of('Metadata')), undefined);
      } else {
        assert.deepEqual(await decodes(stored, row.media_type), { width: 40, height: 30 }, `${row.file_name} decodes`);
      }
    }
    const webp = rows.find((r) => r.media_type === 'image/webp')!;
    assert.equal(new Uint8Array(webp.content)[20]! & 0x0c, 0, 'the EXIF and XMP flags are cleared');
  });

  test('the filer downloads the cleaned files from the case page; another citizen cannot', async () => {
    const browser = await as(citizen);
    const page = await (await browser.request(`/epeople/cases/${caseId}?lang=en`)).text();
    const link = /href="(\/epeople\/cases\/[^"]+\/files\/att_[a-z0-9]+)"[^>]*>photo\.jpg/.exec(page)?.[1];
    assert.ok(link);
    const res = await browser.request(link);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/jpeg');
    assert.ok(!hasText(new Uint8Array(await res.arrayBuffer()), 'GPS-37.5665N'));
    assert.equal((await (await as(neighbour)).request(link)).status, 404);
  });

  test('the attachments page (empty, with files, with an error) and the case page pass axe', async () => {
    const served = await serveOnLoopback(nara.app);
    try {
      const context = await noScriptContext(chromium);
      await context.addCookies([{ name: 'nara_session', value: (await nara.kernel.identity.sessions.issueSession(neighbour)).token, url: served.base }]);
      const tab = await context.newPage();
      await tab.goto(`${served.base}/epeople/file/attachments?lang=en`);
      await expectNoAxeViolations(tab);
      await tab.setInputFiles('#file', { name: 'plan.png', mimeType: 'image/png', buffer: Buffer.from(originals['plan.png']!) });
      await tab.click('form[enctype] button');
      assert.match(await tab.locator('main').innerText(), /plan\.png/);
      await expectNoAxeViolations(tab);
      await tab.setInputFiles('#file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
      await tab.click('form[enctype] button');
      assert.match(await tab.locator('.govuk-error-summary').innerText(), /JPEG, PNG, WebP or PDF/);
      await expectNoAxeViolations(tab);
      await context.close();
      const filer = await noScriptContext(chromium);
      await filer.addCookies([{ name: 'nara_session', value: (await nara.kernel.identity.sessions.issueSession(citizen)).token, url: served.base }]);
      const casePage = await filer.newPage();
      await casePage.goto(`${served.base}/epeople/cases/${caseId}?lang=ko`);
      await expectNoAxeViolations(casePage);
      await filer.close();
    } finally {
      await served.close();
    }
  });
});
