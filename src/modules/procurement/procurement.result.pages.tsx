import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import { createFormatters, type Formatters } from '../../kernel/i18n/format.js';
import { SummaryList, Table, Tag } from '../../kernel/ui/components/index.js';
import { renderPage } from '../../kernel/ui/page.js';
import { LIVE_RESULT_SCRIPT } from './procurement.live.js';
import { nameOf, publicStatus, type Names } from './procurement.pages.js';
import type { ProcurementService, TenderResult } from './procurement.service.js';
import type { TenderRow } from './procurement.tables.js';

type VendorView = Awaited<ReturnType<ProcurementService['vendorView']>>;
type AwardView = Awaited<ReturnType<ProcurementService['awardView']>>;

const STATE_COLOUR = { standstill: 'yellow', suspended: 'orange', final: 'green', annulled: 'red' } as const;
const COMPLAINT_COLOUR = { pending: 'orange', upheld: 'red', dismissed: 'grey' } as const;

function Complaint({ c, fmt, names, complaint }: { c: Context<AppEnv>; fmt: Formatters; names: Names; complaint: AwardView['complaints'][number] }) {
  const t = c.get('t');
  return (
    <div class="govuk-!-margin-bottom-6">
      <h3 class="govuk-heading-s">
        {t('procurement.complaint.by', { vendor: nameOf(c, names, complaint.vendor_id), date: fmt.dateTime(complaint.filed_at, 'medium') })}{' '}
        <Tag text={t(`procurement.complaint.status.${complaint.status}`)} colour={COMPLAINT_COLOUR[complaint.status]} />
      </h3>
      <SummaryList
        rows={[
          { key: t('procurement.complaint.grounds'), value: complaint.grounds },
          ...(complaint.decision_reasons ? [{ key: t('procurement.complaint.reasons'), value: complaint.decision_reasons }] : []),
        ]}
      />
    </div>
  );
}

function AwardSection({ c, fmt, names, view }: { c: Context<AppEnv>; fmt: Formatters; names: Names; view: AwardView }) {
  const t = c.get('t');
  const { award, state, complaints } = view;
  return (
    <>
      <h2 class="govuk-heading-m">{t('procurement.award.heading')}</h2>
      {award && state ? (
        <>
          <p class="govuk-body">{t('procurement.award.decided', { vendor: nameOf(c, names, award.vendor_id), price: fmt.won(award.price), date: fmt.dateTime(award.decided_at, 'medium') })}</p>
          <p class="govuk-body">
            <Tag text={t(`procurement.award.state.${state}`, { date: fmt.dateTime(award.standstill_ends_at, 'medium') })} colour={STATE_COLOUR[state]} />
          </p>
        </>
      ) : (
        <p class="govuk-body">{t('procurement.award.none')}</p>
      )}
      {complaints.length > 0 ? (
        <>
          <h2 class="govuk-heading-m">{t('procurement.complaint.heading')}</h2>
          {complaints.map((complaint) => <Complaint c={c} fmt={fmt} names={names} complaint={complaint} />)}
        </>
      ) : null}
    </>
  );
}

const VendorLink = ({ c, names, id }: { c: Context<AppEnv>; names: Names; id: string }) => (
  <a class="govuk-link" href={`/procurement/vendors/${id}`}>{nameOf(c, names, id)}</a>
);

/** One row per bid: ranked ones in rank order, then the rest in price order, then the invalid ones. */
function resultRows(c: Context<AppEnv>, fmt: Formatters, result: TenderResult, names: Names, showPicks: boolean) {
  const t = c.get('t');
  const picksOf = new Map(result.opened.map((b) => [b.bidId, b.picks ?? []]));
  const winner = result.award.winner?.bidId;
  const ranked = result.award.bids.map((b) => [
    b.rank ? String(b.rank) : '–',
    <VendorLink c={c} names={names} id={b.vendorId} />,
    { text: fmt.won(b.price), isNumeric: true },
    ...(showPicks ? [(picksOf.get(b.bidId) ?? []).join(', ')] : []),
    b.bidId === winner ? <Tag text={t('procurement.result.won')} colour="green" /> : b.rejection ? t(`procurement.rejection.${b.rejection}`) : t('procurement.result.ranked'),
  ]);
  const invalid = result.invalid.map((b) => ['–', <VendorLink c={c} names={names} id={b.vendorId} />, { text: '–', isNumeric: true }, ...(showPicks ? ['–'] : []), t(`procurement.rejection.${b.reason}`)]);
  return [...ranked, ...invalid];
}

function ReserveDraw({ c, fmt, tender, result }: { c: Context<AppEnv>; fmt: Formatters; tender: TenderRow; result: TenderResult }) {
  const t = c.get('t');
  const revealed = tender.revealed_reserve;
  const planned = result.award.planned;
  if (!revealed || !planned) return null;
  return (
    <>
      <Table
        caption={t('procurement.result.reserveCaption')}
        captionSize="m"
        head={[t('procurement.result.number'), { text: t('procurement.result.reservePrice'), isNumeric: true }, { text: t('procurement.result.pickCount'), isNumeric: true }, t('procurement.result.chosen')]}
        rows={revealed.prices.map((price, i) => [
          String(i + 1),
          { text: fmt.won(price), isNumeric: true },
          { text: fmt.number(planned.pickCounts[i] ?? 0), isNumeric: true },
          planned.chosen.includes(i + 1) ? t('procurement.result.chosenYes') : '',
        ])}
      />
      <SummaryList
        rows={[
          { key: t('procurement.field.reserveCommitment'), value: <code class="govuk-!-text-break-word">{tender.reserve_commitment}</code> },
          { key: t('procurement.result.salt'), value: <code class="govuk-!-text-break-word">{revealed.salt}</code> },
        ]}
      />
    </>
  );
}

export function renderResultPage(c: Context<AppEnv>, input: { tender: TenderRow; names: Names; now: Date; award: AwardView }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const { tender, names } = input;
  const title = t('procurement.result.title', { title: tender.title });
  const result = tender.result as TenderResult | null;
  const back = { href: `/procurement/tenders/${tender.id}`, text: tender.title };
  if (tender.status !== 'opened' || !result) {
    const status = publicStatus(tender, input.now);
    return renderPage(
      c,
      { title, backLink: back },
      <>
        <h1 class="govuk-heading-l">{title}</h1>
        <p class="govuk-body">{t('procurement.result.notOpened')}</p>
        <p class="govuk-body">{t(`procurement.status.${status}`)}</p>
        {status === 'cancelled' ? null : (
          <>
            <p class="govuk-body" data-live-result={`/procurement/tenders/${tender.id}/result/events`}>{t('procurement.result.live')}</p>
            <script type="module" src={LIVE_RESULT_SCRIPT}></script>
          </>
        )}
      </>,
    );
  }
  const isReserve = tender.award_method === 'multiple_reserve_price';
  const winner = result.award.winner;
  const rows = resultRows(c, fmt, result, names, isReserve);
  return renderPage(
    c,
    { title, backLink: back },
    <>
      <h1 class="govuk-heading-l">{title}</h1>
      {tender.opened_at ? <p class="govuk-body">{t('procurement.result.openedAt', { date: fmt.dateTime(tender.opened_at, 'medium') })}</p> : null}
      <div class="govuk-inset-text">
        <p class="govuk-body govuk-!-font-weight-bold">{winner ? t('procurement.result.winner', { vendor: nameOf(c, names, winner.vendorId), price: fmt.won(winner.price) }) : t('procurement.result.noWinner')}</p>
      </div>
      <AwardSection c={c} fmt={fmt} names={names} view={input.award} />
      {rows.length === 0 ? (
        <p class="govuk-body">{t('procurement.result.noBids')}</p>
      ) : (
        <Table
          caption={t('procurement.result.bidsCaption')}
          captionSize="m"
          head={[t('procurement.result.rank'), t('procurement.result.vendor'), { text: t('procurement.result.price'), isNumeric: true }, ...(isReserve ? [t('procurement.result.picks')] : []), t('procurement.result.outcome')]}
          rows={rows}
        />
      )}
      <h2 class="govuk-heading-m">{t('procurement.result.priceHeading')}</h2>
      <SummaryList
        rows={[
          ...(result.award.planned ? [{ key: t('procurement.result.plannedPrice'), value: fmt.won(result.award.planned.plannedPrice) }] : [{ key: t('procurement.field.baseAmount'), value: fmt.won(tender.base_amount) }]),
          { key: t('procurement.field.floorRate'), value: fmt.number(tender.floor_rate_millis / 100_000, { style: 'percent', maximumFractionDigits: 3 }) },
          { key: t('procurement.result.floorPrice'), value: fmt.won(result.award.floorPrice) },
        ]}
      />
      {isReserve ? (
        <>
          <ReserveDraw c={c} fmt={fmt} tender={tender} result={result} />
          <h2 class="govuk-heading-m">{t('procurement.result.recomputeHeading')}</h2>
          <p class="govuk-body">{t('procurement.result.recompute')}</p>
        </>
      ) : null}
      <p class="govuk-body"><a class="govuk-link" href={`/api/v1/procurement/tenders/${tender.id}`}>{t('procurement.result.json')}</a></p>
    </>,
  );
}

export function renderVendorPage(c: Context<AppEnv>, input: { view: VendorView; names: Names }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const { vendor, organisation, debarments, bids, complaints } = input.view;
  const name = c.get('locale') === 'ko' ? organisation.name_ko : organisation.name_en;
  const title = t('procurement.vendor.title', { name });
  const outcomeOf = (bid: VendorView['bids'][number]) => {
    if (bid.tender_status !== 'opened' || bid.status !== 'valid') return t(`procurement.vendor.bid.${bid.status}`);
    const result = bid.result as TenderResult | null;
    const ranked = result?.award.bids.find((b) => b.bidId === bid.id);
    const invalid = result?.invalid.find((b) => b.bidId === bid.id);
    if (invalid) return t(`procurement.rejection.${invalid.reason}`);
    if (!ranked) return t('procurement.vendor.bid.valid');
    const price = fmt.won(ranked.price);
    if (ranked.rejection) return `${price} · ${t(`procurement.rejection.${ranked.rejection}`)}`;
    return `${price} · ${t('procurement.result.rank')} ${ranked.rank ?? ''}`;
  };
  const awards = bids.filter((b) => b.tender_status === 'opened' && (b.result as TenderResult | null)?.award.winner?.bidId === b.id);
  return renderPage(
    c,
    { title, backLink: { href: '/procurement', text: t('procurement.back') } },
    <>
      <h1 class="govuk-heading-l">{title}</h1>
      <SummaryList
        rows={[
          { key: t('procurement.field.status'), value: t('procurement.vendor.registered', { date: fmt.date(vendor.registered_at, 'long') }) },
          { key: t('procurement.vendor.categories'), value: vendor.categories.length > 0 ? vendor.categories.join(', ') : '–' },
        ]}
      />
      <h2 class="govuk-heading-m">{t('procurement.vendor.awardsHeading')}</h2>
      {awards.length === 0 ? (
        <p class="govuk-body">{t('procurement.vendor.noAwards')}</p>
      ) : (
        <ul class="govuk-list govuk-list--bullet">
          {awards.map((b) => <li><a class="govuk-link" href={`/procurement/tenders/${b.tender_id}/result`}>{b.title}</a> ({nameOf(c, input.names, b.agency_id)})</li>)}
        </ul>
      )}
      <h2 class="govuk-heading-m">{t('procurement.vendor.bidsHeading')}</h2>
      {bids.length === 0 ? (
        <p class="govuk-body">{t('procurement.vendor.noBids')}</p>
      ) : (
        <Table
          caption={t('procurement.vendor.bidsCaption')}
          captionSize="s"
          head={[t('procurement.field.title'), t('procurement.vendor.sentAt'), t('procurement.vendor.bidStatus')]}
          rows={bids.map((b) => [
            <a class="govuk-link" href={`/procurement/tenders/${b.tender_id}`}>{b.title}</a>,
            <time datetime={b.submitted_at.toISOString()}>{fmt.dateTime(b.submitted_at, 'medium')}</time>,
            b.tender_status === 'open' && b.status === 'valid' ? t('procurement.vendor.sealed') : outcomeOf(b),
          ])}
        />
      )}
      <h2 class="govuk-heading-m">{t('procurement.vendor.complaintsHeading')}</h2>
      {complaints.length === 0 ? <p class="govuk-body">{t('procurement.vendor.noComplaints')}</p> : null}
      {complaints.map((complaint) => (
        <>
          <p class="govuk-body"><a class="govuk-link" href={`/procurement/tenders/${complaint.tender_id}/result`}>{bids.find((b) => b.tender_id === complaint.tender_id)?.title ?? complaint.tender_id}</a></p>
          <Complaint c={c} fmt={fmt} names={input.names} complaint={complaint} />
        </>
      ))}
      <h2 class="govuk-heading-m">{t('procurement.vendor.debarmentsHeading')}</h2>
      {debarments.length === 0 ? (
        <p class="govuk-body">{t('procurement.vendor.noDebarments')}</p>
      ) : (
        <ul class="govuk-list">
          {debarments.map((d) => <li>{t('procurement.vendor.debarment', { from: fmt.date(d.starts_at, 'long'), to: fmt.date(d.ends_at, 'long'), reason: d.reason })}</li>)}
        </ul>
      )}
    </>,
  );
}
