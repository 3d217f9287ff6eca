import { ServerResponse, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type Provider from 'oidc-provider';
import type { AppEnv } from '../http/context.js';
import { DomainError } from '../http/errors.js';
import type { Kernel } from '../kernel.js';
import { registerClientAdminPages } from './oidc.clients.pages.js';
import { createOidcClients } from './oidc.clients.js';
import { registerInteractionPages } from './oidc.interaction.pages.js';
import { createOidcProvider, OIDC_PATH } from './oidc.provider.js';

export type ProviderHandle = () => Promise<Provider>;

/**
 * Nara as an OpenID provider under /oidc: Nara's own interaction and client admin pages, then
 * oidc-provider (a Koa app) for everything else. The provider is built on first use, because
 * its signing keys come from the database.
 */
export function registerOidcRoutes(app: OpenAPIHono<AppEnv>, kernel: Kernel): void {
  let building: Promise<Provider> | undefined;
  const provider: ProviderHandle = () =>
    (building ??= createOidcProvider(kernel).catch((error: unknown) => {
      building = undefined;
      throw error;
    }));
  const clients = createOidcClients({ db: kernel.db, identity: kernel.identity, now: () => new Date() });
  registerInteractionPages(app, kernel, provider, clients);
  registerClientAdminPages(app, kernel, clients);
  app.all(OIDC_PATH, (c) => handOver(c, kernel, provider));
  app.all(`${OIDC_PATH}/*`, (c) => handOver(c, kernel, provider));
}

/**
 * Hands the request to oidc-provider's node handler and turns what it writes into a Response,
 * so the provider's answers pass through Nara's middleware like any other (request id, metrics,
 * security headers) and this works with `app.request()` too. The body was already read through
 * Nara's body limit; the provider gets a fresh stream of those bytes, with the /oidc prefix moved
 * to `originalUrl` (as Express's mounting does) and the forwarded host and protocol set from
 * NARA_PUBLIC_URL, overriding whatever the caller sent, so its URLs always name the issuer.
 * Nara's CSRF check does not apply here (see csrf.ts). Nara's CSP (no inline script) does, so
 * only the query response mode is offered: form_post needs an auto-submitting inline script.
 */
async function handOver(c: Context<AppEnv>, kernel: Kernel, provider: ProviderHandle): Promise<Response> {
  const responseMode = c.req.query('response_mode');
  if (responseMode !== undefined && responseMode !== 'query') {
    throw new DomainError('oidc_response_mode_unsupported', 400, 'Nara answers authorization requests with response_mode=query only.');
  }
  const handler = (await provider()).callback();
  const isBodyless = c.req.method === 'GET' || c.req.method === 'HEAD';
  const body = isBodyless ? undefined : Buffer.from(await c.req.arrayBuffer());
  const publicUrl = new URL(kernel.config.publicUrl);
  const url = new URL(c.req.url);
  const originalUrl = `${url.pathname}${url.search}`;
  const headers: Record<string, string> = Object.fromEntries(c.req.raw.headers.entries());
  Object.assign(headers, { host: publicUrl.host, 'x-forwarded-host': publicUrl.host, 'x-forwarded-proto': publicUrl.protocol.replace(':', '') });
  delete headers['transfer-encoding'];
  if (body) headers['content-length'] = String(body.length);
  const env = c.env as { incoming?: IncomingMessage } | undefined;
  const req = Object.assign(Readable.from(body ? [body] : [], { objectMode: false }), {
    method: c.req.method,
    url: originalUrl.slice(OIDC_PATH.length) || '/',
    originalUrl,
    headers,
    httpVersion: '1.1',
    socket: env?.incoming?.socket ?? { remoteAddress: '127.0.0.1' },
  }) as unknown as IncomingMessage;
  return captureResponse(req, (res) => handler(req, res));
}

/** Runs a Node request handler against a ServerResponse that records instead of writing to a socket. */
async function captureResponse(req: IncomingMessage, run: (res: ServerResponse) => Promise<void>): Promise<Response> {
  const res = new ServerResponse(req);
  const chunks: Buffer[] = [];
  const ended = new Promise<void>((resolve) => {
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
        chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
      }
    };
    res.write = ((chunk: unknown, encoding?: unknown) => (keep(chunk, encoding), true)) as ServerResponse['write'];
    res.end = ((chunk?: unknown, encoding?: unknown) => {
      keep(chunk, encoding);
      resolve();
      return res;
    }) as ServerResponse['end'];
  });
  await run(res);
  await ended;
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.getHeaders())) {
    if (value === undefined || name === 'content-length') continue;
    for (const v of Array.isArray(value) ? value : [String(value)]) headers.append(name, v);
  }
  const hasBody = ![204, 304].includes(res.statusCode) && req.method !== 'HEAD';
  return new Response(hasBody && chunks.length > 0 ? Buffer.concat(chunks) : null, { status: res.statusCode, headers });
}
