import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import { Button, SummaryList, Table, Tag } from '../../kernel/ui/components/index.js';
import { CsrfField, renderPage } from '../../kernel/ui/page.js';
import type { BundleDefinition } from './gov24.bundles.js';
import { inLocale, serviceName } from './gov24.catalogue.pages.js';
import type { ApplicationRow } from './gov24.tables.js';

type Part = ApplicationRow & { name_en: string; name_ko: string; code: string };

export function renderBundleStartPage(c: Context<AppEnv>, o: { bundle: BundleDefinition; parts: { name: string; agency: string }[] }) {
  const t = c.get('t');
  return renderPage(
    c,
    { title: inLocale(c, o.bundle.name), backLink: { href: '/gov24', text: t('gov24.back') } },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">{inLocale(c, o.bundle.name)}</h1>
        <p class="govuk-body-l">{inLocale(c, o.bundle.description)}</p>
        <h2 class="govuk-heading-m">{t('gov24.bundle.partsHeading')}</h2>
        <SummaryList rows={o.parts.map((p) => ({ key: p.name, value: p.agency }))} />
        <form method="post" action={`/gov24/life-events/${o.bundle.code}/apply`} novalidate>
          <CsrfField c={c} />
          <Button text={t('gov24.service.apply')} isStartButton />
        </form>
      </div>
    </div>,
  );
}

export function renderBundleCheckPage(c: Context<AppEnv>, o: { bundle: BundleDefinition; bundleId: string; parts: (Part & { agency: string })[] }) {
  const t = c.get('t');
  return renderPage(
    c,
    { title: t('gov24.bundle.checkTitle') },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">{inLocale(c, o.bundle.name)}</span>
        <h1 class="govuk-heading-l">{t('gov24.bundle.checkTitle')}</h1>
        <SummaryList
          rows={o.parts.map((p) => ({
            key: serviceName(c, p), value: p.agency,
            action: { href: `/gov24/applications/${p.id}/check`, text: t('gov24.bundle.review'), visuallyHiddenText: serviceName(c, p) },
          }))}
        />
        <p class="govuk-body">{t('gov24.check.signText')}</p>
        <form method="post" action={`/gov24/bundles/${o.bundleId}/submit`} novalidate>
          <CsrfField c={c} />
          <Button text={t('gov24.bundle.submit', { n: o.parts.length })} preventDoubleClick />
        </form>
      </div>
    </div>,
  );
}

export function renderBundleStatusPage(c: Context<AppEnv>, o: { bundle: BundleDefinition; parts: (Part & { agency: string })[] }) {
  const t = c.get('t');
  return renderPage(
    c,
    { title: inLocale(c, o.bundle.name), backLink: { href: '/gov24/applications', text: t('gov24.back') } },
    <>
      <h1 class="govuk-heading-l">{inLocale(c, o.bundle.name)}</h1>
      <Table
        head={[t('gov24.mine.number'), t('gov24.receipt.service'), t('gov24.service.agency'), t('gov24.mine.status')]}
        rows={o.parts.map((p) => [
          <a class="govuk-link" href={`/gov24/applications/${p.id}`}>{p.number ?? t('gov24.mine.draft')}</a>,
          serviceName(c, p),
          p.agency,
          <Tag text={t(`gov24.status.${p.status}`)} />,
        ])}
      />
    </>,
  );
}
