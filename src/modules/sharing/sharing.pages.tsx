import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import type { FieldProblem } from '../../kernel/http/errors.js';
import { createFormatters } from '../../kernel/i18n/format.js';
import type { Organisation } from '../../kernel/identity/identity.tables.js';
import { Button, InsetText, Select, SummaryList, Table, Tag, TextInput } from '../../kernel/ui/components/index.js';
import { CsrfField, renderPage } from '../../kernel/ui/page.js';
import { PREDICATES } from './sharing.predicates.js';
import type { DeskCase } from './sharing.cases.js';
import { approvalState } from './sharing.service.js';
import type { AccessRow, AlertRow, ApprovalRow, ItemRow } from './sharing.tables.js';
import type { CheckResult, LookupResult } from './sharing.types.js';

type C = Context<AppEnv>;

export const orgName = (c: C, orgs: Organisation[], id: string) => {
  const org = orgs.find((o) => o.id === id);
  return org ? (c.get('locale') === 'ko' ? org.name_ko : org.name_en) : id;
};
export const itemName = (c: C, items: ItemRow[], code: string) => {
  const item = items.find((i) => i.code === code);
  return item ? (c.get('locale') === 'ko' ? item.name_ko : item.name_en) : code;
};
const stateColour = { applied: 'blue', approved: 'green', refused: 'red', expired: 'grey' } as const;

/** A registry value in words: lists of records become one line each, booleans yes/no. */
function FieldValue({ c, value }: { c: C; value: unknown }) {
  const t = c.get('t');
  if (value === null || value === undefined) return <>{t('sharing.none')}</>;
  if (typeof value === 'boolean') return <>{t(value ? 'sharing.yes' : 'sharing.no')}</>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <>{t('sharing.none')}</>;
    return (
      <ul class="govuk-list">
        {value.map((v) => <li>{typeof v === 'object' && v !== null ? Object.values(v as Record<string, unknown>).filter((x) => x !== null).join(', ') : String(v)}</li>)}
      </ul>
    );
  }
  if (typeof value === 'object') return <>{Object.values(value as Record<string, unknown>).filter((x) => x !== null).join(', ')}</>;
  return <>{String(value)}</>;
}

export function renderStartPage(c: C) {
  const t = c.get('t');
  return renderPage(
    c,
    { title: t('sharing.start.title') },
    <>
      <h1 class="govuk-heading-l">{t('sharing.start.title')}</h1>
      <p class="govuk-body-l">{t('sharing.start.lead')}</p>
      <ul class="govuk-list">
        <li><a class="govuk-link" href="/sharing/my-data">{t('sharing.start.myData')}</a></li>
        <li><a class="govuk-link" href="/sharing/approvals">{t('sharing.start.approvals')}</a></li>
        <li><a class="govuk-link" href="/sharing/lookup">{t('sharing.start.lookup')}</a></li>
        <li><a class="govuk-link" href="/sharing/applications">{t('sharing.start.applications')}</a></li>
        <li><a class="govuk-link" href="/sharing/provider-alerts">{t('sharing.start.providerAlerts')}</a></li>
      </ul>
    </>,
  );
}

export function renderApprovalsPage(c: C, data: { approvals: ApprovalRow[]; items: ItemRow[]; agencies: Organisation[]; now: Date }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  return renderPage(
    c,
    { title: t('sharing.approvals.title'), backLink: { href: '/sharing', text: t('sharing.back') } },
    <>
      <h1 class="govuk-heading-l">{t('sharing.approvals.title')}</h1>
      <p class="govuk-body">{t('sharing.approvals.lead')}</p>
      {data.approvals.length === 0 ? (
        <p class="govuk-body">{t('sharing.approvals.empty')}</p>
      ) : (
        <Table
          caption={t('sharing.approvals.caption')}
          captionSize="s"
          head={[t('sharing.approvals.consumer'), t('sharing.approvals.service'), t('sharing.approvals.item'), t('sharing.approvals.fields'), t('sharing.approvals.legalBasis'), t('sharing.approvals.state'), t('sharing.approvals.until')]}
          rows={data.approvals.map((a) => {
            const state = approvalState(a, data.now);
            return [
              orgName(c, data.agencies, a.consumer_id),
              a.service_name,
              t('sharing.approvals.keptBy', { item: itemName(c, data.items, a.item_code), provider: orgName(c, data.agencies, a.provider_id) }),
              [...a.fields.map((f) => t(`sharing.field.${f}`)), ...a.predicates.map((p) => t(`sharing.check.${p}`))].join(', '),
              a.legal_basis,
              <Tag text={t(`sharing.state.${state}`)} colour={stateColour[state]} />,
              <time datetime={a.expires_at.toISOString()}>{fmt.dateTime(a.expires_at, 'medium')}</time>,
            ];
          })}
        />
      )}
    </>,
  );
}

export interface ServiceChoice {
  value: string;
  consumerId: string;
  serviceCode: string;
  serviceName: string;
  legalBasis: string;
  predicates: string[];
}

export interface LookupPageData {
  services: ServiceChoice[];
  items: ItemRow[];
  agencies: Organisation[];
  form?: Record<string, string>;
  errors?: FieldProblem[];
  result?: LookupResult;
  check?: CheckResult;
  /** The case the screen was opened from: the lookup is bound to it. */
  deskCase?: DeskCase | undefined;
  /** Open cases of the official's agencies (shown when no case is open). */
  openCases?: DeskCase[];
  /** Provider agency id -> the other node that serves its registry. */
  remoteNodes?: Map<string, string>;
}

/** The case the lookup serves, at the top of the one screen. */
function CaseView({ c, deskCase }: { c: C; deskCase: DeskCase }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  return (
    <section aria-labelledby="case-heading">
      <h2 class="govuk-heading-m" id="case-heading">{t('sharing.desk.caseHeading', { number: deskCase.number })}</h2>
      <SummaryList
        rows={[
          { key: t('sharing.desk.caseTitle'), value: deskCase.title },
          { key: t('sharing.desk.person'), value: deskCase.filerName },
          { key: t('sharing.desk.received'), value: <time datetime={deskCase.receivedAt.toISOString()}>{fmt.dateTime(deskCase.receivedAt, 'medium')}</time> },
        ]}
      />
    </section>
  );
}

/** The official's open cases, each opening the one-screen lookup bound to it. */
function OpenCases({ c, cases }: { c: C; cases: DeskCase[] }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  if (cases.length === 0) return <p class="govuk-body">{t('sharing.desk.noCases')}</p>;
  return (
    <Table
      caption={t('sharing.desk.casesCaption')}
      captionSize="m"
      head={[t('sharing.desk.number'), t('sharing.desk.caseTitle'), t('sharing.desk.person'), t('sharing.desk.received')]}
      rows={cases.map((k) => [
        <a class="govuk-link" href={`/sharing/lookup?caseId=${encodeURIComponent(k.id)}`}>{k.number}</a>,
        k.title,
        k.filerName,
        <time datetime={k.receivedAt.toISOString()}>{fmt.dateTime(k.receivedAt, 'medium')}</time>,
      ])}
    />
  );
}

function LookupResultView({ c, data, result }: { c: C; data: LookupPageData; result: LookupResult }) {
  const t = c.get('t');
  return (
    <section aria-labelledby="result-heading">
      <h2 class="govuk-heading-m" id="result-heading">{t('sharing.lookup.resultTitle')}</h2>
      {result.result === 'partial' ? <InsetText>{t('sharing.lookup.partial')}</InsetText> : <p class="govuk-body">{t('sharing.lookup.complete')}</p>}
      {result.items.map((item) => (
        <div class="govuk-summary-card">
          <div class="govuk-summary-card__title-wrapper">
            <h3 class="govuk-summary-card__title">{itemName(c, data.items, item.itemCode)}</h3>
            <Tag text={t(`sharing.outcome.${item.outcome}`)} colour={item.outcome === 'given' ? 'green' : item.outcome === 'no_record' ? 'grey' : 'red'} />
          </div>
          <div class="govuk-summary-card__content">
            <p class="govuk-body-s">
              {data.remoteNodes?.has(item.providerId)
                ? t('sharing.desk.providedByNode', { provider: orgName(c, data.agencies, item.providerId), node: data.remoteNodes.get(item.providerId)! })
                : t('sharing.lookup.providedBy', { provider: orgName(c, data.agencies, item.providerId) })}
            </p>
            <SummaryList
              rows={[
                ...Object.entries(item.fields).map(([name, value]) => ({ key: t(`sharing.field.${name}`), value: <FieldValue c={c} value={value} /> })),
                ...item.checks.map((check) => ({ key: t(`sharing.check.${check.predicate}`), value: t(check.answer === null ? 'sharing.unknown' : check.answer ? 'sharing.yes' : 'sharing.no') })),
              ]}
            />
          </div>
        </div>
      ))}
      <p class="govuk-body-s">{t('sharing.lookup.access', { id: result.accessId })}</p>
    </section>
  );
}

export function renderLookupPage(c: C, data: LookupPageData) {
  const t = c.get('t');
  const form = data.form ?? {};
  const errors = data.errors ?? [];
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const predicates = [...new Set(data.services.flatMap((s) => s.predicates))];
  return renderPage(
    c,
    { title: t('sharing.lookup.title'), errors, backLink: { href: '/sharing', text: t('sharing.back') }, status: errors.length > 0 ? 422 : 200 },
    <>
      <h1 class="govuk-heading-l">{t('sharing.lookup.title')}</h1>
      <p class="govuk-body">{t('sharing.lookup.lead')}</p>
      {data.deskCase ? <CaseView c={c} deskCase={data.deskCase} /> : data.openCases && !data.result && !data.check ? <OpenCases c={c} cases={data.openCases} /> : null}
      {data.services.length === 0 ? (
        <p class="govuk-body">{t('sharing.lookup.noServices')}</p>
      ) : (
        <form method="post" action="/sharing/lookup" novalidate>
          <CsrfField c={c} />
          <Select t={t} name="service" label={t('sharing.lookup.service')} value={form.service} error={errorOf('service')} options={data.services.map((s) => ({ value: s.value, text: `${s.serviceName} — ${s.legalBasis}` }))} />
          {data.deskCase ? (
            <>
              <input type="hidden" name="caseId" value={data.deskCase.id} />
              <input type="hidden" name="fromCase" value="1" />
            </>
          ) : (
            <>
              <TextInput t={t} name="caseId" label={t('sharing.lookup.caseId')} hint={t('sharing.lookup.caseIdHint')} value={form.caseId} error={errorOf('caseId')} spellcheck={false} />
              <TextInput t={t} name="externalCaseId" label={t('sharing.lookup.externalCaseId')} value={form.externalCaseId} error={errorOf('externalCaseId')} spellcheck={false} />
              <TextInput t={t} name="personId" label={t('sharing.lookup.personId')} value={form.personId} error={errorOf('personId')} spellcheck={false} />
            </>
          )}
          <Button text={t('sharing.lookup.fetch')} name="mode" value="extract" />
          <h2 class="govuk-heading-m">{t('sharing.lookup.checkHeading')}</h2>
          <Select t={t} name="check" label={t('sharing.lookup.check')} value={form.check} error={errorOf('check')} options={[{ value: '', text: t('sharing.lookup.checkNone') }, ...predicates.map((p) => ({ value: p, text: t(`sharing.check.${p}`) }))]} />
          <TextInput t={t} name="parameter" label={t('sharing.lookup.parameter')} value={form.parameter} error={errorOf('parameter')} width="20" spellcheck={false} />
          <Button text={t('sharing.lookup.ask')} name="mode" value="check" variant="secondary" />
        </form>
      )}
      {data.result ? <LookupResultView c={c} data={data} result={data.result} /> : null}
      {data.check ? (
        <section aria-labelledby="check-heading">
          <h2 class="govuk-heading-m" id="check-heading">{t('sharing.lookup.resultTitle')}</h2>
          <p class="govuk-body-l">
            {t('sharing.lookup.checkAnswer', {
              check: t(`sharing.check.${data.check.predicate}`),
              answer: t(data.check.answer === null ? 'sharing.unknown' : data.check.answer ? 'sharing.yes' : 'sharing.no'),
            })}
          </p>
          <p class="govuk-body-s">{t('sharing.lookup.access', { id: data.check.accessId })}</p>
        </section>
      ) : null}
    </>,
  );
}

export function renderMyDataPage(c: C, data: { accesses: (AccessRow & { officialName: string; serviceName: string })[]; items: ItemRow[]; agencies: Organisation[] }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const sentence = (a: AccessRow & { officialName: string; serviceName: string }) => {
    const values = {
      official: a.officialName,
      agency: orgName(c, data.agencies, a.consumer_id),
      items: a.items.map((i) => itemName(c, data.items, i.itemCode)).join(', ') || t('sharing.myData.yourInformation'),
      service: a.serviceName,
      law: a.legal_basis,
    };
    if (a.mode === 'consent') {
      if (a.result === 'refused') return t(a.refusal_code === 'sharing_consent_exceeded' ? 'sharing.myData.consentExceeded' : 'sharing.myData.consentRefused', values);
      return t(a.result === 'partial' ? 'sharing.myData.consentPartial' : 'sharing.myData.consented', values);
    }
    if (a.result === 'refused') return t('sharing.myData.refused', values);
    if (a.mode === 'check') return t('sharing.myData.checked', values);
    return t(a.result === 'partial' ? 'sharing.myData.partial' : 'sharing.myData.granted', values);
  };
  const caseLine = (a: AccessRow) =>
    a.case_kind === 'epeople' ? t('sharing.myData.caseEpeople', { ref: a.case_ref ?? '' }) : a.case_kind === 'application' ? t('sharing.myData.caseApplication', { ref: a.case_ref ?? '' }) : a.case_kind === 'external' ? t('sharing.myData.caseExternal', { ref: a.case_ref ?? '' }) : t('sharing.myData.noCase');
  return renderPage(
    c,
    { title: t('sharing.myData.title'), backLink: { href: '/sharing', text: t('sharing.back') } },
    <>
      <h1 class="govuk-heading-l">{t('sharing.myData.title')}</h1>
      <p class="govuk-body">{t('sharing.myData.lead')}</p>
      {data.accesses.length === 0 ? <p class="govuk-body">{t('sharing.myData.empty')}</p> : null}
      <ol class="govuk-list nara-timeline">
        {data.accesses.map((a) => {
          const shown = a.result === 'refused' ? [] : a.items.flatMap((i) => i.fields);
          return (
            <li>
              <h2 class="govuk-heading-s govuk-!-margin-bottom-1"><time datetime={a.at.toISOString()}>{fmt.dateTime(a.at, 'medium')}</time></h2>
              <p class="govuk-body govuk-!-margin-bottom-1">{sentence(a)}</p>
              <p class="govuk-body govuk-!-margin-bottom-1">{caseLine(a)}</p>
              {shown.length > 0 ? <p class="govuk-body govuk-!-margin-bottom-1">{t('sharing.myData.fieldsShown', { fields: shown.map((f) => t(`sharing.field.${f}`)).join(', ') })}</p> : null}
              <p class="govuk-body-s">{t('sharing.myData.record', { id: a.id })}</p>
            </li>
          );
        })}
      </ol>
    </>,
  );
}

export function renderAuditPage(c: C, data: { alerts: AlertRow[]; names: Map<string, string>; agencies: Organisation[] }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  return renderPage(
    c,
    { title: t('sharing.audit.title'), backLink: { href: '/sharing', text: t('sharing.back') } },
    <>
      <h1 class="govuk-heading-l">{t('sharing.audit.title')}</h1>
      <p class="govuk-body">{t('sharing.audit.lead')}</p>
      {data.alerts.length === 0 ? (
        <p class="govuk-body">{t('sharing.audit.empty')}</p>
      ) : (
        <Table
          caption={t('sharing.audit.caption')}
          captionSize="s"
          head={[t('sharing.audit.raised'), t('sharing.audit.kind'), t('sharing.audit.official'), t('sharing.audit.agency'), { text: t('sharing.audit.people'), isNumeric: true }, t('sharing.audit.window')]}
          rows={data.alerts.map((a) => [
            <a class="govuk-link" href={`/sharing/audit/${a.id}`}><time datetime={a.raised_at.toISOString()}>{fmt.dateTime(a.raised_at, 'medium')}</time></a>,
            t(`sharing.alertKind.${a.kind}`),
            data.names.get(a.official_id) ?? a.official_id,
            orgName(c, data.agencies, a.consumer_id),
            { text: String(a.people), isNumeric: true },
            t('sharing.audit.minutes', { n: a.window_minutes }),
          ])}
        />
      )}
    </>,
  );
}

export function renderAlertPage(c: C, data: { alert: AlertRow; accesses: AccessRow[]; officialName: string; items: ItemRow[] }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  return renderPage(
    c,
    { title: t('sharing.audit.accessesCaption', { official: data.officialName }), backLink: { href: '/sharing/audit', text: t('sharing.back') } },
    <>
      <h1 class="govuk-heading-l">{t('sharing.audit.accessesCaption', { official: data.officialName })}</h1>
      <Table
        head={[t('sharing.audit.when'), t('sharing.audit.service'), t('sharing.approvals.item'), t('sharing.audit.case'), t('sharing.audit.result')]}
        rows={data.accesses.map((a) => [
          <time datetime={a.at.toISOString()}>{fmt.dateTime(a.at, 'medium')}</time>,
          `${a.service_code} (${a.legal_basis})`,
          a.items.map((i) => itemName(c, data.items, i.itemCode)).join(', '),
          a.case_ref ?? t('sharing.none'),
          t(`sharing.result.${a.result}`),
        ])}
      />
    </>,
  );
}

/** Every predicate the page may offer, so unknown ones in a form are rejected before the service. */
export const KNOWN_CHECKS = new Set(Object.keys(PREDICATES));
