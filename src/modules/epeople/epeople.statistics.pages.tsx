import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import { createFormatters } from '../../kernel/i18n/format.js';
import { Table } from '../../kernel/ui/components/index.js';
import { renderPage } from '../../kernel/ui/page.js';
import type { StatisticsReport } from './epeople.statistics.js';

export function renderStatisticsPage(c: Context<AppEnv>, report: StatisticsReport, thisYear: number) {
  const t = c.get('t');
  const locale = c.get('locale');
  const fmt = createFormatters(locale);
  const one = (n: number) => fmt.number(n, { maximumFractionDigits: 1 });
  const median = (hours: number | null) =>
    hours === null ? t('epeople.stats.none') : hours < 24 ? t('epeople.stats.hours', { n: one(hours) }) : t('epeople.stats.days', { n: one(hours / 24) });
  const totals = report.agencies.reduce((s, a) => ({ received: s.received + a.received, answered: s.answered + a.answered, onTime: s.onTime + a.answeredOnTime }), { received: 0, answered: 0, onTime: 0 });
  return renderPage(
    c,
    { title: t('epeople.stats.title', { year: String(report.year) }), backLink: { href: '/epeople', text: t('epeople.back') } },
    <>
      <h1 class="govuk-heading-l">{t('epeople.stats.title', { year: String(report.year) })}</h1>
      <p class="govuk-body-l">{t('epeople.stats.lead')}</p>
      <p class="govuk-body">
        {t('epeople.stats.summary', { received: totals.received, answered: totals.answered, percent: totals.answered ? one((100 * totals.onTime) / totals.answered) : '-' })}
      </p>
      {report.agencies.length === 0 ? (
        <p class="govuk-body">{t('epeople.stats.empty')}</p>
      ) : (
        <Table
          caption={t('epeople.stats.caption', { year: String(report.year) })}
          firstCellIsHeader
          head={[
            t('epeople.stats.agency'),
            { text: t('epeople.stats.received'), isNumeric: true },
            { text: t('epeople.stats.answered'), isNumeric: true },
            { text: t('epeople.stats.onTime'), isNumeric: true },
            { text: t('epeople.stats.median'), isNumeric: true },
            { text: t('epeople.stats.extensions'), isNumeric: true },
            { text: t('epeople.stats.satisfied'), isNumeric: true },
          ]}
          rows={report.agencies.map((a) => [
            locale === 'ko' ? a.nameKo : a.nameEn,
            { text: fmt.number(a.received), isNumeric: true },
            { text: fmt.number(a.answered), isNumeric: true },
            { text: a.answeredOnTimePercent === null ? t('epeople.stats.none') : `${one(a.answeredOnTimePercent)}%`, isNumeric: true },
            { text: median(a.medianHoursToAnswer), isNumeric: true },
            { text: t('epeople.stats.extensionsValue', { used: a.extensionsUsed, cases: a.casesExtended }), isNumeric: true },
            { text: a.rated ? t('epeople.stats.satisfiedValue', { satisfied: a.satisfied, rated: a.rated }) : t('epeople.stats.none'), isNumeric: true },
          ])}
        />
      )}
      <p class="govuk-body govuk-body-s">{t('epeople.stats.notes')}</p>
      <nav aria-label={t('epeople.stats.years')}>
        <ul class="govuk-list">
          <li><a class="govuk-link" href={`/epeople/statistics?year=${report.year - 1}`}>{t('epeople.stats.year', { year: String(report.year - 1) })}</a></li>
          {report.year < thisYear ? <li><a class="govuk-link" href={`/epeople/statistics?year=${report.year + 1}`}>{t('epeople.stats.year', { year: String(report.year + 1) })}</a></li> : null}
          <li><a class="govuk-link" href={`/api/v1/epeople/statistics?year=${report.year}`}>{t('epeople.stats.json')}</a></li>
        </ul>
      </nav>
    </>,
  );
}
