import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import type { FieldProblem } from '../../kernel/http/errors.js';
import { createFormatters } from '../../kernel/i18n/format.js';
import { Button, Details, InsetText, NotificationBanner, SummaryList, Table, TextInput } from '../../kernel/ui/components/index.js';
import { CsrfField, renderPage } from '../../kernel/ui/page.js';
import type { LifeService, NoticeE } from './gov24.life.js';
import type { ConditionResult, Eligibility } from './gov24.notice-e.js';

type Translate = AppEnv['Variables']['t'];

/** "You are 24 (between 19 and 34)": the condition, the citizen's value, and whether it held. */
function because(t: Translate, r: ConditionResult): string {
  const c = r.condition;
  const fact = t(`gov24.noticeE.fact.${c.fact}`);
  const rule = c.op === 'between' ? t('gov24.noticeE.op.between', { min: c.min, max: c.max }) : t(`gov24.noticeE.op.${c.op}`, { value: String(c.value) });
  const actual = r.actual === undefined ? t('gov24.noticeE.unknown') : r.actual;
  return t(r.met ? 'gov24.noticeE.met' : 'gov24.noticeE.unmet', { fact, actual, rule });
}

export function renderNoticeEPage(c: Context<AppEnv>, o: { notice: NoticeE; holders: Map<string, string>; serviceNames: Map<string, string> }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const n = o.notice;
  const benefit = (e: Eligibility) => (
    <div class="govuk-summary-card">
      <div class="govuk-summary-card__title-wrapper">
        <h3 class="govuk-summary-card__title">{o.serviceNames.get(e.rule.serviceCode) ?? e.rule.serviceCode}</h3>
      </div>
      <div class="govuk-summary-card__content">
        <ul class="govuk-list govuk-list--bullet">{e.results.map((r) => <li>{because(t, r)}</li>)}</ul>
        {e.eligible ? <p class="govuk-body"><a class="govuk-link" href={`/gov24/services/${e.rule.serviceCode}`}>{t('gov24.noticeE.apply', { name: o.serviceNames.get(e.rule.serviceCode) ?? '' })}</a></p> : null}
      </div>
    </div>
  );
  return renderPage(
    c,
    { title: t('gov24.noticeE.title'), backLink: { href: '/gov24', text: t('gov24.back') } },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">{t('gov24.noticeE.title')}</h1>
        {!n.consented ? (
          <form method="post" action="/gov24/notice-e/consent" novalidate>
            <CsrfField c={c} />
            <p class="govuk-body">{t('gov24.noticeE.intro')}</p>
            <Table
              caption={t('gov24.noticeE.itemsCaption')}
              captionSize="m"
              head={[t('gov24.noticeE.item'), t('gov24.noticeE.holder')]}
              rows={n.items.map((item) => [t(`gov24.fact.${item}`), o.holders.get(item) ?? ''])}
            />
            <Button text={t('gov24.noticeE.consent')} />
          </form>
        ) : (
          <>
            <p class="govuk-body">{t('gov24.noticeE.checked', { date: fmt.dateTime(n.consentedAt) })}</p>
            <h2 class="govuk-heading-m">{t('gov24.noticeE.eligibleHeading')}</h2>
            {n.results.some((e) => e.eligible) ? n.results.filter((e) => e.eligible).map(benefit) : <p class="govuk-body">{t('gov24.noticeE.noneEligible')}</p>}
            <InsetText>{t('gov24.noticeE.likely')}</InsetText>
            {n.results.some((e) => !e.eligible) ? (
              <Details summary={t('gov24.noticeE.otherHeading')}>{n.results.filter((e) => !e.eligible).map(benefit)}</Details>
            ) : null}
            <form method="post" action="/gov24/notice-e/withdraw" novalidate>
              <CsrfField c={c} />
              <p class="govuk-body">{t('gov24.noticeE.withdrawText')}</p>
              <Button text={t('gov24.noticeE.withdraw')} variant="secondary" />
            </form>
          </>
        )}
      </div>
    </div>,
  );
}

export function renderLifeInfoPage(
  c: Context<AppEnv>,
  o: { info: Awaited<ReturnType<LifeService['lifeInfo']>>; holders: Map<string, string>; errors?: FieldProblem[]; errorFor?: string; notice?: string },
) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const errors = o.errors ?? [];
  return renderPage(
    c,
    { title: t('gov24.life.title'), errors, backLink: { href: '/gov24', text: t('gov24.back') }, ...(errors.length ? { status: 422 } : {}) },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        {o.notice ? <NotificationBanner t={t} kind="success" heading={o.notice} /> : null}
        <h1 class="govuk-heading-l">{t('gov24.life.title')}</h1>
        <p class="govuk-body">{t('gov24.life.intro')}</p>
        <SummaryList
          rows={o.info.facts.map((f) => ({
            key: t(`gov24.fact.${f.item}`),
            value: <>{f.value ?? t('gov24.check.notHeld')}<br /><span class="govuk-hint">{t('gov24.life.heldBy', { agency: o.holders.get(f.item) ?? f.holder })}</span></>,
          }))}
        />
        <h2 class="govuk-heading-m">{t('gov24.life.refundsHeading')}</h2>
        <p class="govuk-body">{t('gov24.life.refundsIntro')}</p>
        {o.info.refunds.length === 0 ? <p class="govuk-body">{t('gov24.life.noRefunds')}</p> : o.info.refunds.map((m) => (
          <div class="govuk-summary-card">
            <div class="govuk-summary-card__title-wrapper">
              <h3 class="govuk-summary-card__title">{t(`gov24.life.refund.${m.kind}`)}: {fmt.won(m.amountKrw)}</h3>
            </div>
            <div class="govuk-summary-card__content">
              <p class="govuk-body">{t('gov24.life.heldBy', { agency: o.holders.get(`refund:${m.agencyCode}`) ?? m.agencyCode })} · {m.code}</p>
              {m.claim ? (
                <p class="govuk-body">{t('gov24.life.claimed', { date: fmt.dateTime(m.claim.claimed_at), account: m.claim.bank_account })}</p>
              ) : (
                <form method="post" action={`/gov24/my-info/refunds/${encodeURIComponent(m.code)}/claim`} novalidate>
                  <CsrfField c={c} />
                  <TextInput
                    t={t}
                    name="bankAccount"
                    id={`bankAccount-${m.code}`}
                    label={t('gov24.life.bankAccount')}
                    hint={t('gov24.life.bankAccountHint')}
                    error={o.errorFor === m.code ? errors[0]?.message : undefined}
                    width="width-20"
                    inputmode="numeric"
                    autocomplete="off"
                  />
                  <Button text={t('gov24.life.claim', { amount: fmt.won(m.amountKrw) })} />
                </form>
              )}
            </div>
          </div>
        ))}
      </div>
    </div>,
  );
}
