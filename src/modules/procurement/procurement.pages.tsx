import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import { createFormatters, type Formatters } from '../../kernel/i18n/format.js';
import { SummaryList, Table, Tag, type TagColour } from '../../kernel/ui/components/index.js';
import { renderPage } from '../../kernel/ui/page.js';
import type { ProcurementService } from './procurement.service.js';
import type { TenderRow } from './procurement.tables.js';

export type Names = Map<string, { name_en: string; name_ko: string }>;
type TenderView = Awaited<ReturnType<ProcurementService['tenderView']>>;

export const nameOf = (c: Context<AppEnv>, names: Names, id: string) => {
  const org = names.get(id);
  return org ? (c.get('locale') === 'ko' ? org.name_ko : org.name_en) : id;
};

/** What the public sees: an open tender past its deadline is "bidding closed" until opened. */
export function publicStatus(tender: TenderRow, now: Date): 'open' | 'closed' | 'opened' | 'cancelled' {
  return tender.status === 'open' && now >= tender.bid_deadline ? 'closed' : tender.status;
}

const STATUS_COLOUR: Record<ReturnType<typeof publicStatus>, TagColour> = { open: 'green', closed: 'yellow', opened: 'blue', cancelled: 'grey' };

function StatusTag({ c, tender, now }: { c: Context<AppEnv>; tender: TenderRow; now: Date }) {
  const status = publicStatus(tender, now);
  return <Tag text={c.get('t')(`procurement.status.${status}`)} colour={STATUS_COLOUR[status]} />;
}

const When = ({ fmt, at }: { fmt: Formatters; at: Date }) => <time datetime={at.toISOString()}>{fmt.dateTime(at, 'medium')}</time>;

const percent = (fmt: Formatters, fraction: number) => fmt.number(fraction, { style: 'percent', maximumFractionDigits: 3 });
const floorRate = (fmt: Formatters, t: TenderRow) => percent(fmt, t.floor_rate_millis / 100_000);
const band = (fmt: Formatters, t: TenderRow) => percent(fmt, t.band_basis_points / 10_000);

export function renderTenderListPage(c: Context<AppEnv>, input: { tenders: TenderRow[]; names: Names; now: Date; page: number; pages: number }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const { tenders, names, now } = input;
  return renderPage(
    c,
    { title: t('procurement.list.title') },
    <>
      <h1 class="govuk-heading-l">{t('procurement.list.title')}</h1>
      <p class="govuk-body-l">{t('procurement.list.lead')}</p>
      {tenders.length === 0 ? (
        <p class="govuk-body">{t('procurement.list.empty')}</p>
      ) : (
        <Table
          caption={t('procurement.list.caption')}
          captionSize="s"
          head={[t('procurement.field.title'), t('procurement.field.agency'), t('procurement.field.kind'), t('procurement.field.bidDeadline'), t('procurement.field.status')]}
          rows={tenders.map((tender) => [
            <a class="govuk-link" href={`/procurement/tenders/${tender.id}`}>{tender.title}</a>,
            nameOf(c, names, tender.agency_id),
            t(`procurement.kind.${tender.kind}`),
            <When fmt={fmt} at={tender.bid_deadline} />,
            <StatusTag c={c} tender={tender} now={now} />,
          ])}
        />
      )}
      {input.pages > 1 ? (
        <nav class="govuk-pagination" aria-label={t('procurement.list.page', { page: input.page, pages: input.pages })}>
          <p class="govuk-body">{t('procurement.list.page', { page: input.page, pages: input.pages })}</p>
          <ul class="govuk-pagination__list">
            {Array.from({ length: input.pages }, (_, i) => i + 1).map((n) => (
              <li class={n === input.page ? 'govuk-pagination__item govuk-pagination__item--current' : 'govuk-pagination__item'}>
                <a class="govuk-link govuk-pagination__link" href={`/procurement?page=${n}`} aria-current={n === input.page ? 'page' : undefined}>{n}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {tenders.length > 0 ? <p class="govuk-body"><a class="govuk-link" href="/api/v1/procurement/ocds/releases">{t('procurement.list.openData')}</a></p> : null}
    </>,
  );
}

function MethodText({ c, fmt, tender }: { c: Context<AppEnv>; fmt: Formatters; tender: TenderRow }) {
  const t = c.get('t');
  return <p class="govuk-body">{t(`procurement.methodText.${tender.award_method}`, { rate: floorRate(fmt, tender), band: band(fmt, tender) })}</p>;
}

export function renderTenderPage(c: Context<AppEnv>, input: { view: TenderView; names: Names; now: Date }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const { tender, items, clarifications, amendments, validBids } = input.view;
  const isReserve = tender.award_method === 'multiple_reserve_price';
  const answered = clarifications.filter((q) => q.answer !== null);
  const rows = [
    { key: t('procurement.field.id'), value: tender.id },
    { key: t('procurement.field.agency'), value: nameOf(c, input.names, tender.agency_id) },
    { key: t('procurement.field.kind'), value: t(`procurement.kind.${tender.kind}`) },
    { key: t('procurement.field.status'), value: <StatusTag c={c} tender={tender} now={input.now} /> },
    { key: t('procurement.field.awardMethod'), value: t(`procurement.method.${tender.award_method}`) },
    { key: t('procurement.field.baseAmount'), value: fmt.won(tender.base_amount) },
    ...(isReserve ? [{ key: t('procurement.field.band'), value: t('procurement.band', { band: band(fmt, tender) }) }] : []),
    { key: t('procurement.field.floorRate'), value: floorRate(fmt, tender) },
    { key: t('procurement.field.bids'), value: fmt.number(validBids) },
    ...(tender.description ? [{ key: t('procurement.field.description'), value: tender.description }] : []),
  ];
  const timeline = [
    { key: t('procurement.field.publishedAt'), value: <When fmt={fmt} at={tender.published_at} /> },
    ...(tender.clarification_deadline ? [{ key: t('procurement.field.clarificationDeadline'), value: <When fmt={fmt} at={tender.clarification_deadline} /> }] : []),
    { key: t('procurement.field.bidDeadline'), value: <When fmt={fmt} at={tender.bid_deadline} /> },
    { key: t('procurement.field.openingAt'), value: <When fmt={fmt} at={tender.opening_at} /> },
  ];
  return renderPage(
    c,
    { title: tender.title, backLink: { href: '/procurement', text: t('procurement.back') } },
    <>
      <h1 class="govuk-heading-l">{tender.title}</h1>
      {tender.status === 'cancelled' ? (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
          <div class="govuk-warning-text__text">
            <h2 class="govuk-heading-s">{t('procurement.tender.cancelledHeading')}</h2>
            <p class="govuk-body">{tender.cancel_reason}</p>
            {tender.cancelled_at ? <p class="govuk-body">{t('procurement.tender.cancelledOn', { date: fmt.dateTime(tender.cancelled_at, 'medium') })}</p> : null}
          </div>
        </div>
      ) : null}
      {tender.status === 'opened' ? <p class="govuk-body"><a class="govuk-link" href={`/procurement/tenders/${tender.id}/result`}>{t('procurement.tender.resultLink')}</a></p> : null}
      <SummaryList rows={rows} />
      <h2 class="govuk-heading-m">{t('procurement.tender.itemsHeading')}</h2>
      {items.length === 0 ? (
        <p class="govuk-body">{t('procurement.tender.noItems')}</p>
      ) : (
        <Table
          caption={t('procurement.tender.itemsCaption')}
          captionSize="s"
          head={[t('procurement.item.position'), t('procurement.item.unspsc'), t('procurement.item.description'), { text: t('procurement.item.quantity'), isNumeric: true }]}
          rows={items.map((item) => [String(item.position), <code>{item.unspsc}</code>, item.description, { text: `${fmt.number(item.quantity)} ${item.unit}`, isNumeric: true }])}
        />
      )}
      <h2 class="govuk-heading-m">{t('procurement.tender.timelineHeading')}</h2>
      <SummaryList rows={timeline} />
      <h2 class="govuk-heading-m">{t('procurement.tender.rulesHeading')}</h2>
      <MethodText c={c} fmt={fmt} tender={tender} />
      <p class="govuk-body">{t('procurement.threshold', { k: tender.threshold, n: input.view.openingOfficials })}</p>
      {isReserve ? (
        <>
          <h3 class="govuk-heading-s">{t('procurement.field.reserveCommitment')}</h3>
          <p class="govuk-body"><code class="govuk-!-text-break-word">{tender.reserve_commitment}</code></p>
          <p class="govuk-body-s">{t('procurement.commitmentHint')}</p>
        </>
      ) : null}
      <p class="govuk-body">{t('procurement.tender.howToBid')}</p>
      {publicStatus(tender, input.now) === 'open' ? <p class="govuk-body"><a class="govuk-link" href={`/procurement/tenders/${tender.id}/bid`}>{t('procurement.tender.bidLink')}</a></p> : null}
      <h2 class="govuk-heading-m">{t('procurement.tender.clarificationsHeading')}</h2>
      {answered.length === 0 ? <p class="govuk-body">{t('procurement.tender.noClarifications')}</p> : null}
      {answered.map((q) => (
        <div class="govuk-!-margin-bottom-6">
          <h3 class="govuk-heading-s">{t('procurement.tender.question')}</h3>
          <p class="govuk-body">{q.question}</p>
          <h3 class="govuk-heading-s">{t('procurement.tender.answer')}</h3>
          <p class="govuk-body">{q.answer}</p>
        </div>
      ))}
      {clarifications.length > answered.length ? <p class="govuk-body">{t('procurement.tender.unanswered', { n: clarifications.length - answered.length })}</p> : null}
      {amendments.length > 0 ? (
        <>
          <h2 class="govuk-heading-m">{t('procurement.tender.amendmentsHeading')}</h2>
          <ol class="govuk-list">
            {amendments.map((a) => (
              <li>
                <h3 class="govuk-heading-s">{t('procurement.tender.amendment', { date: fmt.dateTime(a.amended_at, 'medium') })}</h3>
                <p class="govuk-body">{a.summary}</p>
                {a.changes_requirements ? (
                  <p class="govuk-body">{t('procurement.tender.requirementChange', { from: fmt.dateTime(a.previous_bid_deadline, 'medium'), to: fmt.dateTime(a.bid_deadline, 'medium') })}</p>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <p class="govuk-body"><a class="govuk-link" href={`/api/v1/procurement/ocds/records/${tender.id}`}>{t('procurement.tender.ocdsLink')}</a></p>
    </>,
  );
}
