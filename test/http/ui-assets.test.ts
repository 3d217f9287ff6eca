import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { assetPaths } from '../../src/kernel/ui/assets.js';
import { allModules } from '../../src/modules/index.js';
import { createTestNara, type TestNara } from '../support/nara.js';

const expectedType: Record<string, RegExp> = {
  css: /^text\/css; charset=utf-8$/,
  js: /^text\/javascript; charset=utf-8$/,
  mjs: /^text\/javascript; charset=utf-8$/,
  svg: /^image\/svg\+xml$/,
};

describe('UI shell: static assets', () => {
  let nara: TestNara;
  before(async () => {
    nara = await createTestNara({ modules: allModules });
  });
  after(() => nara.close());

  it('serves every asset the layout links to, with its content type and a long cache', async () => {
    const html = await (await nara.app.request('/', { headers: { accept: 'text/html' } })).text();
    const linked = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    assert.ok(linked.some((u) => u.startsWith('/assets/govuk/govuk-frontend.min.css?v=')));
    assert.ok(linked.some((u) => u.startsWith('/assets/nara/init.mjs?v=')));
    for (const url of new Set([...linked, ...assetPaths()])) {
      const res = await nara.app.request(url);
      assert.equal(res.status, 200, url);
      const ext = url.split('?')[0]!.split('.').pop()!;
      assert.match(res.headers.get('content-type') ?? '', expectedType[ext]!, url);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal(res.headers.get('set-cookie'), null, `${url} must not set cookies: it is publicly cacheable`);
      assert.ok((await res.arrayBuffer()).byteLength > 0);
    }
  });

  it('answers a revalidation with 304', async () => {
    const first = await nara.app.request('/assets/nara/nara.css');
    const etag = first.headers.get('etag')!;
    const again = await nara.app.request('/assets/nara/nara.css', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
  });

  it('never references the GDS Transport font, its files or the crest in any served CSS', async () => {
    const css = assetPaths().filter((p) => p.endsWith('.css'));
    assert.equal(css.length, 2);
    for (const path of css) {
      const text = await (await nara.app.request(path)).text();
      assert.doesNotMatch(text, /GDS Transport/i, path);
      assert.doesNotMatch(text, /\.woff2?\b/, path);
      assert.doesNotMatch(text, /govuk-crest/, path);
      for (const m of text.matchAll(/font-family:([^;}]+)/g)) {
        assert.ok(/Noto Sans KR|var\(--nara-font-family\)|monospace|inherit|^sans-serif$/.test(m[1]!), `${path}: unexpected font stack ${m[1]}`);
      }
    }
    const govuk = await (await nara.app.request('/assets/govuk/govuk-frontend.min.css')).text();
    assert.match(govuk, /font-family:"Noto Sans KR","Noto Sans CJK KR","Apple SD Gothic Neo","Malgun Gothic",Arial,sans-serif/);
  });

  it('does not serve GOV.UK fonts, crown images or anything outside the asset list', async () => {
    for (const path of [
      '/assets/govuk/assets/fonts/bold-b542beb274-v2.woff2',
      '/assets/fonts/bold-b542beb274-v2.woff2',
      '/assets/images/govuk-crest.svg',
      '/assets/govuk/assets/images/favicon.ico',
      '/assets/nara/../../../package.json',
      '/assets/nara/..%2f..%2f..%2fpackage.json',
      '/assets/nara/%2e%2e/%2e%2e/ui/page.tsx',
      '/assets/govuk/govuk-frontend.min.js.map',
    ]) {
      const res = await nara.app.request(path, { headers: { accept: 'text/html' } });
      assert.equal(res.status, 404, path);
    }
  });

  it('sends each asset pre-compressed to a client that accepts brotli or gzip, byte-identical once decoded', async () => {
    for (const path of assetPaths().filter((p) => /\.(css|js|mjs)$/.test(p))) {
      const plain = Buffer.from(await (await nara.app.request(path)).arrayBuffer());
      const br = await nara.app.request(path, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(br.headers.get('content-encoding'), 'br', path);
      assert.match(br.headers.get('vary') ?? '', /accept-encoding/i);
      const brBytes = Buffer.from(await br.arrayBuffer());
      assert.ok(brBytes.length < plain.length, `${path}: compressed is smaller`);
      assert.deepEqual(brotliDecompressSync(brBytes), plain, path);
      const gz = await nara.app.request(path, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gz.headers.get('content-encoding'), 'gzip', path);
      assert.deepEqual(gunzipSync(Buffer.from(await gz.arrayBuffer())), plain, path);
      const refused = await nara.app.request(path, { headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } });
      assert.equal(refused.headers.get('content-encoding'), null, path);
    }
    // A cached compressed copy is revalidated against its own entity tag, not the plain one's.
    const br = await nara.app.request('/assets/nara/nara.css', { headers: { 'accept-encoding': 'br' } });
    const again = await nara.app.request('/assets/nara/nara.css', { headers: { 'accept-encoding': 'br', 'if-none-match': br.headers.get('etag')! } });
    assert.equal(again.status, 304);
    const plainAgain = await nara.app.request('/assets/nara/nara.css', { headers: { 'if-none-match': br.headers.get('etag')! } });
    assert.equal(plainAgain.status, 200);
  });

  it('sends pages and JSON gzip-compressed when accepted, and plain when not', async () => {
    const page = await nara.app.request('/', { headers: { accept: 'text/html', 'accept-encoding': 'gzip' } });
    assert.equal(page.headers.get('content-encoding'), 'gzip');
    assert.match(gunzipSync(Buffer.from(await page.arrayBuffer())).toString('utf8'), /<!DOCTYPE html>/i);
    const json = await nara.app.request('/api/openapi.json', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(json.headers.get('content-encoding'), 'gzip');
    assert.equal(JSON.parse(gunzipSync(Buffer.from(await json.arrayBuffer())).toString('utf8')).openapi, '3.1.0');
    const problem = await nara.app.request('/api/v1/nothing-here', { headers: { accept: 'application/json', 'accept-encoding': 'gzip' } });
    assert.equal(problem.status, 404);
    const plain = await nara.app.request('/', { headers: { accept: 'text/html' } });
    assert.equal(plain.headers.get('content-encoding'), null);
  });
});
