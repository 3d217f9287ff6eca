import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import type { FieldProblem } from '../../kernel/http/errors.js';
import { createFormatters } from '../../kernel/i18n/format.js';
import { Button, InsetText, Panel, Radios, SummaryList, Textarea, TextInput } from '../../kernel/ui/components/index.js';
import { CsrfField, renderPage } from '../../kernel/ui/page.js';
import { visibleFields, type DocumentToUpload, type FormField, type ServiceDefinition } from './gov24.catalogue.js';
import { inLocale } from './gov24.catalogue.pages.js';
import type { ApplicationRow, ConsentItem, DocumentRow } from './gov24.tables.js';

const base = (a: Pick<ApplicationRow, 'id'>) => `/gov24/applications/${a.id}`;

function FieldInput({ c, field, value, error }: { c: Context<AppEnv>; field: FormField; value: string | undefined; error: string | undefined }) {
  const t = c.get('t');
  const label = inLocale(c, field.label);
  const hint = field.hint ? inLocale(c, field.hint) : field.patternHint ? inLocale(c, field.patternHint) : undefined;
  const common = { t, name: field.name, isPageHeading: true, error, ...(hint ? { hint } : {}) };
  switch (field.type) {
    case 'choice':
      return <Radios {...common} legend={label} value={value} items={(field.options ?? []).map((o) => ({ value: o.value, text: inLocale(c, o.label) }))} />;
    case 'yesno':
      return <Radios {...common} legend={label} value={value} inline items={[{ value: 'yes', text: t('gov24.yes') }, { value: 'no', text: t('gov24.no') }]} />;
    case 'textarea':
      return <Textarea {...common} label={label} value={value} rows={6} />;
    case 'number':
      return <TextInput {...common} label={label} value={value} inputmode="numeric" width="10" spellcheck={false} />;
    default:
      return <TextInput {...common} label={label} value={value} {...(field.type === 'date' ? { width: '10' } : {})} />;
  }
}

export function renderQuestionPage(
  c: Context<AppEnv>,
  o: { application: ApplicationRow; definition: ServiceDefinition; field: FormField; value: string | undefined; errors: FieldProblem[]; back: string },
) {
  const t = c.get('t');
  const asked = visibleFields(o.definition.form, o.application.answers);
  const index = Math.max(0, asked.findIndex((f) => f.name === o.field.name));
  return renderPage(
    c,
    { title: inLocale(c, o.field.label), errors: o.errors, backLink: { href: o.back, text: t('gov24.back') }, ...(o.errors.length ? { status: 422 } : {}) },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">{inLocale(c, o.definition.name)} · {t('gov24.q.caption', { step: index + 1, steps: asked.length })}</span>
        <form method="post" action={`${base(o.application)}/q/${o.field.name}`} novalidate>
          <CsrfField c={c} />
          <FieldInput c={c} field={o.field} value={o.value} error={o.errors.find((e) => e.field === o.field.name)?.message} />
          <Button text={t('gov24.continue')} />
        </form>
        <p class="govuk-body">{t('gov24.q.saved')} <a class="govuk-link" href="/gov24/applications">{t('gov24.q.later')}</a></p>
      </div>
    </div>,
  );
}

export function renderUploadPage(c: Context<AppEnv>, o: { application: ApplicationRow; definition: ServiceDefinition; doc: DocumentToUpload; errors: FieldProblem[] }) {
  const t = c.get('t');
  const error = o.errors.find((e) => e.field === 'file')?.message;
  const label = inLocale(c, o.doc.label);
  return renderPage(
    c,
    { title: label, errors: o.errors, backLink: { href: `${base(o.application)}/continue`, text: t('gov24.back') }, ...(o.errors.length ? { status: 422 } : {}) },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">{inLocale(c, o.definition.name)}</span>
        <form method="post" action={`${base(o.application)}/upload/${o.doc.name}`} enctype="multipart/form-data" novalidate>
          <CsrfField c={c} />
          <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
            <h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" for="file">{label}</label></h1>
            <div id="file-hint" class="govuk-hint">{t('gov24.upload.hint', { types: o.doc.types.map((x) => x.split('/')[1]!.toUpperCase()).join(', '), kb: Math.floor(o.doc.maxBytes / 1024) })}</div>
            {error ? <p id="file-error" class="govuk-error-message"><span class="govuk-visually-hidden">{t('ui.components.errorPrefix')}:</span> {error}</p> : null}
            <input class={`govuk-file-upload${error ? ' govuk-file-upload--error' : ''}`} id="file" name="file" type="file" accept={o.doc.types.join(',')} aria-describedby={error ? 'file-hint file-error' : 'file-hint'} />
          </div>
          <Button text={t('gov24.upload.button')} />
        </form>
      </div>
    </div>,
  );
}

export function renderConsentPage(c: Context<AppEnv>, o: { application: ApplicationRow; definition: ServiceDefinition; items: (ConsentItem & { holder: string })[]; errors: FieldProblem[] }) {
  const t = c.get('t');
  return renderPage(
    c,
    { title: t('gov24.consent.title'), errors: o.errors, backLink: { href: `${base(o.application)}/check`, text: t('gov24.back') }, ...(o.errors.length ? { status: 422 } : {}) },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">{inLocale(c, o.definition.name)}</span>
        <h1 class="govuk-heading-l">{t('gov24.consent.title')}</h1>
        <p class="govuk-body">{t('gov24.consent.lead')}</p>
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-table__caption--m">{t('gov24.consent.caption')}</caption>
          <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">{t('gov24.consent.item')}</th><th scope="col" class="govuk-table__header">{t('gov24.consent.holder')}</th></tr></thead>
          <tbody class="govuk-table__body">
            {o.items.map((i) => <tr class="govuk-table__row"><td class="govuk-table__cell">{t(`gov24.fact.${i.item}`)}</td><td class="govuk-table__cell">{i.holder}</td></tr>)}
          </tbody>
        </table>
        <InsetText>{t('gov24.consent.only')}</InsetText>
        <form method="post" action={`${base(o.application)}/consent`} novalidate>
          <CsrfField c={c} />
          <Radios t={t} name="consent" legend={t('gov24.consent.legend')} error={o.errors.find((e) => e.field === 'consent')?.message} items={[{ value: 'yes', text: t('gov24.consent.yes') }, { value: 'no', text: t('gov24.consent.no') }]} />
          <Button text={t('gov24.continue')} />
        </form>
      </div>
    </div>,
  );
}

export function renderCheckPage(
  c: Context<AppEnv>,
  o: { application: ApplicationRow; definition: ServiceDefinition; documents: DocumentRow[]; agencyName: string; holders: Map<string, string>; errors: FieldProblem[] },
) {
  const t = c.get('t');
  const a = o.application;
  const answerText = (f: FormField) => {
    const v = a.answers[f.name] ?? '';
    if (f.type === 'yesno') return v === 'yes' ? t('gov24.yes') : t('gov24.no');
    const option = f.options?.find((op) => op.value === v);
    return option ? inLocale(c, option.label) : v;
  };
  return renderPage(
    c,
    { title: t('gov24.check.title'), errors: o.errors, ...(o.errors.length ? { status: 409 } : {}) },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">{inLocale(c, o.definition.name)}</span>
        <h1 class="govuk-heading-l">{t('gov24.check.title')}</h1>
        <SummaryList
          rows={visibleFields(o.definition.form, a.answers).map((f) => ({
            key: inLocale(c, f.label), value: answerText(f), action: { href: `${base(a)}/q/${f.name}`, text: t('gov24.check.change'), visuallyHiddenText: inLocale(c, f.label) },
          }))}
        />
        {o.definition.factItems.length > 0 ? (
          <>
            <h2 class="govuk-heading-m">{t('gov24.check.factsHeading')}</h2>
            <p class="govuk-body">{t('gov24.check.factsLead')}</p>
            <SummaryList rows={o.definition.factItems.map((item) => ({ key: `${t(`gov24.fact.${item}`)} (${o.holders.get(item) ?? ''})`, value: a.facts?.[item] ?? t('gov24.check.notHeld') }))} />
          </>
        ) : null}
        {o.documents.length > 0 ? (
          <>
            <h2 class="govuk-heading-m">{t('gov24.check.documentsHeading')}</h2>
            <SummaryList
              rows={o.documents.map((d) => ({
                key: inLocale(c, o.definition.documents.find((x) => x.name === d.name)?.label ?? { en: d.name, ko: d.name }),
                value: t('gov24.check.document', { filename: d.filename, kb: Math.max(1, Math.round(d.size_bytes / 1024)) }),
                action: { href: `${base(a)}/upload/${d.name}`, text: t('gov24.check.change'), visuallyHiddenText: d.name },
              }))}
            />
          </>
        ) : null}
        <SummaryList
          rows={[
            { key: t('gov24.service.agency'), value: o.agencyName },
            { key: t('gov24.service.fee'), value: a.fee_krw > 0 ? t('gov24.fee.amount', { amount: a.fee_krw }) : t('gov24.fee.none') },
          ]}
        />
        <h2 class="govuk-heading-m">{t('gov24.check.signHeading')}</h2>
        <p class="govuk-body">{t('gov24.check.signText')}</p>
        {a.fee_krw > 0 ? <p class="govuk-body">{t('gov24.check.feeText')}</p> : null}
        <form method="post" action={`${base(a)}/submit`} novalidate>
          <CsrfField c={c} />
          <Button text={t('gov24.check.submit')} preventDoubleClick />
        </form>
        <form method="post" action={`${base(a)}/withdraw`} novalidate>
          <CsrfField c={c} />
          <Button text={t('gov24.check.discard')} variant="secondary" />
        </form>
      </div>
    </div>,
  );
}

export function renderReceiptPage(c: Context<AppEnv>, o: { row: ApplicationRow; integrated: boolean; agencyName: string; serviceName: string }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const r = o.row;
  return renderPage(
    c,
    { title: t('gov24.receipt.title') },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <Panel title={t('gov24.receipt.title')}>{t('gov24.receipt.number')}<br /><strong>{r.number}</strong></Panel>
        <SummaryList
          rows={[
            { key: t('gov24.receipt.service'), value: o.serviceName },
            { key: t('gov24.service.agency'), value: o.agencyName },
            { key: t('gov24.receipt.submittedAt'), value: <time datetime={r.submitted_at!.toISOString()}>{fmt.dateTime(r.submitted_at!)}</time> },
            { key: t('gov24.receipt.dueAt'), value: <time datetime={r.due_at!.toISOString()}>{fmt.dateTime(r.due_at!)}</time> },
            ...(r.payment_reference ? [{ key: t('gov24.receipt.payment'), value: r.payment_reference }] : []),
          ]}
        />
        <h2 class="govuk-heading-m">{t('gov24.receipt.logHeading')}</h2>
        <p class="govuk-body">{t('gov24.receipt.logText')}</p>
        {o.integrated ? (
          <p class="govuk-body"><a class="govuk-link" href={`${base(r)}/receipt.json`} download={`${r.number}-receipt.json`}>{t('gov24.receipt.download')}</a></p>
        ) : (
          <p class="govuk-body">{t('gov24.receipt.pending')} <a class="govuk-link" href={`${base(r)}/receipt`}>{t('gov24.receipt.refresh')}</a></p>
        )}
        <p class="govuk-body"><a class="govuk-link" href={base(r)}>{t('gov24.receipt.follow')}</a></p>
      </div>
    </div>,
  );
}
