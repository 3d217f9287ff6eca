import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import type { Kernel } from '../../kernel.js';
import { registerPkiPages } from './ca.pages.js';

const CA_ID = /^[a-z0-9_]{1,64}$/;

/** `<caId><suffix>` → caId, or a 404 for anything else. */
function caIdFrom(file: string, suffix: string): string {
  const caId = file.endsWith(suffix) ? file.slice(0, -suffix.length) : '';
  if (!CA_ID.test(caId)) throw notFound('The certificate authority');
  return caId;
}

const problem = { description: 'A problem (application/problem+json).', content: { 'application/problem+json': { schema: z.looseObject({ code: z.string(), detail: z.string() }) } } };

const certificateStatus = z
  .object({
    serial: z.string().describe('Lower-case hex serial number.'),
    status: z.enum(['good', 'revoked']),
    revokedAt: z.iso.datetime().optional().describe('When the revocation takes effect; signatures made before it stay valid.'),
    reason: z.string().optional().describe('RFC 5280 CRLReason name, e.g. keyCompromise.'),
    notBefore: z.iso.datetime(),
    notAfter: z.iso.datetime(),
  })
  .openapi('CertificateStatus');

const getStatus = createRoute({
  method: 'get',
  path: '/api/v1/pki/certificates/{serial}/status',
  summary: 'Revocation status of a certificate',
  description: 'Whether a certificate issued by Nara is good or revoked (with the time and reason). Public, like a CRL; 404 for a serial Nara never issued.',
  tags: ['Trust'],
  request: { params: z.object({ serial: z.string().regex(/^[0-9a-fA-F:]{1,128}$/).describe('Hex serial number (colons allowed).') }) },
  responses: { 200: { description: 'The status.', content: { 'application/json': { schema: certificateStatus } } }, 404: problem, 422: problem },
});

/** CRLs and CA certificates at the URLs certificates point to, the status API, and the agency page. */
export function registerPkiRoutes(app: OpenAPIHono<AppEnv>, kernel: Kernel): void {
  app.get('/pki/crl/:file', async (c) => {
    const der = await kernel.pki.crlDer(caIdFrom(c.req.param('file'), '.crl'));
    return c.body(new Uint8Array(der), 200, { 'content-type': 'application/pkix-crl', 'cache-control': 'public, max-age=300' });
  });

  app.get('/pki/ca/:file', async (c) => {
    const der = await kernel.pki.caCertificateDer(caIdFrom(c.req.param('file'), '.crt'));
    return c.body(new Uint8Array(der), 200, { 'content-type': 'application/pkix-cert', 'cache-control': 'public, max-age=86400' });
  });

  app.openapi(getStatus, async (c) => {
    const s = await kernel.pki.certificateStatus(c.req.valid('param').serial);
    const base = { serial: s.serial, status: s.status, notBefore: s.notBefore.toISOString(), notAfter: s.notAfter.toISOString() };
    return c.json(s.status === 'revoked' ? { ...base, revokedAt: s.revokedAt.toISOString(), reason: s.reason } : base, 200);
  });

  registerPkiPages(app, kernel);
}
