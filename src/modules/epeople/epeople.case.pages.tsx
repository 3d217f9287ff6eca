import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../../kernel/http/context.js';
import type { FieldProblem } from '../../kernel/http/errors.js';
import { createFormatters } from '../../kernel/i18n/format.js';
import type { Organisation } from '../../kernel/identity/identity.tables.js';
import { Button, LiveStatus, Radios, Select, SummaryList, Table, Tag, Textarea, TextInput } from '../../kernel/ui/components/index.js';
import { CsrfField, renderPage } from '../../kernel/ui/page.js';
import { redactPersonalData } from './epeople.redact.js';
import { AnswerReview } from './epeople.review.pages.js';
import { CaseFiles } from './epeople.attachments.pages.js';
import type { AttachmentInfo } from './epeople.attachments.tables.js';
import { formatMapPoint } from './epeople.filing.pages.js';
import { ANSWER_OUTCOMES, type CaseView } from './epeople.service.js';
import type { CaseEventRow, CaseRow } from './epeople.tables.js';

type Agencies = Organisation[];

const nameOf = (c: Context<AppEnv>, agencies: Agencies, id: string | null) => {
  const org = agencies.find((a) => a.id === id);
  return org ? (c.get('locale') === 'ko' ? org.name_ko : org.name_en) : '';
};

const statusColour = (status: string) =>
  status === 'answered' ? 'green' : status === 'awaiting_supplement' ? 'yellow' : status === 'triage' ? 'orange' : status === 'closed' ? 'grey' : 'blue';

/** The map point, with a link to see it on a public map (no script on this page). */
function MapPoint({ c, lat, lon }: { c: Context<AppEnv>; lat: number; lon: number }) {
  return (
    <>
      {formatMapPoint(c, lat, lon)}{' '}
      <a class="govuk-link" href={`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`} rel="noreferrer noopener">{c.get('t')('epeople.case.openMap')}</a>
    </>
  );
}

export function StatusTag({ c, status }: { c: Context<AppEnv>; status: string }) {
  return <Tag text={c.get('t')(`epeople.status.${status}`)} colour={statusColour(status)} />;
}

export function renderMyCasesPage(c: Context<AppEnv>, cases: CaseRow[]) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  return renderPage(
    c,
    { title: t('epeople.mine.title'), backLink: { href: '/epeople', text: t('epeople.back') } },
    <>
      <h1 class="govuk-heading-l">{t('epeople.mine.title')}</h1>
      {cases.length === 0 ? (
        <p class="govuk-body">{t('epeople.mine.empty')}</p>
      ) : (
        <Table
          caption={t('epeople.mine.caption')}
          captionSize="s"
          head={[t('epeople.field.number'), t('epeople.field.title'), t('epeople.field.status'), t('epeople.field.dueAt')]}
          rows={cases.map((row) => [
            <a class="govuk-link" href={`/epeople/cases/${row.id}`}>{row.number}</a>,
            row.title,
            <StatusTag c={c} status={row.status} />,
            <time datetime={row.due_at.toISOString()}>{fmt.dateTime(row.due_at, 'medium')}</time>,
          ])}
        />
      )}
      <p class="govuk-body"><a class="govuk-link" href="/epeople/file/type">{t('epeople.mine.fileAnother')}</a></p>
    </>,
  );
}

function Timeline({ c, history, agencies }: { c: Context<AppEnv>; history: CaseEventRow[]; agencies: Agencies }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  return (
    <ol class="govuk-list nara-timeline">
      {history.map((e) => (
        <li>
          <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{t(`epeople.event.${e.kind}`, { to: nameOf(c, agencies, e.to_agency_id), from: nameOf(c, agencies, e.from_agency_id) })}</h3>
          <p class="govuk-body-s govuk-!-margin-bottom-1"><time datetime={e.at.toISOString()}>{fmt.dateTime(e.at, 'medium')}</time></p>
          {e.note ? <p class="govuk-body">{e.note}</p> : null}
          {e.due_at && e.kind !== 'filed' ? <p class="govuk-body">{t('epeople.event.newDue', { due: fmt.dateTime(e.due_at, 'medium') })}</p> : null}
        </li>
      ))}
    </ol>
  );
}

interface CasePageOptions {
  view: CaseView;
  agencies: Agencies;
  errors?: FieldProblem[];
  notice?: string;
  /** Supplement requests allowed before the case may be closed (the deployment's setting). */
  maxSupplements: number;
  /** Further sections from other parts of the module (whistleblower protection), after the answer and rating. */
  sections?: Child;
  /** The viewer supervises the case's body: answers directly and approves drafts. */
  isSupervisor?: boolean;
  /** The files attached to the case. */
  files?: AttachmentInfo[];
}

function FilerActions({ c, row, errors }: { c: Context<AppEnv>; row: CaseRow; errors: FieldProblem[] }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  if (row.status === 'answered' || row.status === 'closed') return null;
  return (
    <>
      {row.proposed_extension_due_at ? (
        <form method="post" action={`/epeople/cases/${row.id}/extension-consent`} novalidate>
          <CsrfField c={c} />
          <h2 class="govuk-heading-m">{t('epeople.case.consentHeading')}</h2>
          <p class="govuk-body">{t('epeople.case.consentLead', { due: fmt.dateTime(row.proposed_extension_due_at) })}</p>
          <div class="govuk-inset-text">{row.proposed_extension_reason}</div>
          <Radios
            t={t}
            name="consent"
            legend={t('epeople.case.consentLegend')}
            legendClass="govuk-fieldset__legend--s"
            error={errors.find((e) => e.field === 'consent')?.message}
            items={[{ value: 'yes', text: t('epeople.case.consentYes') }, { value: 'no', text: t('epeople.case.consentNo') }]}
          />
          <Button text={t('epeople.case.consentSend')} />
        </form>
      ) : null}
      {row.status === 'awaiting_supplement' ? (
        <form method="post" action={`/epeople/cases/${row.id}/supplement`} novalidate>
          <CsrfField c={c} />
          <h2 class="govuk-heading-m">{t('epeople.case.supplementHeading')}</h2>
          <Textarea t={t} name="supplement" label={t('epeople.case.supplementLabel')} error={errors.find((e) => e.field === 'supplement')?.message} />
          <Button text={t('epeople.case.supplementSend')} />
        </form>
      ) : null}
    </>
  );
}

const SATISFACTION_ITEMS = ['satisfied', 'neutral', 'dissatisfied'] as const;

/** The filer's rating of the answer, and the way to take the matter further when dissatisfied. */
function Feedback({ c, row, viewer, errors }: { c: Context<AppEnv>; row: CaseRow; viewer: 'filer' | 'official'; errors: FieldProblem[] }) {
  const t = c.get('t');
  const error = (f: string) => errors.find((e) => e.field === f)?.message;
  const links = (
    <>
      {row.reopened_from ? <p class="govuk-body"><a class="govuk-link" href={`/epeople/cases/${row.reopened_from}`}>{t('epeople.case.reopenedFrom')}</a></p> : null}
      {row.reopened_as && viewer === 'filer' ? <p class="govuk-body"><a class="govuk-link" href={`/epeople/cases/${row.reopened_as}`}>{t('epeople.case.reopenedAs')}</a></p> : null}
    </>
  );
  if (row.status !== 'answered') return links;
  if (row.satisfaction) {
    return (
      <>
        <h2 class="govuk-heading-m">{t('epeople.case.ratingHeading')}</h2>
        <p class="govuk-body">{t(`epeople.satisfaction.${row.satisfaction}`)}</p>
        {row.satisfaction_comment ? <p class="govuk-body">{row.satisfaction_comment}</p> : null}
        {links}
        {viewer === 'filer' && row.satisfaction === 'dissatisfied' && !row.reopened_as ? (
          <form method="post" action={`/epeople/cases/${row.id}/reopen`} novalidate>
            <CsrfField c={c} />
            <h2 class="govuk-heading-m">{t('epeople.case.reopenHeading')}</h2>
            <Radios
              t={t}
              name="as"
              legend={t('epeople.case.reopenLegend')}
              legendClass="govuk-fieldset__legend--s"
              error={error('as')}
              items={[
                { value: 'grievance', text: t('epeople.case.reopenGrievance'), hint: t('epeople.case.reopenGrievanceHint') },
                { value: 'administrative_appeal', text: t('epeople.case.reopenAppeal'), hint: t('epeople.case.reopenAppealHint') },
              ]}
            />
            <Textarea t={t} name="reason" id="reopenReason" label={t('epeople.case.reopenReason')} error={error('reopenReason')} rows={4} />
            <Button text={t('epeople.case.reopenSend')} />
          </form>
        ) : null}
      </>
    );
  }
  if (viewer !== 'filer') return links;
  return (
    <form method="post" action={`/epeople/cases/${row.id}/rate`} novalidate>
      <CsrfField c={c} />
      <h2 class="govuk-heading-m">{t('epeople.case.rateHeading')}</h2>
      <Radios
        t={t}
        name="satisfaction"
        legend={t('epeople.case.rateLegend')}
        legendClass="govuk-fieldset__legend--s"
        error={error('satisfaction')}
        items={SATISFACTION_ITEMS.map((v) => ({ value: v, text: t(`epeople.satisfaction.${v}`) }))}
      />
      <Textarea t={t} name="comment" label={t('epeople.case.rateComment')} error={error('comment')} rows={3} />
      <Button text={t('epeople.case.rateSend')} />
    </form>
  );
}

function OfficialActions({ c, row, agencies, errors, maxSupplements, isSupervisor }: { c: Context<AppEnv>; row: CaseRow; agencies: Agencies; errors: FieldProblem[]; maxSupplements: number; isSupervisor: boolean }) {
  const t = c.get('t');
  const error = (f: string) => errors.find((e) => e.field === f)?.message;
  if (row.status === 'answered' || row.status === 'closed') return null;
  const inTriage = row.agency_id === null;
  return (
    <>
      <h2 class="govuk-heading-l">{t('epeople.act.heading')}</h2>
      <AnswerReview c={c} row={row} isSupervisor={isSupervisor} errors={errors} />
      {!inTriage && row.status !== 'awaiting_supplement' ? (
        <form method="post" action={`/epeople/cases/${row.id}/${isSupervisor ? 'answer' : 'answer-draft'}`} novalidate>
          <CsrfField c={c} />
          {/* A supervisor signs and sends; anyone else drafts for a supervisor's approval. */}
          <Textarea t={t} name="answer" label={t('epeople.act.answerLabel')} labelClass="govuk-label--m" hint={t('epeople.act.answerHint')} error={error('answer')} rows={6} value={isSupervisor ? undefined : (row.answer_draft ?? undefined)} />
          <Radios
            t={t}
            name="outcome"
            legend={t('epeople.act.outcomeLegend')}
            legendClass="govuk-fieldset__legend--s"
            error={error('outcome')}
            value={isSupervisor ? undefined : (row.answer_draft_outcome ?? undefined)}
            items={ANSWER_OUTCOMES.map((o) => ({ value: o, text: t(`epeople.outcome.${o}`) }))}
          />
          <Textarea t={t} name="remedies" label={t('epeople.act.remediesLabel')} hint={t('epeople.act.remediesHint')} error={error('remedies')} rows={3} value={isSupervisor ? undefined : (row.answer_draft_remedies ?? undefined)} />
          {isSupervisor ? null : <p class="govuk-body">{t('epeople.review.submitLead')}</p>}
          <Button text={isSupervisor ? t('epeople.act.answer') : t('epeople.review.submit')} />
        </form>
      ) : null}
      {row.status === 'awaiting_supplement' && row.supplement_requests >= maxSupplements ? (
        <form method="post" action={`/epeople/cases/${row.id}/close`}>
          <CsrfField c={c} />
          <p class="govuk-body">{t('epeople.act.closeText')}</p>
          <Button text={t('epeople.act.close')} variant="warning" />
        </form>
      ) : null}
      {!inTriage ? (
        <form method="post" action={`/epeople/cases/${row.id}/assign`}>
          <CsrfField c={c} />
          <Button text={t('epeople.act.assign')} variant="secondary" />
        </form>
      ) : null}
      {!inTriage && row.status !== 'awaiting_supplement' ? (
        <form method="post" action={`/epeople/cases/${row.id}/request-supplement`} novalidate>
          <CsrfField c={c} />
          <Textarea t={t} name="note" label={t('epeople.act.supplementLabel')} labelClass="govuk-label--m" hint={t('epeople.act.supplementHint', { used: row.supplement_requests })} error={error('note')} rows={3} />
          <Button text={t('epeople.act.supplement')} variant="secondary" />
        </form>
      ) : null}
      {!inTriage ? (
        <form method="post" action={`/epeople/cases/${row.id}/extend`} novalidate>
          <CsrfField c={c} />
          <h3 class="govuk-heading-m">{t('epeople.act.extendHeading')}</h3>
          <TextInput t={t} name="amount" id="extend-amount" label={t('epeople.act.extendAmount')} width="width-3" inputmode="numeric" error={error('extend-amount')} />
          <Textarea t={t} name="reason" id="extend-reason" label={t('epeople.act.extendReason')} error={error('extend-reason')} rows={2} />
          <p class="govuk-body">{row.extensions >= 1 ? t('epeople.act.extendAgainHint') : t('epeople.act.extendHint')}</p>
          {row.proposed_extension_due_at ? <p class="govuk-body">{t('epeople.act.consentPending')}</p> : null}
          <Button text={t('epeople.act.extend')} variant="secondary" />
        </form>
      ) : null}
      <form method="post" action={`/epeople/cases/${row.id}/transfer`} novalidate>
        <CsrfField c={c} />
        <h3 class="govuk-heading-m">{inTriage ? t('epeople.act.routeHeading') : t('epeople.act.transferHeading')}</h3>
        <Select
          t={t}
          name="agencyId"
          label={t('epeople.act.transferTo')}
          error={error('agencyId')}
          options={[{ value: '', text: t('epeople.act.chooseAgency') }, ...agencies.filter((a) => a.id !== row.agency_id).map((a) => ({ value: a.id, text: nameOf(c, agencies, a.id) }))]}
        />
        <Textarea t={t} name="reason" id="transfer-reason" label={t('epeople.act.transferReason')} error={error('transfer-reason')} rows={2} />
        <Button text={inTriage ? t('epeople.act.route') : t('epeople.act.transfer')} variant="secondary" />
      </form>
    </>
  );
}

export function renderCasePage(c: Context<AppEnv>, o: CasePageOptions) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const { case: row, history, viewer } = o.view;
  const errors = o.errors ?? [];
  return renderPage(
    c,
    {
      title: t('epeople.case.title', { number: row.number }),
      errors,
      ...(errors.length ? { status: 422 } : {}),
      ...(o.notice ? { banner: { kind: 'success' as const, text: o.notice } } : {}),
      backLink: viewer === 'filer' ? { href: '/epeople/cases', text: t('epeople.back') } : { href: '/epeople/queue', text: t('epeople.back') },
    },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">{row.number}</span>
        <h1 class="govuk-heading-l">{row.title}</h1>
        <p class="govuk-body"><StatusTag c={c} status={row.status} /></p>
        <SummaryList
          rows={[
            { key: t('epeople.field.type'), value: t(`epeople.type.${row.type}`) },
            { key: t('epeople.field.agency'), value: nameOf(c, o.agencies, row.agency_id) || t('epeople.receipt.triage') },
            { key: t('epeople.field.receivedAt'), value: <time datetime={row.received_at.toISOString()}>{fmt.dateTime(row.received_at)}</time> },
            {
              key: t('epeople.field.dueAt'),
              value: row.paused_at ? t('epeople.case.paused') : <time datetime={row.due_at.toISOString()}>{fmt.dateTime(row.due_at)}</time>,
            },
            { key: t('epeople.field.content'), value: row.content },
            { key: t('epeople.field.location'), value: row.location_address ?? t('epeople.none') },
            ...(row.location_lat !== null && row.location_lon !== null ? [{ key: t('epeople.field.mapPoint'), value: <MapPoint c={c} lat={row.location_lat} lon={row.location_lon} /> }] : []),
          ]}
        />
        <CaseFiles c={c} caseId={row.id} files={o.files ?? []} />
        {row.answer ? (
          <>
            <h2 class="govuk-heading-m">{t('epeople.case.answerHeading')}</h2>
            {row.answer_outcome ? <p class="govuk-body"><Tag text={t(`epeople.outcome.${row.answer_outcome}`)} colour={row.answer_outcome === 'refused' ? 'red' : 'green'} /></p> : null}
            <div class="govuk-inset-text"><p class="govuk-body">{row.answer}</p></div>
            {row.answer_remedies ? (
              <>
                <h3 class="govuk-heading-s">{t('epeople.case.remediesHeading')}</h3>
                <p class="govuk-body">{row.answer_remedies}</p>
              </>
            ) : null}
            {row.answer_certificate_serial ? (
              <p class="govuk-body">
                {t('epeople.case.signed', { serial: row.answer_certificate_serial })}{' '}
                <a class="govuk-link" href={`/epeople/cases/${row.id}/answer.jws`} download={`${row.number}-answer.jws`}>{t('epeople.case.downloadAnswer')}</a>
              </p>
            ) : null}
          </>
        ) : null}
        {viewer === 'filer' ? <FilerActions c={c} row={row} errors={errors} /> : null}
        <Feedback c={c} row={row} viewer={viewer} errors={errors} />
        {o.sections ?? null}
        {viewer === 'filer' ? <p class="govuk-body"><a class="govuk-link" href={`/epeople/cases/${row.id}/receipt`}>{t('epeople.case.receiptLink')}</a></p> : null}
        <LiveStatus streamUrl={`/epeople/cases/${row.id}/live`} since={history.at(-1)?.id ?? 0} reloadText={t('epeople.live.reload')} />
        <h2 class="govuk-heading-m">{t('epeople.case.historyHeading')}</h2>
        <Timeline c={c} history={history} agencies={o.agencies} />
        {viewer === 'official' ? <OfficialActions c={c} row={row} agencies={o.agencies} errors={errors} maxSupplements={o.maxSupplements} isSupervisor={o.isSupervisor ?? false} /> : null}
      </div>
    </div>,
  );
}

function QueueTable({ c, caption, cases }: { c: Context<AppEnv>; caption: string; cases: CaseRow[] }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  if (cases.length === 0) return <p class="govuk-body">{t('epeople.queue.empty', { queue: caption })}</p>;
  return (
    <Table
      caption={caption}
      head={[t('epeople.field.number'), t('epeople.field.title'), t('epeople.field.type'), t('epeople.field.status'), t('epeople.field.dueAt')]}
      rows={cases.map((row) => [
        <a class="govuk-link" href={`/epeople/cases/${row.id}`}>{row.number}</a>,
        row.title,
        t(`epeople.type.${row.type}`),
        <StatusTag c={c} status={row.status} />,
        row.paused_at ? t('epeople.case.paused') : <time datetime={row.due_at.toISOString()}>{fmt.dateTime(row.due_at, 'medium')}</time>,
      ])}
    />
  );
}

export function renderQueuePage(c: Context<AppEnv>, o: { queues: { agencyId: string; cases: CaseRow[] }[]; triage: CaseRow[] | null; agencies: Agencies; awaitingApproval?: CaseRow[] }) {
  const t = c.get('t');
  return renderPage(
    c,
    { title: t('epeople.queue.title'), backLink: { href: '/epeople', text: t('epeople.back') } },
    <>
      <h1 class="govuk-heading-l">{t('epeople.queue.title')}</h1>
      {o.queues.length === 0 ? <p class="govuk-body">{t('epeople.queue.notOfficial')}</p> : null}
      {o.awaitingApproval?.length ? <QueueTable c={c} caption={t('epeople.review.queueCaption')} cases={o.awaitingApproval} /> : null}
      {o.queues.map((q) => <QueueTable c={c} caption={nameOf(c, o.agencies, q.agencyId)} cases={q.cases} />)}
      {o.triage ? <QueueTable c={c} caption={t('epeople.queue.triage')} cases={o.triage} /> : null}
    </>,
  );
}

export function renderPublicCasePage(c: Context<AppEnv>, row: CaseRow, agencies: Agencies, o: { supporters: number; joined: boolean }) {
  const t = c.get('t');
  const mask = t('epeople.public.redacted');
  return renderPage(
    c,
    { title: redactPersonalData(row.title, mask), ...(o.joined ? { banner: { kind: 'success' as const, text: t('epeople.public.joined') } } : {}) },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">{row.number}</span>
        <h1 class="govuk-heading-l">{redactPersonalData(row.title, mask)}</h1>
        <p class="govuk-body"><StatusTag c={c} status={row.status} /></p>
        <SummaryList
          rows={[
            { key: t('epeople.field.type'), value: t(`epeople.type.${row.type}`) },
            { key: t('epeople.field.agency'), value: nameOf(c, agencies, row.agency_id) || t('epeople.receipt.triage') },
            { key: t('epeople.field.content'), value: redactPersonalData(row.content, mask) },
            { key: t('epeople.field.supporters'), value: t('epeople.public.supporters', { n: o.supporters }) },
          ]}
        />
        {row.answer ? (
          <>
            <h2 class="govuk-heading-m">{t('epeople.case.answerHeading')}</h2>
            <div class="govuk-inset-text"><p class="govuk-body">{redactPersonalData(row.answer, mask)}</p></div>
          </>
        ) : null}
      </div>
    </div>,
  );
}
