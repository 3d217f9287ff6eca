import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import type { FieldProblem } from '../../kernel/http/errors.js';
import { createFormatters } from '../../kernel/i18n/format.js';
import { Button, InsetText, NotificationBanner, SummaryList, Table, Tag, TextInput, WarningText } from '../../kernel/ui/components/index.js';
import { CsrfField, renderPage } from '../../kernel/ui/page.js';
import { CERTIFICATE_KIND_CODES, CERTIFICATE_KINDS, showCheckCode, type CertificateKind, type CertificateVerification } from './gov24.certificates.js';
import type { CertificateRow } from './gov24.tables.js';

const titleOf = (c: Context<AppEnv>, kind: string) => {
  const title = CERTIFICATE_KINDS[kind as CertificateKind]?.title;
  return title ? (c.get('locale') === 'ko' ? title.ko : title.en) : kind;
};

export function renderCertificatesPage(c: Context<AppEnv>, o: { rows: CertificateRow[]; problem?: string }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  return renderPage(
    c,
    { title: t('gov24.cert.title'), backLink: { href: '/gov24', text: t('gov24.back') }, ...(o.problem ? { status: 409 } : {}) },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">{t('gov24.cert.title')}</h1>
        <p class="govuk-body">{t('gov24.cert.intro')}</p>
        {o.problem ? <WarningText t={t}>{o.problem}</WarningText> : null}
        {CERTIFICATE_KIND_CODES.map((kind) => (
          <form method="post" action="/gov24/certificates" novalidate>
            <CsrfField c={c} />
            <input type="hidden" name="kind" value={kind} />
            <h2 class="govuk-heading-m">{titleOf(c, kind)}</h2>
            <p class="govuk-body">{t(`gov24.cert.kind.${kind}`)}</p>
            <Button text={t('gov24.cert.issue', { name: titleOf(c, kind) })} variant="secondary" />
          </form>
        ))}
        <h2 class="govuk-heading-m">{t('gov24.cert.mine')}</h2>
        {o.rows.length === 0 ? <p class="govuk-body">{t('gov24.cert.none')}</p> : (
          <Table
            head={[t('gov24.cert.number'), t('gov24.cert.kindLabel'), t('gov24.cert.issuedAt'), t('gov24.cert.status')]}
            rows={o.rows.map((r) => [
              <a class="govuk-link" href={`/gov24/certificates/${r.id}`}>{r.number}</a>,
              titleOf(c, r.kind),
              fmt.dateTime(r.issued_at),
              <Tag text={t(`gov24.cert.status.${r.status}`)} colour={r.status === 'valid' ? 'green' : 'red'} />,
            ])}
          />
        )}
        <p class="govuk-body"><a class="govuk-link" href="/gov24/verify">{t('gov24.cert.verifyLink')}</a></p>
      </div>
    </div>,
  );
}

export function renderCertificatePage(c: Context<AppEnv>, o: { row: CertificateRow; ready: boolean; verifyUrl: string; notice?: string }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const { row } = o;
  return renderPage(
    c,
    { title: `${titleOf(c, row.kind)} ${row.number}`, backLink: { href: '/gov24/certificates', text: t('gov24.back') } },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        {o.notice ? <NotificationBanner t={t} kind="success" heading={o.notice} /> : null}
        <span class="govuk-caption-l">{titleOf(c, row.kind)}</span>
        <h1 class="govuk-heading-l">{row.number}</h1>
        <p class="govuk-body"><Tag text={t(`gov24.cert.status.${row.status}`)} colour={row.status === 'valid' ? 'green' : 'red'} /></p>
        <SummaryList
          rows={[
            { key: t('gov24.cert.number'), value: row.number },
            { key: t('gov24.cert.checkCode'), value: showCheckCode(row.check_code) },
            { key: t('gov24.cert.issuedBy'), value: c.get('locale') === 'ko' ? row.content.issuer.nameKo : row.content.issuer.nameEn },
            { key: t('gov24.cert.issuedAt'), value: fmt.dateTime(row.issued_at) },
            { key: t('gov24.cert.contentHash'), value: <code class="nara-path">{row.content_sha256}</code> },
            ...(row.revoked_at ? [{ key: t('gov24.cert.revokedAt'), value: fmt.dateTime(row.revoked_at) }] : []),
          ]}
        />
        {o.ready ? (
          <p class="govuk-body"><a class="govuk-link" href={`/gov24/certificates/${row.id}/pdf`} download>{t('gov24.cert.download')}</a></p>
        ) : (
          <InsetText>{t('gov24.cert.preparing')}</InsetText>
        )}
        <p class="govuk-body">{t('gov24.cert.share')}</p>
        <p class="govuk-body"><a class="govuk-link nara-path" href={o.verifyUrl}>{o.verifyUrl}</a></p>
        {row.status === 'valid' ? (
          <form method="post" action={`/gov24/certificates/${row.id}/revoke`} novalidate>
            <CsrfField c={c} />
            <h2 class="govuk-heading-m">{t('gov24.cert.revokeHeading')}</h2>
            <p class="govuk-body">{t('gov24.cert.revokeText')}</p>
            <Button text={t('gov24.cert.revoke')} variant="warning" />
          </form>
        ) : null}
      </div>
    </div>,
  );
}

export function renderVerifyPage(
  c: Context<AppEnv>,
  o: { number?: string; code?: string; result?: CertificateVerification; notFound?: boolean; errors?: FieldProblem[] },
) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const errors = o.errors ?? [];
  const error = (field: string) => errors.find((e) => e.field === field)?.message;
  const r = o.result;
  const ko = c.get('locale') === 'ko';
  return renderPage(
    c,
    { title: t('gov24.verify.title'), errors, ...(errors.length ? { status: 422 } : o.notFound ? { status: 404 } : {}) },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        {r ? (
          <div class={`govuk-notification-banner${r.status === 'valid' ? ' govuk-notification-banner--success' : ''}`} role="region" aria-labelledby="verify-result-title">
            <div class="govuk-notification-banner__header">
              <h2 class="govuk-notification-banner__title" id="verify-result-title">{t('gov24.verify.resultTitle')}</h2>
            </div>
            <div class="govuk-notification-banner__content">
              <p class="govuk-notification-banner__heading">{r.status === 'valid' ? t('gov24.verify.valid') : t('gov24.verify.revoked', { date: fmt.dateTime(r.revokedAt ?? r.issuedAt) })}</p>
            </div>
          </div>
        ) : null}
        {o.notFound ? <WarningText t={t}>{t('gov24.verify.notFound')}</WarningText> : null}
        <h1 class="govuk-heading-l">{t('gov24.verify.title')}</h1>
        {r ? (
          <SummaryList
            rows={[
              { key: t('gov24.cert.kindLabel'), value: ko ? r.title.ko : r.title.en },
              { key: t('gov24.cert.number'), value: r.number },
              { key: t('gov24.cert.issuedBy'), value: ko ? r.issuer.nameKo : r.issuer.nameEn },
              { key: t('gov24.cert.issuedAt'), value: fmt.dateTime(r.issuedAt) },
              { key: t('gov24.verify.holder'), value: r.holder },
              { key: t('gov24.cert.status'), value: <Tag text={t(`gov24.cert.status.${r.status}`)} colour={r.status === 'valid' ? 'green' : 'red'} /> },
              { key: t('gov24.cert.contentHash'), value: <code class="nara-path">{r.contentSha256}</code> },
              ...(r.pdfSha256 ? [{ key: t('gov24.verify.pdfHash'), value: <code class="nara-path">{r.pdfSha256}</code> }] : []),
            ]}
          />
        ) : null}
        {r ? <p class="govuk-body">{t('gov24.verify.compare')}</p> : <p class="govuk-body">{t('gov24.verify.intro')}</p>}
        <form method="get" action="/gov24/verify" novalidate>
          <TextInput t={t} name="number" label={t('gov24.cert.number')} hint={t('gov24.verify.numberHint')} value={o.number} error={error('number')} width="width-20" spellcheck={false} autocomplete="off" />
          <TextInput t={t} name="code" label={t('gov24.cert.checkCode')} hint={t('gov24.verify.codeHint')} value={o.code} error={error('code')} width="width-10" spellcheck={false} autocomplete="off" />
          <Button text={t('gov24.verify.submit')} />
        </form>
        <p class="govuk-body">{t('gov24.verify.offline')}</p>
      </div>
    </div>,
  );
}
