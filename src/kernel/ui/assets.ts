import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { Hono } from 'hono';
import type { AppEnv } from '../http/context.js';

/** URL prefix of every static file Nara serves. */
export const ASSETS_PREFIX = '/assets';

const NARA_FONT_STACK = '"Noto Sans KR","Noto Sans CJK KR","Apple SD Gothic Neo","Malgun Gothic",Arial,sans-serif';
const here = path.dirname(fileURLToPath(import.meta.url));
const govukDist = path.dirname(createRequire(import.meta.url).resolve('govuk-frontend/dist/govuk/govuk-frontend.min.js'));

interface Asset {
  body: Buffer;
  /** The same bytes compressed once at start (brotli at its best quality, gzip), when that is smaller. */
  br?: Buffer;
  gzip?: Buffer;
  type: string;
  version: string;
}

const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * GOV.UK Frontend's compiled CSS under Nara's brand: drops the GDS Transport @font-face rules
 * (the font files are never served), rewrites every font stack to one with Korean fonts, and
 * removes the crest image. Also drops the source map comment: the map is not served.
 */
export function rebrandGovukCss(css: string): string {
  return css
    .replace(/@font-face\{[^}]*\}/g, '')
    .replace(/font-family:\s*"?GDS Transport"?\s*,\s*arial\s*,\s*sans-serif/gi, `font-family:${NARA_FONT_STACK}`)
    .replace(/font-family:\s*"?GDS Transport"?/gi, `font-family:${NARA_FONT_STACK}`)
    .replace(/url\(["']?\/assets\/images\/govuk-crest\.svg["']?\)/g, 'none')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
}

const stripSourceMap = (js: string) => js.replace(/\/\/# sourceMappingURL=\S+\s*$/, '');

const smallerThan = (body: Buffer, packed: Buffer) => (packed.length < body.length ? packed : undefined);

function makeAsset(name: string, content: string | Buffer): Asset {
  const body = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return {
    body,
    br: smallerThan(body, brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } })),
    gzip: smallerThan(body, gzipSync(body, { level: 9 })),
    type: types[path.extname(name)] ?? 'application/octet-stream',
    version: createHash('sha256').update(body).digest('hex').slice(0, 12),
  };
}

/** Which stored encoding to send for an Accept-Encoding header: brotli, then gzip, else none. */
function encodingFor(asset: Asset, accept: string | undefined): 'br' | 'gzip' | undefined {
  if (!accept) return undefined;
  const offered = new Map(
    accept.split(',').map((part) => {
      const [coding = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return [coding.trim(), q ? Number(q.slice(2)) : 1] as const;
    }),
  );
  const accepts = (coding: string) => (offered.get(coding) ?? offered.get('*') ?? 0) > 0;
  if (asset.br && accepts('br')) return 'br';
  if (asset.gzip && accepts('gzip')) return 'gzip';
  return undefined;
}

/**
 * Every servable file, keyed by its URL path. A fixed map rather than a folder lookup, so no
 * request path can reach any other file; GOV.UK's fonts and crown images are simply not in it.
 */
function loadAssets(): Map<string, Asset> {
  const read = (file: string) => fs.readFileSync(file, 'utf8');
  const assets = new Map<string, Asset>();
  const govukJs = makeAsset('x.js', stripSourceMap(read(path.join(govukDist, 'govuk-frontend.min.js'))));
  const govukJsPath = `${ASSETS_PREFIX}/govuk/govuk-frontend.min.js`;
  assets.set(govukJsPath, govukJs);
  assets.set(`${ASSETS_PREFIX}/govuk/govuk-frontend.min.css`, makeAsset('x.css', rebrandGovukCss(read(path.join(govukDist, 'govuk-frontend.min.css')))));
  for (const name of ['nara.css', 'supported.js', 'favicon.svg', 'nara-logo.svg', 'live.mjs']) {
    assets.set(`${ASSETS_PREFIX}/nara/${name}`, makeAsset(name, fs.readFileSync(path.join(here, 'assets', name))));
  }
  const init = read(path.join(here, 'assets', 'init.mjs')).replace('__GOVUK_FRONTEND_JS__', `${govukJsPath}?v=${govukJs.version}`);
  assets.set(`${ASSETS_PREFIX}/nara/init.mjs`, makeAsset('init.mjs', init));
  return assets;
}

let cache: Map<string, Asset> | undefined;
const assets = () => (cache ??= loadAssets());

/** The versioned URL of an asset (`/assets/nara/nara.css?v=…`), safe to cache for a year. */
export function assetUrl(assetPath: string): string {
  const asset = assets().get(assetPath);
  if (!asset) throw new Error(`Unknown asset ${assetPath}`);
  return `${assetPath}?v=${asset.version}`;
}

/** URL paths of every served asset (tests check each one). */
export function assetPaths(): string[] {
  return [...assets().keys()];
}

/** Serves the asset map with long cache headers; anything else under /assets falls through to 404. */
export function registerAssets(app: Hono<AppEnv>): void {
  app.get(`${ASSETS_PREFIX}/*`, (c, next) => {
    const asset = assets().get(c.req.path);
    if (!asset) return next();
    const encoding = encodingFor(asset, c.req.header('accept-encoding'));
    const etag = `"${asset.version}${encoding ? `-${encoding}` : ''}"`;
    const headers: Record<string, string> = {
      'content-type': asset.type,
      'cache-control': 'public, max-age=31536000, immutable',
      vary: 'Accept-Encoding',
      etag,
    };
    if (encoding) headers['content-encoding'] = encoding;
    const bytes = encoding ? asset[encoding]! : asset.body;
    const res = c.req.header('if-none-match') === etag ? c.body(null, 304, headers) : c.body(new Uint8Array(bytes), 200, headers);
    // Publicly cacheable: a shared cache must never store (and hand out) someone's CSRF cookie.
    res.headers.delete('set-cookie');
    return res;
  });
}
