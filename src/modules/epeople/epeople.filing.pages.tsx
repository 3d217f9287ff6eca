import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import type { FieldProblem } from '../../kernel/http/errors.js';
import { createFormatters } from '../../kernel/i18n/format.js';
import { Button, Fieldset, InsetText, Panel, Radios, Select, SummaryList, Textarea, TextInput } from '../../kernel/ui/components/index.js';
import { CsrfField, renderPage } from '../../kernel/ui/page.js';
import type { Organisation } from '../../kernel/identity/identity.tables.js';
import type { AttachmentInfo } from './epeople.attachments.tables.js';
import type { CaseRow } from './epeople.tables.js';
import type { CaseTypeRule } from './epeople.types.js';

/** The filing journey's question pages, in order; the check-your-answers page comes after. */
export const FILING_STEPS = ['type', 'agency', 'details', 'location', 'disclosure'] as const;
export type FilingStep = (typeof FILING_STEPS)[number];

export interface Draft {
  type?: string;
  agencyId?: string;
  title?: string;
  content?: string;
  locationAddress?: string;
  /** The map point as typed on the location page (decimal degrees), or empty. */
  locationLat?: string;
  locationLon?: string;
  isPublic?: 'yes' | 'no';
}

const agencyName = (c: Context<AppEnv>, agencies: Organisation[], id: string | null | undefined) => {
  const org = agencies.find((a) => a.id === id);
  return org ? (c.get('locale') === 'ko' ? org.name_ko : org.name_en) : '';
};

/** "latitude 37.5665, longitude 126.978" in the page's language (signed decimal degrees, WGS 84). */
export function formatMapPoint(c: Context<AppEnv>, lat: number, lon: number): string {
  const n = new Intl.NumberFormat(c.get('locale'), { minimumFractionDigits: 4, maximumFractionDigits: 6 });
  return c.get('t')('epeople.mapPoint', { lat: n.format(lat), lon: n.format(lon) });
}

/** "7 days" / "3 working hours", from the type's period. */
export function periodText(c: Context<AppEnv>, rule: CaseTypeRule): string {
  const t = c.get('t');
  return rule.period.unit === 'days' ? t('epeople.period.days', { n: rule.period.days }) : t('epeople.period.hours', { n: rule.period.hours });
}

export function renderStartPage(c: Context<AppEnv>, options: { isOfficial: boolean }) {
  const t = c.get('t');
  return renderPage(
    c,
    { title: t('epeople.start.title') },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-xl">{t('epeople.start.title')}</h1>
        <p class="govuk-body-l">{t('epeople.start.lead')}</p>
        <p class="govuk-body">{t('epeople.start.deadlines')}</p>
        <Button text={t('epeople.start.button')} href="/epeople/file/type" isStartButton />
        <h2 class="govuk-heading-m">{t('epeople.start.followHeading')}</h2>
        <ul class="govuk-list">
          <li><a class="govuk-link" href="/epeople/cases">{t('epeople.start.myCases')}</a></li>
          <li><a class="govuk-link" href="/epeople/statistics">{t('epeople.start.statistics')}</a></li>
          <li><a class="govuk-link" href="/epeople/protected-report">{t('epeople.whistle.start.report')}</a></li>
          <li><a class="govuk-link" href="/epeople/report-inbox">{t('epeople.whistle.start.inbox')}</a></li>
          {options.isOfficial ? <li><a class="govuk-link" href="/epeople/queue">{t('epeople.start.queue')}</a></li> : null}
        </ul>
      </div>
    </div>,
  );
}

interface QuestionOptions {
  step: FilingStep;
  draft: Draft;
  errors: FieldProblem[];
  caseTypes: readonly CaseTypeRule[];
  agencies: Organisation[];
  returnToCheck: boolean;
}

function QuestionFields({ c, o }: { c: Context<AppEnv>; o: QuestionOptions }) {
  const t = c.get('t');
  const error = (field: string) => o.errors.find((e) => e.field === field)?.message;
  switch (o.step) {
    case 'type':
      return (
        <Radios
          t={t}
          name="type"
          legend={t('epeople.q.type.legend')}
          isPageHeading
          error={error('type')}
          value={o.draft.type}
          items={o.caseTypes.map((rule) => ({
            value: rule.code,
            text: t(`epeople.type.${rule.code}`),
            hint: t('epeople.q.type.itemHint', { period: periodText(c, rule) }),
          }))}
        />
      );
    case 'agency':
      return (
        <Select
          t={t}
          name="agencyId"
          label={t('epeople.q.agency.label')}
          hint={t('epeople.q.agency.hint')}
          isPageHeading
          error={error('agencyId')}
          value={o.draft.agencyId ?? ''}
          options={[{ value: '', text: t('epeople.q.agency.auto') }, ...o.agencies.map((a) => ({ value: a.id, text: agencyName(c, o.agencies, a.id) }))]}
        />
      );
    case 'details':
      return (
        <>
          <h1 class="govuk-heading-l">{t('epeople.q.details.heading')}</h1>
          <TextInput t={t} name="title" label={t('epeople.field.title')} error={error('title')} value={o.draft.title} />
          <Textarea t={t} name="content" label={t('epeople.q.details.content')} hint={t('epeople.q.details.contentHint')} error={error('content')} value={o.draft.content} rows={8} />
        </>
      );
    case 'location':
      return (
        <>
          <TextInput
            t={t}
            name="locationAddress"
            label={t('epeople.q.location.label')}
            hint={t('epeople.q.location.hint')}
            isPageHeading
            error={error('locationAddress')}
            value={o.draft.locationAddress}
            autocomplete="street-address"
          />
          {/* A map point without JavaScript: two number fields, each checked for its range. */}
          <Fieldset legend={t('epeople.q.location.pointLegend')} legendClass="govuk-fieldset__legend--s" describedBy="location-point-hint">
            <div id="location-point-hint" class="govuk-hint">{t('epeople.q.location.pointHint')}</div>
            <TextInput t={t} name="locationLat" label={t('epeople.q.location.lat')} hint={t('epeople.q.location.latHint')} error={error('locationLat')} value={o.draft.locationLat} width="width-10" inputmode="decimal" spellcheck={false} />
            <TextInput t={t} name="locationLon" label={t('epeople.q.location.lon')} hint={t('epeople.q.location.lonHint')} error={error('locationLon')} value={o.draft.locationLon} width="width-10" inputmode="decimal" spellcheck={false} />
          </Fieldset>
        </>
      );
    case 'disclosure':
      return (
        <Radios
          t={t}
          name="isPublic"
          legend={t('epeople.q.disclosure.legend')}
          hint={t('epeople.q.disclosure.hint')}
          isPageHeading
          error={error('isPublic')}
          value={o.draft.isPublic}
          items={[
            { value: 'yes', text: t('epeople.q.disclosure.yes') },
            { value: 'no', text: t('epeople.q.disclosure.no') },
          ]}
        />
      );
  }
}

const stepTitle = (c: Context<AppEnv>, step: FilingStep) => c.get('t')(`epeople.q.${step}.title`);

export function renderQuestionPage(c: Context<AppEnv>, o: QuestionOptions) {
  const t = c.get('t');
  const index = FILING_STEPS.indexOf(o.step);
  const back = o.returnToCheck ? '/epeople/file/check' : index === 0 ? '/epeople' : `/epeople/file/${FILING_STEPS[index - 1]}`;
  return renderPage(
    c,
    {
      title: stepTitle(c, o.step),
      errors: o.errors,
      backLink: { href: back, text: t('epeople.back') },
      ...(o.errors.length ? { status: 422 } : {}),
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">{t('epeople.q.caption', { step: index + 1, steps: FILING_STEPS.length })}</span>
        <form method="post" action={`/epeople/file/${o.step}`} novalidate>
          <CsrfField c={c} />
          {o.returnToCheck ? <input type="hidden" name="returnTo" value="check" /> : null}
          <QuestionFields c={c} o={o} />
          <Button text={t('epeople.continue')} />
        </form>
      </div>
    </div>,
  );
}

interface CheckOptions {
  draft: Draft;
  rule: CaseTypeRule;
  agencies: Organisation[];
  similar: Pick<CaseRow, 'id' | 'number' | 'title' | 'status' | 'type'>[];
  repeats: { filed: number; answered: number };
  errors?: FieldProblem[];
  /** Files attached to the filing so far (metadata already removed). */
  files?: AttachmentInfo[];
}

export function renderCheckPage(c: Context<AppEnv>, o: CheckOptions) {
  const t = c.get('t');
  const change = (step: FilingStep, what: string) => ({ href: `/epeople/file/${step}?change=1`, text: t('epeople.check.change'), visuallyHiddenText: what });
  const d = o.draft;
  return renderPage(
    c,
    { title: t('epeople.check.title'), backLink: { href: '/epeople/file/disclosure', text: t('epeople.back') }, errors: o.errors ?? [] },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">{t('epeople.check.title')}</h1>
        <SummaryList
          rows={[
            { key: t('epeople.field.type'), value: `${t(`epeople.type.${o.rule.code}`)} (${periodText(c, o.rule)})`, action: change('type', t('epeople.field.type')) },
            { key: t('epeople.field.agency'), value: d.agencyId ? agencyName(c, o.agencies, d.agencyId) : t('epeople.q.agency.auto'), action: change('agency', t('epeople.field.agency')) },
            { key: t('epeople.field.title'), value: d.title ?? '', action: change('details', t('epeople.field.title')) },
            { key: t('epeople.field.content'), value: d.content ?? '', action: change('details', t('epeople.field.content')) },
            { key: t('epeople.field.location'), value: d.locationAddress || t('epeople.none'), action: change('location', t('epeople.field.location')) },
            ...(d.locationLat && d.locationLon
              ? [{ key: t('epeople.field.mapPoint'), value: formatMapPoint(c, Number(d.locationLat), Number(d.locationLon)), action: change('location', t('epeople.field.mapPoint')) }]
              : []),
            { key: t('epeople.field.disclosure'), value: d.isPublic === 'yes' ? t('epeople.q.disclosure.yes') : t('epeople.q.disclosure.no'), action: change('disclosure', t('epeople.field.disclosure')) },
            {
              key: t('epeople.field.files'),
              value: o.files?.length ? o.files.map((f) => f.file_name).join(', ') : t('epeople.none'),
              action: { href: '/epeople/file/attachments', text: o.files?.length ? t('epeople.check.change') : t('epeople.attach.add'), visuallyHiddenText: t('epeople.field.files') },
            },
          ]}
        />
        <h2 class="govuk-heading-m">{t('epeople.check.similarHeading')}</h2>
        {o.similar.length === 0 ? (
          <p class="govuk-body">{t('epeople.check.noSimilar')}</p>
        ) : (
          <>
            <p class="govuk-body">{t('epeople.check.similarLead')}</p>
            <ul class="govuk-list">
              {o.similar.map((s) => (
                <li>
                  <a class="govuk-link" href={`/epeople/public/${s.id}`}>{s.number}: {s.title}</a> ({t(`epeople.status.${s.status}`)})
                  <form method="post" action={`/epeople/file/join/${s.id}`}>
                    <CsrfField c={c} />
                    <Button text={t('epeople.check.join', { number: s.number })} variant="secondary" classes="govuk-button--small" />
                  </form>
                </li>
              ))}
            </ul>
          </>
        )}
        <h2 class="govuk-heading-m">{t('epeople.check.repeatHeading')}</h2>
        <InsetText>
          <p class="govuk-body">{t('epeople.check.repeatCount', { filed: o.repeats.filed, answered: o.repeats.answered })}</p>
          <p class="govuk-body">{t('epeople.check.repeatRule')}</p>
        </InsetText>
        <h2 class="govuk-heading-m">{t('epeople.check.submitHeading')}</h2>
        <p class="govuk-body">{t('epeople.check.submitText')}</p>
        <form method="post" action="/epeople/file/submit" novalidate>
          <CsrfField c={c} />
          <Button text={t('epeople.check.submit')} preventDoubleClick />
        </form>
      </div>
    </div>,
  );
}

export function renderReceiptPage(c: Context<AppEnv>, o: { row: CaseRow; integrated: boolean; agencyName: string }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const { row } = o;
  return renderPage(
    c,
    { title: t('epeople.receipt.title') },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <Panel title={t('epeople.receipt.title')}>
          {t('epeople.receipt.number')}<br /><strong>{row.number}</strong>
        </Panel>
        <SummaryList
          rows={[
            { key: t('epeople.field.type'), value: t(`epeople.type.${row.type}`) },
            { key: t('epeople.field.agency'), value: o.agencyName || t('epeople.receipt.triage') },
            { key: t('epeople.field.receivedAt'), value: <time datetime={row.received_at.toISOString()}>{fmt.dateTime(row.received_at)}</time> },
            { key: t('epeople.field.dueAt'), value: <time datetime={row.due_at.toISOString()}>{fmt.dateTime(row.due_at)}</time> },
          ]}
        />
        <h2 class="govuk-heading-m">{t('epeople.receipt.logHeading')}</h2>
        <p class="govuk-body">{t('epeople.receipt.logText')}</p>
        {o.integrated ? (
          <p class="govuk-body">
            <a class="govuk-link" href={`/epeople/cases/${row.id}/receipt.json`} download={`${row.number}-receipt.json`}>{t('epeople.receipt.download')}</a>
          </p>
        ) : (
          <p class="govuk-body">{t('epeople.receipt.pending')} <a class="govuk-link" href={`/epeople/cases/${row.id}/receipt`}>{t('epeople.receipt.refresh')}</a></p>
        )}
        <p class="govuk-body"><a class="govuk-link" href={`/epeople/cases/${row.id}`}>{t('epeople.receipt.follow')}</a></p>
      </div>
    </div>,
  );
}
