import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import type { FieldProblem } from '../../kernel/http/errors.js';
import { createFormatters } from '../../kernel/i18n/format.js';
import type { Organisation } from '../../kernel/identity/identity.tables.js';
import { Button, Checkboxes, DateInput, Radios, Select, SummaryList, Table, Tag, Textarea, TextInput } from '../../kernel/ui/components/index.js';
import { CsrfField, renderPage } from '../../kernel/ui/page.js';
import { itemName, orgName } from './sharing.pages.js';
import { approvalState } from './sharing.service.js';
import type { ApprovalRow, ItemRow } from './sharing.tables.js';

type C = Context<AppEnv>;
const stateColour = { applied: 'blue', approved: 'green', refused: 'red', expired: 'grey' } as const;

export interface ApplyForm {
  agencyId?: string;
  serviceCode?: string;
  serviceName?: string;
  legalBasis?: string;
  fields?: string[];
  checks?: string[];
}

/** Step 1 (no item chosen) or step 2 (the item's fields, checks and legal bases) of applying for joint use. */
export function renderApplyPage(c: C, data: { items: ItemRow[]; item?: ItemRow | undefined; agencies: Organisation[]; myAgencies: string[]; form?: ApplyForm; errors?: FieldProblem[] }) {
  const t = c.get('t');
  const errors = data.errors ?? [];
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const form = data.form ?? {};
  const item = data.item;
  const title = item ? t('sharing.apply.itemTitle', { item: itemName(c, data.items, item.code) }) : t('sharing.apply.title');
  return renderPage(
    c,
    { title, errors, backLink: { href: item ? '/sharing/apply' : '/sharing/applications', text: t('sharing.back') }, status: errors.length > 0 ? 422 : 200 },
    <>
      <h1 class="govuk-heading-l">{title}</h1>
      {!item ? (
        <>
          <p class="govuk-body">{t('sharing.apply.lead')}</p>
          <form method="get" action="/sharing/apply" novalidate>
            <Radios t={t} name="item" legend={t('sharing.apply.chooseItem')} error={errorOf('item')}
              items={data.items.map((i) => ({ value: i.code, text: itemName(c, data.items, i.code), hint: t('sharing.lookup.providedBy', { provider: orgName(c, data.agencies, i.provider_id) }) }))} />
            <Button text={t('sharing.apply.continue')} />
          </form>
        </>
      ) : (
        <>
          <p class="govuk-body">{t('sharing.apply.itemLead', { provider: orgName(c, data.agencies, item.provider_id) })}</p>
          <form method="post" action={`/sharing/apply?item=${encodeURIComponent(item.code)}`} novalidate>
            <CsrfField c={c} />
            {data.myAgencies.length > 1 ? (
              <Select t={t} name="agencyId" label={t('sharing.apply.agency')} value={form.agencyId} error={errorOf('agencyId')} options={data.myAgencies.map((id) => ({ value: id, text: orgName(c, data.agencies, id) }))} />
            ) : (
              <input type="hidden" name="agencyId" value={data.myAgencies[0] ?? ''} />
            )}
            <TextInput t={t} name="serviceName" label={t('sharing.apply.serviceName')} hint={t('sharing.apply.serviceNameHint')} value={form.serviceName} error={errorOf('serviceName')} />
            <TextInput t={t} name="serviceCode" label={t('sharing.apply.serviceCode')} hint={t('sharing.apply.serviceCodeHint')} value={form.serviceCode} error={errorOf('serviceCode')} width="20" spellcheck={false} />
            <Radios t={t} name="legalBasis" legend={t('sharing.apply.legalBasis')} value={form.legalBasis} error={errorOf('legalBasis')} items={item.legal_bases.map((b) => ({ value: b, text: b }))} />
            <Checkboxes t={t} name="fields" legend={t('sharing.apply.fields')} hint={t('sharing.apply.fieldsHint')} values={form.fields} error={errorOf('fields')}
              items={item.fields.map((f) => ({ value: f.name, text: t(`sharing.field.${f.name}`), ...(f.sensitive ? { hint: t('sharing.apply.sensitive') } : {}) }))} />
            {item.predicates.length > 0 ? (
              <Checkboxes t={t} name="checks" legend={t('sharing.apply.checks')} hint={t('sharing.apply.checksHint')} values={form.checks} error={errorOf('checks')}
                items={item.predicates.map((p) => ({ value: p.name, text: t(`sharing.check.${p.name}`) }))} />
            ) : null}
            <Button text={t('sharing.apply.send')} />
          </form>
        </>
      )}
    </>,
  );
}

function ApprovalTable({ c, rows, items, agencies, caption, now }: { c: C; rows: ApprovalRow[]; items: ItemRow[]; agencies: Organisation[]; caption: string; now: Date }) {
  const t = c.get('t');
  return (
    <Table
      caption={caption}
      captionSize="m"
      head={[t('sharing.approvals.service'), t('sharing.approvals.item'), t('sharing.approvals.consumer'), t('sharing.approvals.state')]}
      rows={rows.map((a) => {
        const state = approvalState(a, now);
        return [
          <a class="govuk-link" href={`/sharing/applications/${a.id}`}>{a.service_name}</a>,
          t('sharing.approvals.keptBy', { item: itemName(c, items, a.item_code), provider: orgName(c, agencies, a.provider_id) }),
          orgName(c, agencies, a.consumer_id),
          <Tag text={t(`sharing.state.${state}`)} colour={stateColour[state]} />,
        ];
      })}
    />
  );
}

/** An official's applications: those of their agencies, and those waiting for their agencies' decision. */
export function renderApplicationsPage(c: C, data: { mine: ApprovalRow[]; toDecide: ApprovalRow[]; items: ItemRow[]; agencies: Organisation[]; now: Date }) {
  const t = c.get('t');
  return renderPage(
    c,
    { title: t('sharing.applications.title'), backLink: { href: '/sharing', text: t('sharing.back') } },
    <>
      <h1 class="govuk-heading-l">{t('sharing.applications.title')}</h1>
      <p class="govuk-body"><a class="govuk-link" href="/sharing/apply">{t('sharing.applications.applyLink')}</a></p>
      {data.toDecide.length > 0 ? (
        <ApprovalTable c={c} rows={data.toDecide} items={data.items} agencies={data.agencies} now={data.now} caption={t('sharing.applications.toDecide')} />
      ) : (
        <p class="govuk-body">{t('sharing.applications.noneToDecide')}</p>
      )}
      {data.mine.length > 0 ? (
        <ApprovalTable c={c} rows={data.mine} items={data.items} agencies={data.agencies} now={data.now} caption={t('sharing.applications.mine')} />
      ) : (
        <p class="govuk-body">{t('sharing.applications.noneMine')}</p>
      )}
    </>,
  );
}

export interface DecideForm {
  decision?: string;
  reason?: string;
  expiresAt?: { day?: string; month?: string; year?: string };
}

/** One application; the providing agency's officials decide it here while it waits. */
export function renderApplicationPage(c: C, data: { approval: ApprovalRow; items: ItemRow[]; agencies: Organisation[]; canDecide: boolean; now: Date; form?: DecideForm; errors?: FieldProblem[] }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const a = data.approval;
  const state = approvalState(a, data.now);
  const errors = data.errors ?? [];
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const form = data.form ?? {};
  const title = t('sharing.application.title', { service: a.service_name });
  const when = (d: Date) => <time datetime={d.toISOString()}>{fmt.dateTime(d, 'medium')}</time>;
  return renderPage(
    c,
    { title, errors, backLink: { href: '/sharing/applications', text: t('sharing.back') }, status: errors.length > 0 ? 422 : 200 },
    <>
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body"><Tag text={t(`sharing.state.${state}`)} colour={stateColour[state]} /></p>
      <SummaryList
        rows={[
          { key: t('sharing.approvals.consumer'), value: orgName(c, data.agencies, a.consumer_id) },
          { key: t('sharing.approvals.item'), value: t('sharing.approvals.keptBy', { item: itemName(c, data.items, a.item_code), provider: orgName(c, data.agencies, a.provider_id) }) },
          { key: t('sharing.apply.serviceCode'), value: a.service_code },
          { key: t('sharing.approvals.legalBasis'), value: a.legal_basis },
          { key: t('sharing.apply.fields'), value: a.fields.map((f) => t(`sharing.field.${f}`)).join(', ') || t('sharing.none') },
          { key: t('sharing.apply.checks'), value: a.predicates.map((p) => t(`sharing.check.${p}`)).join(', ') || t('sharing.none') },
          { key: t('sharing.application.appliedAt'), value: when(a.applied_at) },
          ...(a.decided_at ? [{ key: t('sharing.application.decidedAt'), value: when(a.decided_at) }] : []),
          ...(a.refusal_reason ? [{ key: t('sharing.application.reason'), value: a.refusal_reason }] : []),
          ...(a.status === 'approved' ? [{ key: t('sharing.approvals.until'), value: when(a.expires_at) }] : []),
        ]}
      />
      {data.canDecide && a.status === 'applied' ? (
        <form method="post" action={`/sharing/applications/${a.id}/decision`} novalidate>
          <CsrfField c={c} />
          <Radios t={t} name="decision" legend={t('sharing.application.decision')} value={form.decision} error={errorOf('decision')}
            items={[{ value: 'approve', text: t('sharing.application.approve') }, { value: 'refuse', text: t('sharing.application.refuse') }]} />
          <DateInput t={t} name="expiresAt" legend={t('sharing.application.until')} hint={t('sharing.application.untilHint')} value={form.expiresAt ?? {}} error={errorOf('expiresAt-day')} />
          <Textarea t={t} name="reason" label={t('sharing.application.reason')} hint={t('sharing.application.reasonHint')} value={form.reason} error={errorOf('reason')} />
          <Button text={t('sharing.application.send')} />
        </form>
      ) : null}
    </>,
  );
}
