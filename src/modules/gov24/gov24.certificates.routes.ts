import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/context.js';
import { DomainError } from '../../kernel/http/errors.js';
import { clientAddress, rateLimit } from '../../kernel/http/rate-limit.js';
import { requireSession } from '../../kernel/identity/policy.js';
import { renderCertificatePage, renderCertificatesPage, renderVerifyPage } from './gov24.certificates.pages.js';
import type { CertificateService } from './gov24.certificates.js';

const problem = { description: 'A problem (application/problem+json).', content: { 'application/problem+json': { schema: z.looseObject({ code: z.string(), detail: z.string() }) } } };

const verifyCertificate = createRoute({
  method: 'get',
  path: '/api/v1/gov24/certificates/verify',
  summary: 'Verify a certificate by its issue number and check code (no account needed)',
  description: 'Both printed on the certificate and in its QR code. Answers whether it is authentic, its content hash (SHA-256 of the RFC 8785 JSON of what it states, also in the transparency log) and whether it is valid or revoked. The holder’s name is masked.',
  tags: ['Gov24'],
  request: {
    query: z.object({
      number: z.string().min(1).max(32).openapi({ example: 'RRA-2026-000042' }),
      code: z.string().min(1).max(16).openapi({ example: 'K7QF-9XPA' }),
    }),
  },
  responses: {
    200: {
      description: 'The certificate is authentic.',
      content: {
        'application/json': {
          schema: z.object({
            authentic: z.literal(true),
            number: z.string(),
            kind: z.string(),
            title: z.object({ en: z.string(), ko: z.string() }),
            issuer: z.object({ en: z.string(), ko: z.string() }),
            issuedAt: z.string(),
            holder: z.string().describe('The holder’s name, masked.'),
            contentSha256: z.string(),
            pdfSha256: z.string().nullable().describe('SHA-256 of the sealed PDF, once it has been made.'),
            status: z.enum(['valid', 'revoked']),
            revokedAt: z.string().nullable(),
          }).openapi('Gov24CertificateVerification'),
        },
      },
    },
    404: problem,
    422: problem,
    429: problem,
  },
});

/** Guessing check codes: 30 tries a minute per client address, on the page and the API alike. */
const verifyLimit = () => rateLimit({ limit: 30, windowMs: 60_000, key: (c) => `gov24-verify:${clientAddress(c)}` });

export function registerCertificateRoutes(app: OpenAPIHono<AppEnv>, certificates: CertificateService): void {
  app.get('/gov24/certificates', async (c) => renderCertificatesPage(c, { rows: await certificates.listMine(requireSession(c)) }));

  app.post('/gov24/certificates', async (c) => {
    const session = requireSession(c);
    const form = await c.req.parseBody();
    try {
      const row = await certificates.issue(session, typeof form.kind === 'string' ? form.kind : '', c.get('locale'));
      return c.redirect(`/gov24/certificates/${row.id}?issued=1`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || !['certificate_not_issuable', 'certificate_no_record', 'validation_failed'].includes(error.code)) throw error;
      const t = c.get('t');
      return renderCertificatesPage(c, { rows: await certificates.listMine(session), problem: t(`gov24.cert.problem.${error.code}`) });
    }
  });

  app.get('/gov24/certificates/:id', async (c) => {
    const row = await certificates.read(requireSession(c), c.req.param('id'));
    return renderCertificatePage(c, {
      row,
      ready: await certificates.isReady(row),
      verifyUrl: certificates.verifyUrl(row),
      ...(c.req.query('issued') ? { notice: c.get('t')('gov24.cert.issued') } : c.req.query('revoked') ? { notice: c.get('t')('gov24.cert.revokedNotice') } : {}),
    });
  });

  app.get('/gov24/certificates/:id/pdf', async (c) => {
    const { row, pdf } = await certificates.pdf(requireSession(c), c.req.param('id'));
    return c.body(new Uint8Array(pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${row.number}.pdf"`,
      'cache-control': 'private, no-store',
    });
  });

  app.post('/gov24/certificates/:id/revoke', async (c) => {
    const id = c.req.param('id');
    await certificates.revoke(requireSession(c), id);
    return c.redirect(`/gov24/certificates/${id}?revoked=1`, 303);
  });

  app.use('/gov24/verify', verifyLimit());
  app.get('/gov24/verify', async (c) => {
    const number = (c.req.query('number') ?? '').trim();
    const code = (c.req.query('code') ?? '').trim();
    if (!number && !code) return renderVerifyPage(c, {});
    const t = c.get('t');
    const errors = [
      ...(number ? [] : [{ field: 'number', message: t('gov24.verify.numberMissing') }]),
      ...(code ? [] : [{ field: 'code', message: t('gov24.verify.codeMissing') }]),
    ];
    if (errors.length > 0 || number.length > 32 || code.length > 16) {
      return renderVerifyPage(c, { number: number.slice(0, 32), code: code.slice(0, 16), errors: errors.length ? errors : [{ field: 'number', message: t('gov24.verify.notFound') }] });
    }
    try {
      return renderVerifyPage(c, { number, code, result: await certificates.verify(number, code) });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'certificate_not_found') return renderVerifyPage(c, { number, code, notFound: true });
      throw error;
    }
  });

  app.use('/api/v1/gov24/certificates/verify', verifyLimit());
  app.openapi(verifyCertificate, async (c) => {
    const { number, code } = c.req.valid('query');
    const r = await certificates.verify(number, code);
    return c.json({
      authentic: true as const,
      number: r.number,
      kind: r.kind,
      title: r.title,
      issuer: { en: r.issuer.nameEn, ko: r.issuer.nameKo },
      issuedAt: r.issuedAt.toISOString(),
      holder: r.holder,
      contentSha256: r.contentSha256,
      pdfSha256: r.pdfSha256,
      status: r.status,
      revokedAt: r.revokedAt?.toISOString() ?? null,
    }, 200);
  });
}
