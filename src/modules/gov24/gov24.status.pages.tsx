import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import type { FieldProblem } from '../../kernel/http/errors.js';
import { createFormatters } from '../../kernel/i18n/format.js';
import { Button, InsetText, LiveStatus, NotificationBanner, Radios, SummaryList, Table, Tag, Textarea } from '../../kernel/ui/components/index.js';
import { CsrfField, renderPage } from '../../kernel/ui/page.js';
import { visibleFields } from './gov24.catalogue.js';
import { inLocale, serviceName } from './gov24.catalogue.pages.js';
import { OPEN_STATUSES, type ApplicationView } from './gov24.service.js';
import type { ApplicationRow } from './gov24.tables.js';

const isOpen = (status: string) => (OPEN_STATUSES as readonly string[]).includes(status);
const statusColour = (s: string) => (s === 'approved' ? 'green' : s === 'refused' ? 'red' : s === 'supplement_requested' ? 'orange' : s === 'withdrawn' || s === 'draft' ? 'grey' : 'blue');

export function renderMyApplicationsPage(c: Context<AppEnv>, rows: (ApplicationRow & { name_en: string; name_ko: string })[]) {
  const t = c.get('t');
  return renderPage(
    c,
    { title: t('gov24.mine.title'), backLink: { href: '/gov24', text: t('gov24.back') } },
    <>
      <h1 class="govuk-heading-l">{t('gov24.mine.title')}</h1>
      {rows.length === 0 ? <p class="govuk-body">{t('gov24.mine.none')}</p> : (
        <Table
          head={[t('gov24.mine.number'), t('gov24.receipt.service'), t('gov24.mine.status')]}
          rows={rows.map((r) => [
            <a class="govuk-link" href={r.status === 'draft' ? `/gov24/applications/${r.id}/continue` : `/gov24/applications/${r.id}`}>{r.number ?? t('gov24.mine.draft')}</a>,
            serviceName(c, r),
            <Tag text={t(`gov24.status.${r.status}`)} colour={statusColour(r.status)} />,
          ])}
        />
      )}
    </>,
  );
}

export function renderApplicationPage(c: Context<AppEnv>, o: { view: ApplicationView; agencyName: string; holders: Map<string, string>; errors?: FieldProblem[]; notice?: string }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const { application: a, definition: d, events, viewer } = o.view;
  const errors = o.errors ?? [];
  const error = (field: string) => errors.find((e) => e.field === field)?.message;
  const action = (path: string) => `/gov24/applications/${a.id}/${path}`;
  const lastSupplementRequest = [...events].reverse().find((e) => e.kind === 'supplement_requested');
  return renderPage(
    c,
    { title: t('gov24.app.title', { number: a.number ?? '' }), errors, backLink: { href: viewer === 'official' ? '/gov24/queue' : '/gov24/applications', text: t('gov24.back') }, ...(errors.length ? { status: 422 } : {}) },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        {o.notice ? <NotificationBanner t={t} kind="success" heading={o.notice} /> : null}
        <span class="govuk-caption-l">{inLocale(c, d.name)}</span>
        <h1 class="govuk-heading-l">{t('gov24.app.title', { number: a.number ?? '' })}</h1>
        <p class="govuk-body"><Tag text={t(`gov24.status.${a.status}`)} colour={statusColour(a.status)} /></p>
        <SummaryList
          rows={[
            { key: t('gov24.service.agency'), value: o.agencyName },
            ...(a.submitted_at ? [{ key: t('gov24.receipt.submittedAt'), value: fmt.dateTime(a.submitted_at) }] : []),
            ...(a.due_at ? [{ key: t('gov24.receipt.dueAt'), value: fmt.dateTime(a.due_at) }] : []),
          ]}
        />
        {a.decision ? (
          <>
            <h2 class="govuk-heading-m">{t('gov24.app.decisionHeading')}</h2>
            <SummaryList
              rows={[
                { key: t('gov24.app.decision'), value: t(`gov24.status.${a.decision}`) },
                { key: t('gov24.app.reasons'), value: a.decision_reasons ?? '' },
                ...(a.decision_remedy ? [{ key: t('gov24.app.remedy'), value: a.decision_remedy }] : []),
              ]}
            />
            <p class="govuk-body"><a class="govuk-link" href={action('decision.jws')}>{t('gov24.app.signedDecision')}</a></p>
          </>
        ) : null}
        {viewer === 'applicant' && a.status === 'supplement_requested' ? (
          <form method="post" action={action('supplement')} novalidate>
            <CsrfField c={c} />
            <h2 class="govuk-heading-m">{t('gov24.app.supplementHeading')}</h2>
            <InsetText>{lastSupplementRequest?.note ?? ''}</InsetText>
            <Textarea t={t} name="supplement" label={t('gov24.app.supplementLabel')} error={error('supplement')} rows={5} />
            <Button text={t('gov24.app.supplementSend')} />
          </form>
        ) : null}
        {viewer === 'official' ? <OfficialPanel c={c} o={o} error={error} action={action} /> : null}
        <LiveStatus streamUrl={`/gov24/applications/${a.id}/live`} since={events.at(-1)?.id ?? 0} reloadText={t('gov24.live.reload')} />
        <h2 class="govuk-heading-m">{t('gov24.app.timeline')}</h2>
        <ol class="govuk-list">
          {events.map((e) => (
            <li class="govuk-!-margin-bottom-2">
              <time class="govuk-body-s" datetime={e.at.toISOString()}>{fmt.dateTime(e.at)}</time>{' '}
              <strong>{t(`gov24.event.${e.kind}`)}</strong>
              {e.note && (e.kind === 'supplement_requested' || e.kind === 'supplement_provided') ? <p class="govuk-body-s">{e.note}</p> : null}
            </li>
          ))}
        </ol>
        {viewer === 'applicant' && isOpen(a.status) ? (
          <form method="post" action={action('withdraw')} novalidate>
            <CsrfField c={c} />
            <h2 class="govuk-heading-m">{t('gov24.app.withdrawHeading')}</h2>
            <p class="govuk-body">{t('gov24.app.withdrawText')}</p>
            <Button text={t('gov24.app.withdraw')} variant="warning" />
          </form>
        ) : null}
        {viewer === 'applicant' && a.bundle_id ? <p class="govuk-body"><a class="govuk-link" href={`/gov24/bundles/${a.bundle_id}`}>{t('gov24.bundle.partOf')}</a></p> : null}
        {viewer === 'applicant' && a.log_pending_id !== null ? <p class="govuk-body"><a class="govuk-link" href={action('receipt')}>{t('gov24.app.receipt')}</a></p> : null}
      </div>
    </div>,
  );
}

/** What the official sees and does: the answers and consented facts on one screen, then the actions. */
function OfficialPanel({ c, o, error, action }: { c: Context<AppEnv>; o: { view: ApplicationView; holders: Map<string, string> }; error: (f: string) => string | undefined; action: (p: string) => string }) {
  const t = c.get('t');
  const { application: a, definition: d } = o.view;
  const consented = a.consent ?? [];
  return (
    <>
      <h2 class="govuk-heading-m">{t('gov24.official.answers')}</h2>
      <SummaryList rows={visibleFields(d.form, a.answers).map((f) => ({ key: inLocale(c, f.label), value: a.answers[f.name] ?? '' }))} />
      {consented.length > 0 ? (
        <>
          <h2 class="govuk-heading-m">{t('gov24.official.facts')}</h2>
          <SummaryList rows={consented.map((i) => ({ key: `${t(`gov24.fact.${i.item}`)} (${o.holders.get(i.item) ?? ''})`, value: a.facts?.[i.item] ?? t('gov24.check.notHeld') }))} />
        </>
      ) : null}
      {o.view.documents.length > 0 ? (
        <>
          <h2 class="govuk-heading-m">{t('gov24.check.documentsHeading')}</h2>
          <ul class="govuk-list">
            {o.view.documents.map((doc) => <li><a class="govuk-link" href={action(`documents/${doc.name}`)}>{doc.filename}</a> ({doc.content_type}, {doc.sha256.slice(0, 19)}…)</li>)}
          </ul>
        </>
      ) : null}
      {isOpen(a.status) ? (
        <>
          {a.status === 'received' ? <form method="post" action={action('assign')} novalidate><CsrfField c={c} /><Button text={t('gov24.official.assign')} /></form> : null}
          {a.status === 'assigned' ? <form method="post" action={action('review')} novalidate><CsrfField c={c} /><Button text={t('gov24.official.review')} /></form> : null}
          {a.status !== 'supplement_requested' ? (
            <>
              <form method="post" action={action('request-supplement')} novalidate>
                <CsrfField c={c} />
                <Textarea t={t} name="note" label={t('gov24.official.supplementLabel')} error={error('note')} rows={3} />
                <Button text={t('gov24.official.supplement')} variant="secondary" />
              </form>
              <form method="post" action={action('decide')} novalidate>
                <CsrfField c={c} />
                <Radios t={t} name="decision" legend={t('gov24.official.decisionLegend')} error={error('decision')} items={[{ value: 'approved', text: t('gov24.official.approve') }, { value: 'refused', text: t('gov24.official.refuse') }]} />
                <Textarea t={t} name="reasons" label={t('gov24.app.reasons')} error={error('reasons')} rows={4} />
                <Textarea t={t} name="remedy" label={t('gov24.official.remedyLabel')} hint={t('gov24.official.remedyHint')} error={error('remedy')} value={t('gov24.official.remedyDefault')} rows={3} />
                <Button text={t('gov24.official.decide')} />
              </form>
            </>
          ) : <p class="govuk-body">{t('gov24.official.waiting')}</p>}
        </>
      ) : null}
    </>
  );
}

export function renderQueuePage(c: Context<AppEnv>, o: { queues: { agencyName: string; applications: (ApplicationRow & { name_en: string; name_ko: string })[] }[] }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  return renderPage(
    c,
    { title: t('gov24.queue.title'), backLink: { href: '/gov24', text: t('gov24.back') } },
    <>
      <h1 class="govuk-heading-l">{t('gov24.queue.title')}</h1>
      {o.queues.length === 0 ? <p class="govuk-body">{t('gov24.queue.notOfficial')}</p> : null}
      {o.queues.map((q) => (
        <>
          <h2 class="govuk-heading-m">{q.agencyName}</h2>
          {q.applications.length === 0 ? <p class="govuk-body">{t('gov24.queue.empty')}</p> : (
            <Table
              head={[t('gov24.mine.number'), t('gov24.receipt.service'), t('gov24.mine.status'), t('gov24.receipt.dueAt')]}
              rows={q.applications.map((r) => [
                <a class="govuk-link" href={`/gov24/applications/${r.id}`}>{r.number}</a>,
                serviceName(c, r),
                <Tag text={t(`gov24.status.${r.status}`)} colour={statusColour(r.status)} />,
                r.due_at ? fmt.dateTime(r.due_at) : '',
              ])}
            />
          )}
        </>
      ))}
    </>,
  );
}
