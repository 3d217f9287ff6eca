import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import { Button, Pagination, SummaryList, Tag } from '../../kernel/ui/components/index.js';
import { CsrfField, renderPage } from '../../kernel/ui/page.js';
import { AGE_GROUPS, CATEGORIES, LIFE_EVENTS, type ServiceDefinition, type Text } from './gov24.catalogue.js';
import type { ServiceRow } from './gov24.tables.js';

/** An agency-published text in the page's language. */
export const inLocale = (c: Context<AppEnv>, text: Text) => (c.get('locale') === 'ko' ? text.ko : text.en);
export const serviceName = (c: Context<AppEnv>, row: Pick<ServiceRow, 'name_en' | 'name_ko'>) => (c.get('locale') === 'ko' ? row.name_ko : row.name_en);
const won = (c: Context<AppEnv>, amount: number) => c.get('t')('gov24.fee.amount', { amount });

function SearchForm({ c, query }: { c: Context<AppEnv>; query: string }) {
  const t = c.get('t');
  return (
    <form method="get" action="/gov24/services" role="search">
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--m" for="q">{t('gov24.search.label')}</label>
        <div id="q-hint" class="govuk-hint">{t('gov24.search.hint')}</div>
        <input class="govuk-input govuk-!-width-two-thirds" id="q" name="q" type="search" value={query} aria-describedby="q-hint" />{' '}
        <button type="submit" class="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">{t('gov24.search.button')}</button>
      </div>
    </form>
  );
}

export function renderHomePage(c: Context<AppEnv>, o: { counts: { all: number; applicable: number }; isOfficial: boolean }) {
  const t = c.get('t');
  const links = (param: string, values: readonly string[], key: string) => (
    <ul class="govuk-list">
      {values.map((v) => <li><a class="govuk-link" href={`/gov24/services?${param}=${encodeURIComponent(v)}`}>{t(`gov24.${key}.${v}`)}</a></li>)}
    </ul>
  );
  return renderPage(
    c,
    { title: t('gov24.home.title') },
    <>
      <h1 class="govuk-heading-xl">{t('gov24.home.title')}</h1>
      <p class="govuk-body-l">{t('gov24.home.lead', { all: o.counts.all, applicable: o.counts.applicable })}</p>
      <SearchForm c={c} query="" />
      <p class="govuk-body"><a class="govuk-link" href="/gov24/applications">{t('gov24.home.mine')}</a> · <a class="govuk-link" href="/gov24/certificates">{t('gov24.cert.title')}</a> · <a class="govuk-link" href="/gov24/verify">{t('gov24.verify.title')}</a></p>
      <p class="govuk-body"><a class="govuk-link" href="/gov24/notice-e">{t('gov24.home.noticeE')}</a> · <a class="govuk-link" href="/gov24/my-info">{t('gov24.home.lifeInfo')}</a>{o.isOfficial ? <> · <a class="govuk-link" href="/gov24/queue">{t('gov24.home.queue')}</a></> : null}</p>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-third"><h2 class="govuk-heading-m">{t('gov24.home.byCategory')}</h2>{links('category', CATEGORIES, 'category')}</div>
        <div class="govuk-grid-column-one-third">
          <h2 class="govuk-heading-m">{t('gov24.home.byLifeEvent')}</h2>
          {links('lifeEvent', LIFE_EVENTS, 'lifeEvent')}
          <p class="govuk-body"><a class="govuk-link" href="/gov24/life-events/moving-home">{t('gov24.home.movingBundle')}</a></p>
        </div>
        <div class="govuk-grid-column-one-third"><h2 class="govuk-heading-m">{t('gov24.home.byAge')}</h2>{links('ageGroup', AGE_GROUPS.filter((a) => a !== 'all'), 'age')}</div>
      </div>
    </>,
  );
}

export interface ResultsOptions {
  query: string;
  filterText: string;
  rows: ServiceRow[];
  total: number;
  page: number;
  pageHref: (page: number) => string;
}

export function renderResultsPage(c: Context<AppEnv>, o: ResultsOptions) {
  const t = c.get('t');
  const pages = Math.max(1, Math.ceil(o.total / 20));
  return renderPage(
    c,
    { title: t('gov24.results.title'), backLink: { href: '/gov24', text: t('gov24.back') } },
    <>
      <h1 class="govuk-heading-l">{t('gov24.results.title')}</h1>
      <SearchForm c={c} query={o.query} />
      <p class="govuk-body" id="result-count">{o.filterText ? `${o.filterText}: ` : ''}{t('gov24.results.count', { n: o.total })}</p>
      {o.rows.length === 0 ? <p class="govuk-body">{t('gov24.results.none')}</p> : null}
      <ul class="govuk-list">
        {o.rows.map((r) => (
          <li class="govuk-!-margin-bottom-3">
            <a class="govuk-link govuk-!-font-weight-bold" href={`/gov24/services/${encodeURIComponent(r.code)}`}>{serviceName(c, r)}</a>{' '}
            {r.is_applicable ? <Tag text={t('gov24.tag.online')} colour="green" /> : <Tag text={t('gov24.tag.info')} colour="grey" />}
          </li>
        ))}
      </ul>
      <Pagination t={t} page={o.page} pageCount={pages} hrefFor={o.pageHref} />
    </>,
  );
}

export function renderServicePage(c: Context<AppEnv>, o: { service: ServiceRow; definition: ServiceDefinition; agencyName: string; holders: Map<string, string> }) {
  const t = c.get('t');
  const d = o.definition;
  return renderPage(
    c,
    { title: inLocale(c, d.name), backLink: { href: '/gov24/services', text: t('gov24.back') } },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">{o.agencyName}</span>
        <h1 class="govuk-heading-l">{inLocale(c, d.name)}</h1>
        <p class="govuk-body-l">{inLocale(c, d.description)}</p>
        <SummaryList
          rows={[
            { key: t('gov24.service.audience'), value: inLocale(c, d.audience) },
            { key: t('gov24.service.eligibility'), value: inLocale(c, d.eligibility) },
            { key: t('gov24.service.legalBasis'), value: inLocale(c, d.legalBasis) },
            { key: t('gov24.service.fee'), value: d.feeKrw > 0 ? won(c, d.feeKrw) : t('gov24.fee.none') },
            { key: t('gov24.service.processing'), value: t('gov24.service.days', { n: d.processingDays }) },
            { key: t('gov24.service.agency'), value: o.agencyName },
            { key: t('gov24.service.version'), value: String(o.service.current_version) },
          ]}
        />
        {d.factItems.length > 0 ? (
          <>
            <h2 class="govuk-heading-m">{t('gov24.service.factsHeading')}</h2>
            <p class="govuk-body">{t('gov24.service.factsLead')}</p>
            <ul class="govuk-list govuk-list--bullet">
              {d.factItems.map((item) => <li>{t(`gov24.fact.${item}`)} ({o.holders.get(item) ?? ''})</li>)}
            </ul>
          </>
        ) : null}
        {d.documents.length > 0 ? (
          <>
            <h2 class="govuk-heading-m">{t('gov24.service.documentsHeading')}</h2>
            <ul class="govuk-list govuk-list--bullet">{d.documents.map((doc) => <li>{inLocale(c, doc.label)}</li>)}</ul>
          </>
        ) : null}
        {d.form.length > 0 ? (
          <form method="post" action={`/gov24/services/${encodeURIComponent(o.service.code)}/apply`} novalidate>
            <CsrfField c={c} />
            <Button text={t('gov24.service.apply')} isStartButton />
          </form>
        ) : (
          <p class="govuk-body">{t('gov24.service.notOnline', { agency: o.agencyName })}</p>
        )}
      </div>
    </div>,
  );
}
