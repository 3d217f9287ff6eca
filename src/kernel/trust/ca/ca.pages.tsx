import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, SessionContext } from '../../http/context.js';
import { forbidden, notFound } from '../../http/errors.js';
import { createFormatters } from '../../i18n/format.js';
import { organisationName } from '../../identity/identity.http.js';
import { can, requireSession } from '../../identity/policy.js';
import type { Kernel } from '../../kernel.js';
import { Button, Radios, Select, Table, Tag, WarningText } from '../../ui/components/index.js';
import { CsrfField, renderPage } from '../../ui/page.js';
import { caCertificateUrl, crlUrl } from '../pki/certificate.profiles.js';
import type { RevocationReason } from '../pki/revocation.crl.js';
import { isRevocationReason, normaliseSerial, type CertificateSummary } from './ca.service.js';
import { SIGNING_FRESHNESS_SECONDS } from './signing.service.js';

/** Reasons an agency administrator may give (CA compromise and hold are not theirs to claim). */
const ADMIN_REASONS: RevocationReason[] = ['keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'privilegeWithdrawn', 'unspecified'];
const DONE = new Set(['issued', 'renewed', 'revoked']);

const commonName = (subject: string) => /CN=([^,]+)/.exec(subject)?.[1] ?? subject;
const base = (orgId: string) => `/agencies/${encodeURIComponent(orgId)}/certificates`;

/** The agency (404 when it is not one) after checking the person may manage its certificates. */
async function agencyFor(c: Context<AppEnv>, kernel: Kernel, orgId: string) {
  const session = requireSession(c);
  const agency = await kernel.identity.getOrganisation(orgId);
  if (!agency || agency.kind === 'business') throw notFound('The agency');
  if (!can(session, 'agency.certificates.manage', { organisationId: orgId })) throw forbidden();
  return { session, agency };
}

/** Issuing, renewing and revoking need a recent passkey check, like signing. */
function requireFresh(kernel: Kernel, session: SessionContext): void {
  kernel.identity.requireFreshAuthentication(session, SIGNING_FRESHNESS_SECONDS);
}

/** A certificate of this agency, or 404 (never another agency's). */
async function certificateOf(kernel: Kernel, orgId: string, serial: string): Promise<CertificateSummary> {
  const cert = await kernel.pki.getCertificate(normaliseSerial(serial)).catch(() => undefined);
  if (!cert || cert.organisationId !== orgId || cert.kind === 'business') throw notFound('The certificate');
  return cert;
}

async function listPage(c: Context<AppEnv>, kernel: Kernel, orgId: string, errors: { field: string; message: string }[] = [], status = 200) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const { agency } = await agencyFor(c, kernel, orgId);
  const name = organisationName(c, agency);
  const [officials, certificates, ca] = await Promise.all([
    kernel.identity.listOfficialsOf(orgId),
    kernel.pki.listCertificates(orgId, ['official', 'system']),
    kernel.pki.ensureAgencyCa(orgId),
  ]);
  const done = c.req.query('done');
  const publicUrl = kernel.config.publicUrl;
  const rows = certificates.map((cert) => [
    commonName(cert.subject),
    t(`pki.kind.${cert.kind}`),
    <code class="govuk-!-text-break-word">{cert.serial}</code>,
    fmt.date(cert.notAfter, 'medium'),
    cert.status === 'valid' ? (
      <Tag text={t('pki.status.valid')} colour="green" />
    ) : (
      <Tag text={t('pki.status.revoked', { reason: t(`pki.reason.${cert.revocationReason ?? 'unspecified'}`) })} colour="red" />
    ),
    cert.status === 'valid' ? (
      <>
        <form method="post" action={`${base(orgId)}/${cert.serial}/renew`}>
          <CsrfField c={c} />
          <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-1" data-module="govuk-button">
            {t('pki.admin.renew')}
            <span class="govuk-visually-hidden"> {t('pki.admin.hiddenSerial', { serial: cert.serial })}</span>
          </button>
        </form>
        <a class="govuk-link" href={`${base(orgId)}/${cert.serial}/revoke`}>
          {t('pki.admin.revoke')}
          <span class="govuk-visually-hidden"> {t('pki.admin.hiddenSerial', { serial: cert.serial })}</span>
        </a>
      </>
    ) : (
      ''
    ),
  ]);
  return renderPage(
    c,
    {
      title: t('pki.admin.title', { agency: name }),
      errors,
      status,
      backLink: { href: `/agencies/${encodeURIComponent(orgId)}/admin`, text: t('pki.admin.back') },
      ...(done && DONE.has(done) ? { banner: { kind: 'success' as const, text: t(`pki.admin.done.${done}`) } } : {}),
    },
    <>
      <h1 class="govuk-heading-l">{t('pki.admin.title', { agency: name })}</h1>
      <p class="govuk-body">{t('pki.admin.intro')}</p>
      {certificates.length === 0 ? (
        <p class="govuk-body">{t('pki.admin.none')}</p>
      ) : (
        <Table
          caption={t('pki.admin.listCaption')}
          head={[t('pki.admin.subject'), t('pki.admin.kind'), t('pki.admin.serial'), t('pki.admin.validUntil'), t('pki.admin.status'), t('pki.admin.actions')]}
          rows={rows}
          firstCellIsHeader
        />
      )}
      <h2 class="govuk-heading-m">{t('pki.admin.issueHeading')}</h2>
      {officials.some((o) => o.active) ? (
        <form method="post" action={base(orgId)} novalidate>
          <CsrfField c={c} />
          <Select
            t={t}
            name="personId"
            label={t('pki.admin.official')}
            hint={t('pki.admin.officialHint')}
            error={errors.find((e) => e.field === 'personId')?.message}
            options={[{ value: '', text: t('pki.admin.chooseOfficial') }, ...officials.filter((o) => o.active).map((o) => ({ value: o.personId, text: `${o.displayName} (${o.title})` }))]}
          />
          <Button text={t('pki.admin.issue')} preventDoubleClick />
        </form>
      ) : (
        <p class="govuk-body">{t('pki.admin.noOfficials')}</p>
      )}
      <h2 class="govuk-heading-m">{t('pki.admin.publishedHeading')}</h2>
      <ul class="govuk-list">
        <li><a class="govuk-link" href={crlUrl(publicUrl, ca.id)}>{t('pki.admin.crlLink')}</a></li>
        <li><a class="govuk-link" href={caCertificateUrl(publicUrl, ca.id)}>{t('pki.admin.caLink')}</a></li>
      </ul>
    </>,
  );
}

async function revokePage(c: Context<AppEnv>, kernel: Kernel, orgId: string, serial: string, error?: string) {
  const t = c.get('t');
  const { agency } = await agencyFor(c, kernel, orgId);
  const cert = await certificateOf(kernel, orgId, serial);
  return renderPage(
    c,
    {
      title: t('pki.revoke.title'),
      errors: error ? [{ field: 'reason', message: error }] : [],
      status: error ? 422 : 200,
      backLink: { href: base(orgId), text: t('pki.admin.title', { agency: organisationName(c, agency) }) },
    },
    <>
      <h1 class="govuk-heading-l">{t('pki.revoke.title')}</h1>
      <p class="govuk-body">{t('pki.revoke.lead', { subject: commonName(cert.subject), serial: cert.serial })}</p>
      <WarningText t={t}>{t('pki.revoke.warning')}</WarningText>
      <form method="post" action={`${base(orgId)}/${cert.serial}/revoke`} novalidate>
        <CsrfField c={c} />
        <Radios t={t} name="reason" legend={t('pki.revoke.reasonLegend')} error={error} items={ADMIN_REASONS.map((r) => ({ value: r, text: t(`pki.reason.${r}`) }))} />
        <Button text={t('pki.revoke.submit')} variant="warning" preventDoubleClick />
      </form>
    </>,
  );
}

/** The agency administrators' certificates page: list, issue for an official, renew, revoke. */
export function registerPkiPages(app: OpenAPIHono<AppEnv>, kernel: Kernel): void {
  app.get('/agencies/:orgId/certificates', (c) => listPage(c, kernel, c.req.param('orgId')));

  app.post('/agencies/:orgId/certificates', async (c) => {
    const orgId = c.req.param('orgId');
    const { session } = await agencyFor(c, kernel, orgId);
    requireFresh(kernel, session);
    const personId = String((await c.req.parseBody()).personId ?? '');
    const officials = await kernel.identity.listOfficialsOf(orgId);
    if (!officials.some((o) => o.active && o.personId === personId)) {
      return listPage(c, kernel, orgId, [{ field: 'personId', message: c.get('t')('pki.admin.chooseOfficialError') }], 422);
    }
    await kernel.pki.issueOfficialCertificate(personId, orgId);
    return c.redirect(`${base(orgId)}?done=issued`, 303);
  });

  app.post('/agencies/:orgId/certificates/:serial/renew', async (c) => {
    const orgId = c.req.param('orgId');
    const { session } = await agencyFor(c, kernel, orgId);
    const cert = await certificateOf(kernel, orgId, c.req.param('serial'));
    requireFresh(kernel, session);
    await kernel.pki.renewCertificate(cert.serial);
    return c.redirect(`${base(orgId)}?done=renewed`, 303);
  });

  app.get('/agencies/:orgId/certificates/:serial/revoke', (c) => revokePage(c, kernel, c.req.param('orgId'), c.req.param('serial')));

  app.post('/agencies/:orgId/certificates/:serial/revoke', async (c) => {
    const orgId = c.req.param('orgId');
    const { session } = await agencyFor(c, kernel, orgId);
    const cert = await certificateOf(kernel, orgId, c.req.param('serial'));
    requireFresh(kernel, session);
    const reason = (await c.req.parseBody()).reason;
    if (!isRevocationReason(reason) || !ADMIN_REASONS.includes(reason)) {
      return revokePage(c, kernel, orgId, cert.serial, c.get('t')('pki.revoke.reasonError'));
    }
    await kernel.pki.revokeCertificate(cert.serial, reason);
    return c.redirect(`${base(orgId)}?done=revoked`, 303);
  });
}
