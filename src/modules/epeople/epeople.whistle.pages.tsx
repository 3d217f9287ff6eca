import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import type { FieldProblem } from '../../kernel/http/errors.js';
import { createFormatters } from '../../kernel/i18n/format.js';
import { Button, InsetText, Panel, Radios, SummaryList, Tag, Textarea, TextInput, WarningText } from '../../kernel/ui/components/index.js';
import { CsrfField, renderPage } from '../../kernel/ui/page.js';
import type { CaseRow } from './epeople.tables.js';
import type { SealedIdentity } from './epeople.whistle.sealing.js';
import { PROTECTED_TYPES, type ProtectedReportInput } from './epeople.whistle.service.js';
import type { IdentityOpeningRow, InboxMessageRow } from './epeople.whistle.tables.js';

/** The report form's values as the pages carry them (hidden fields between form and check page; never a draft in the database). */
export type ReportValues = Required<{ [K in keyof ProtectedReportInput]: string }>;

export const REPORT_FIELDS: readonly (keyof ReportValues)[] = ['type', 'route', 'reporterName', 'reporterBirthDate', 'contact', 'title', 'content', 'locationAddress'];

const noStore = (c: Context<AppEnv>) => c.header('Cache-Control', 'no-store');

function Hidden({ values }: { values: ReportValues }) {
  return <>{REPORT_FIELDS.map((f) => <input type="hidden" name={f} value={values[f]} />)}</>;
}

export function renderReportFormPage(c: Context<AppEnv>, o: { values: ReportValues; errors: FieldProblem[] }) {
  const t = c.get('t');
  const v = o.values;
  const error = (f: string) => o.errors.find((e) => e.field === f)?.message;
  noStore(c);
  return renderPage(
    c,
    { title: t('epeople.whistle.form.title'), errors: o.errors, backLink: { href: '/epeople', text: t('epeople.back') }, ...(o.errors.length ? { status: 422 } : {}) },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">{t('epeople.whistle.form.title')}</h1>
        <p class="govuk-body">{t('epeople.whistle.form.lead')}</p>
        <InsetText>
          <p class="govuk-body">{t('epeople.whistle.form.how')}</p>
        </InsetText>
        <form method="post" action="/epeople/protected-report/check" novalidate>
          <CsrfField c={c} />
          <Radios
            t={t}
            name="type"
            legend={t('epeople.whistle.form.typeLegend')}
            legendClass="govuk-fieldset__legend--m"
            error={error('type')}
            value={v.type}
            items={PROTECTED_TYPES.map((code) => ({ value: code, text: t(`epeople.type.${code}`) }))}
          />
          <Radios
            t={t}
            name="route"
            legend={t('epeople.whistle.form.routeLegend')}
            legendClass="govuk-fieldset__legend--m"
            error={error('route')}
            value={v.route}
            items={[
              { value: 'sealed', text: t('epeople.whistle.route.sealed'), hint: t('epeople.whistle.route.sealedHint') },
              { value: 'proxy', text: t('epeople.whistle.route.proxy'), hint: t('epeople.whistle.route.proxyHint') },
            ]}
          />
          <h2 class="govuk-heading-m">{t('epeople.whistle.form.proxyHeading')}</h2>
          <p class="govuk-body">{t('epeople.whistle.form.proxyLead')}</p>
          <TextInput t={t} name="reporterName" label={t('epeople.whistle.field.reporterName')} error={error('reporterName')} value={v.reporterName} autocomplete="off" />
          <TextInput t={t} name="reporterBirthDate" label={t('epeople.whistle.field.reporterBirthDate')} hint={t('epeople.whistle.field.reporterBirthDateHint')} error={error('reporterBirthDate')} value={v.reporterBirthDate} width="width-10" autocomplete="off" />
          <h2 class="govuk-heading-m">{t('epeople.whistle.form.reportHeading')}</h2>
          <TextInput t={t} name="contact" label={t('epeople.whistle.field.contact')} hint={t('epeople.whistle.field.contactHint')} error={error('contact')} value={v.contact} autocomplete="off" />
          <TextInput t={t} name="title" label={t('epeople.field.title')} error={error('title')} value={v.title} />
          <Textarea t={t} name="content" label={t('epeople.whistle.field.content')} hint={t('epeople.whistle.field.contentHint')} error={error('content')} value={v.content} rows={8} />
          <TextInput t={t} name="locationAddress" label={t('epeople.q.location.label')} error={error('locationAddress')} value={v.locationAddress} />
          <Button text={t('epeople.continue')} />
        </form>
      </div>
    </div>,
  );
}

export function renderReportCheckPage(c: Context<AppEnv>, o: { values: ReportValues; nonce: string; errors?: FieldProblem[] }) {
  const t = c.get('t');
  const v = o.values;
  const none = t('epeople.none');
  const isProxy = v.route === 'proxy';
  noStore(c);
  return renderPage(
    c,
    { title: t('epeople.check.title'), errors: o.errors ?? [] },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">{t('epeople.check.title')}</h1>
        <SummaryList
          rows={[
            { key: t('epeople.field.type'), value: t(`epeople.type.${v.type}`) },
            { key: t('epeople.whistle.field.route'), value: t(`epeople.whistle.route.${isProxy ? 'proxy' : 'sealed'}`) },
            ...(isProxy
              ? [
                  { key: t('epeople.whistle.field.reporterName'), value: v.reporterName },
                  { key: t('epeople.whistle.field.reporterBirthDate'), value: v.reporterBirthDate || none },
                ]
              : []),
            { key: t('epeople.whistle.field.contact'), value: v.contact || none },
            { key: t('epeople.field.title'), value: v.title },
            { key: t('epeople.field.content'), value: v.content },
            { key: t('epeople.field.location'), value: v.locationAddress || none },
          ]}
        />
        <form method="post" action="/epeople/protected-report" novalidate>
          <CsrfField c={c} />
          <Hidden values={v} />
          <Button text={t('epeople.whistle.check.change')} variant="secondary" />
        </form>
        <h2 class="govuk-heading-m">{t('epeople.check.submitHeading')}</h2>
        <p class="govuk-body">{t('epeople.whistle.check.sealText')}</p>
        <form method="post" action="/epeople/protected-report/submit" novalidate>
          <CsrfField c={c} />
          <input type="hidden" name="nonce" value={o.nonce} />
          <Hidden values={v} />
          <Button text={t('epeople.check.submit')} preventDoubleClick />
        </form>
      </div>
    </div>,
  );
}

/** The only time the case code is ever shown. */
export function renderReportReceiptPage(c: Context<AppEnv>, o: { row: CaseRow; code: string; agencyName: string }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  noStore(c);
  return renderPage(
    c,
    { title: t('epeople.receipt.title') },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <Panel title={t('epeople.receipt.title')}>
          {t('epeople.receipt.number')}<br /><strong>{o.row.number}</strong>
        </Panel>
        <h2 class="govuk-heading-m">{t('epeople.whistle.receipt.codeHeading')}</h2>
        <p class="govuk-body"><strong class="govuk-!-font-size-36 nara-case-code" data-case-code>{o.code}</strong></p>
        <WarningText t={t}>{t('epeople.whistle.receipt.codeWarning')}</WarningText>
        <p class="govuk-body">{t('epeople.whistle.receipt.codeUse')}</p>
        <SummaryList
          rows={[
            { key: t('epeople.field.type'), value: t(`epeople.type.${o.row.type}`) },
            { key: t('epeople.field.agency'), value: o.agencyName },
            { key: t('epeople.field.receivedAt'), value: <time datetime={o.row.received_at.toISOString()}>{fmt.dateTime(o.row.received_at)}</time> },
            { key: t('epeople.field.dueAt'), value: <time datetime={o.row.due_at.toISOString()}>{fmt.dateTime(o.row.due_at)}</time> },
          ]}
        />
        <p class="govuk-body"><a class="govuk-link" href="/epeople/report-inbox">{t('epeople.whistle.receipt.inboxLink')}</a></p>
      </div>
    </div>,
  );
}

export function renderInboxCodePage(c: Context<AppEnv>, o: { errors: FieldProblem[]; status?: number }) {
  const t = c.get('t');
  noStore(c);
  return renderPage(
    c,
    { title: t('epeople.whistle.inbox.codeTitle'), errors: o.errors, backLink: { href: '/epeople', text: t('epeople.back') }, ...(o.status ? { status: o.status } : {}) },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <form method="post" action="/epeople/report-inbox" novalidate>
          <CsrfField c={c} />
          <TextInput
            t={t}
            name="code"
            label={t('epeople.whistle.inbox.codeTitle')}
            hint={t('epeople.whistle.inbox.codeHint')}
            isPageHeading
            error={o.errors.find((e) => e.field === 'code')?.message}
            autocomplete="off"
            spellcheck={false}
          />
          <Button text={t('epeople.continue')} />
        </form>
      </div>
    </div>,
  );
}

function Messages({ c, messages }: { c: Context<AppEnv>; messages: InboxMessageRow[] }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  if (messages.length === 0) return <p class="govuk-body">{t('epeople.whistle.inbox.empty')}</p>;
  return (
    <ol class="govuk-list nara-timeline">
      {messages.map((m) => (
        <li>
          <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{t(`epeople.whistle.inbox.${m.kind}`)}</h3>
          <p class="govuk-body-s govuk-!-margin-bottom-1"><time datetime={m.at.toISOString()}>{fmt.dateTime(m.at, 'medium')}</time></p>
          <p class="govuk-body">{m.body}</p>
        </li>
      ))}
    </ol>
  );
}

/** The reporter's view, reached with the case code: the report's progress, the questions and a reply form (the code travels in a hidden field, never in the address). */
export function renderInboxPage(c: Context<AppEnv>, o: { row: CaseRow; messages: InboxMessageRow[]; code: string; errors?: FieldProblem[]; notice?: string }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const { row } = o;
  const errors = o.errors ?? [];
  noStore(c);
  return renderPage(
    c,
    {
      title: t('epeople.whistle.inbox.title', { number: row.number }),
      errors,
      ...(errors.length ? { status: 422 } : {}),
      ...(o.notice ? { banner: { kind: 'success' as const, text: o.notice } } : {}),
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">{row.number}</span>
        <h1 class="govuk-heading-l">{row.title}</h1>
        <p class="govuk-body"><Tag text={t(`epeople.status.${row.status}`)} /></p>
        <SummaryList
          rows={[
            { key: t('epeople.field.type'), value: t(`epeople.type.${row.type}`) },
            { key: t('epeople.field.receivedAt'), value: <time datetime={row.received_at.toISOString()}>{fmt.dateTime(row.received_at)}</time> },
            { key: t('epeople.field.dueAt'), value: row.paused_at ? t('epeople.case.paused') : <time datetime={row.due_at.toISOString()}>{fmt.dateTime(row.due_at)}</time> },
          ]}
        />
        {row.answer ? (
          <>
            <h2 class="govuk-heading-m">{t('epeople.case.answerHeading')}</h2>
            <div class="govuk-inset-text"><p class="govuk-body">{row.answer}</p></div>
          </>
        ) : null}
        <h2 class="govuk-heading-m">{t('epeople.whistle.inbox.heading')}</h2>
        <Messages c={c} messages={o.messages} />
        <form method="post" action="/epeople/report-inbox/reply" novalidate>
          <CsrfField c={c} />
          <input type="hidden" name="code" value={o.code} />
          <Textarea t={t} name="reply" label={t('epeople.whistle.inbox.replyLabel')} labelClass="govuk-label--m" hint={t('epeople.whistle.inbox.replyHint')} error={errors.find((e) => e.field === 'reply')?.message} rows={5} />
          <Button text={t('epeople.whistle.inbox.replySend')} />
        </form>
      </div>
    </div>,
  );
}

/** The case page's section for a sealed report: the sealing notice, the openings, and the anonymous inbox. */
export function ProtectionSection(p: {
  c: Context<AppEnv>;
  row: CaseRow;
  viewer: 'filer' | 'official';
  protection: { isProxy: boolean; openings: Omit<IdentityOpeningRow, 'pending_share'>[] };
  messages: InboxMessageRow[] | undefined;
  errors: FieldProblem[];
}) {
  const { c, row, viewer, protection } = p;
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const opened = protection.openings.filter((o) => o.completed_at);
  return (
    <>
      <h2 class="govuk-heading-m">{t('epeople.whistle.case.heading')}</h2>
      <InsetText>
        <p class="govuk-body">{t(protection.isProxy ? 'epeople.whistle.case.sealedProxy' : 'epeople.whistle.case.sealed')}</p>
        <p class="govuk-body">{t('epeople.whistle.case.openings', { n: opened.length })}</p>
        {opened.map((o) => <p class="govuk-body-s"><time datetime={o.completed_at!.toISOString()}>{fmt.dateTime(o.completed_at!, 'medium')}</time></p>)}
      </InsetText>
      {viewer === 'official' ? (
        <p class="govuk-body"><a class="govuk-link" href={`/epeople/cases/${row.id}/identity`}>{t('epeople.whistle.case.openLink')}</a></p>
      ) : null}
      {p.messages ? (
        <>
          <h2 class="govuk-heading-m">{t('epeople.whistle.inbox.heading')}</h2>
          <Messages c={c} messages={p.messages} />
          {viewer === 'official' && row.status !== 'closed' ? (
            <form method="post" action={`/epeople/cases/${row.id}/ask-reporter`} novalidate>
              <CsrfField c={c} />
              <Textarea t={t} name="question" label={t('epeople.whistle.case.askLabel')} labelClass="govuk-label--s" hint={t('epeople.whistle.case.askHint')} error={p.errors.find((e) => e.field === 'question')?.message} rows={3} />
              <Button text={t('epeople.whistle.case.ask')} variant="secondary" />
            </form>
          ) : null}
          {viewer === 'filer' ? (
            <form method="post" action={`/epeople/cases/${row.id}/reply-reporter`} novalidate>
              <CsrfField c={c} />
              <Textarea t={t} name="reply" label={t('epeople.whistle.inbox.replyLabel')} labelClass="govuk-label--s" error={p.errors.find((e) => e.field === 'reply')?.message} rows={3} />
              <Button text={t('epeople.whistle.inbox.replySend')} variant="secondary" />
            </form>
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** A protection officer's page: their encrypted share to open on their device, and the form to release it. */
export function renderIdentityPage(
  c: Context<AppEnv>,
  o: { row: CaseRow; jwe: string; errors?: FieldProblem[]; result?: { status: 'awaiting_second_officer' } | { status: 'opened'; identity: SealedIdentity } },
) {
  const t = c.get('t');
  const errors = o.errors ?? [];
  const error = (f: string) => errors.find((e) => e.field === f)?.message;
  const none = t('epeople.none');
  noStore(c);
  const result = o.result;
  return renderPage(
    c,
    {
      title: t('epeople.whistle.identity.title', { number: o.row.number }),
      errors,
      ...(errors.length ? { status: 422 } : {}),
      backLink: { href: `/epeople/cases/${o.row.id}`, text: t('epeople.back') },
      ...(result?.status === 'awaiting_second_officer' ? { banner: { kind: 'success' as const, text: t('epeople.whistle.identity.awaiting') } } : {}),
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">{o.row.number}</span>
        <h1 class="govuk-heading-l">{t('epeople.whistle.identity.heading')}</h1>
        {result?.status === 'opened' ? (
          <>
            <WarningText t={t}>{t('epeople.whistle.identity.openedWarning')}</WarningText>
            <SummaryList
              rows={[
                { key: t('epeople.whistle.field.reporterName'), value: result.identity.reporter.name },
                { key: t('epeople.whistle.field.reporterBirthDate'), value: result.identity.reporter.birthDate ?? none },
                { key: t('epeople.whistle.field.contact'), value: result.identity.reporter.contact ?? none },
                { key: t('epeople.whistle.field.route'), value: t(`epeople.whistle.route.${result.identity.route === 'proxy' ? 'proxy' : 'sealed'}`) },
                ...(result.identity.proxy ? [{ key: t('epeople.whistle.field.proxy'), value: result.identity.proxy.name }] : []),
              ]}
            />
          </>
        ) : (
          <>
            <p class="govuk-body">{t('epeople.whistle.identity.lead')}</p>
            <Textarea t={t} name="jwe" id="encrypted-share" label={t('epeople.whistle.identity.encryptedShare')} value={o.jwe} rows={4} />
            <form method="post" action={`/epeople/cases/${o.row.id}/identity`} novalidate>
              <CsrfField c={c} />
              <TextInput t={t} name="share" label={t('epeople.whistle.identity.share')} hint={t('epeople.whistle.identity.shareHint')} error={error('share')} autocomplete="off" spellcheck={false} />
              <Textarea t={t} name="reason" label={t('epeople.whistle.identity.reason')} error={error('reason')} rows={3} />
              <Button text={t('epeople.whistle.identity.release')} variant="warning" />
            </form>
          </>
        )}
      </div>
    </div>,
  );
}

/** The case-page sections of a sealed report, for `registerEpeopleRoutes`. */
export function protectionSections(protection: {
  protectionOf: (caseId: string) => Promise<{ isProxy: boolean; openings: Omit<IdentityOpeningRow, 'pending_share'>[] } | undefined>;
  inboxOf: (caseId: string) => Promise<InboxMessageRow[] | undefined>;
}) {
  return async (c: Context<AppEnv>, view: { case: CaseRow; viewer: 'filer' | 'official' }, errors: FieldProblem[]) => {
    const sealed = await protection.protectionOf(view.case.id);
    if (!sealed) return null;
    return <ProtectionSection c={c} row={view.case} viewer={view.viewer} protection={sealed} messages={await protection.inboxOf(view.case.id)} errors={errors} />;
  };
}
