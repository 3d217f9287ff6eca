import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import { createFormatters } from '../../kernel/i18n/format.js';
import type { Organisation } from '../../kernel/identity/identity.tables.js';
import { Table } from '../../kernel/ui/components/index.js';
import { renderPage } from '../../kernel/ui/page.js';
import { orgName } from './sharing.pages.js';
import type { AlertRow } from './sharing.tables.js';

type C = Context<AppEnv>;

/** What the alert says in words, for the provider's officials. */
function alertText(c: C, a: AlertRow): string {
  const t = c.get('t');
  if (a.kind === 'no_action') return t('sharing.providerAlerts.noAction', { minutes: a.window_minutes, id: a.access_id ?? '' });
  if (a.kind === 'burst') return t('sharing.providerAlerts.burst', { count: a.people, minutes: a.window_minutes });
  return t('sharing.providerAlerts.afterHours');
}

/** Provider officials: alerts that concern their agency's items (the auditors see the same alerts). */
export function renderProviderAlertsPage(c: C, data: { alerts: AlertRow[]; names: Map<string, string>; agencies: Organisation[]; mine: string[] }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  return renderPage(
    c,
    { title: t('sharing.providerAlerts.title'), backLink: { href: '/sharing', text: t('sharing.back') } },
    <>
      <h1 class="govuk-heading-l">{t('sharing.providerAlerts.title')}</h1>
      <p class="govuk-body">{t('sharing.providerAlerts.lead')}</p>
      {data.alerts.length === 0 ? (
        <p class="govuk-body">{t('sharing.audit.empty')}</p>
      ) : (
        <Table
          caption={t('sharing.audit.caption')}
          captionSize="s"
          head={[t('sharing.audit.raised'), t('sharing.audit.kind'), t('sharing.audit.official'), t('sharing.audit.agency'), t('sharing.providerAlerts.what'), t('sharing.providerAlerts.yourAgency')]}
          rows={data.alerts.map((a) => [
            <time datetime={a.raised_at.toISOString()}>{fmt.dateTime(a.raised_at, 'medium')}</time>,
            t(`sharing.alertKind.${a.kind}`),
            data.names.get(a.official_id) ?? a.official_id,
            orgName(c, data.agencies, a.consumer_id),
            alertText(c, a),
            a.provider_ids.filter((p) => data.mine.includes(p)).map((p) => orgName(c, data.agencies, p)).join(', '),
          ])}
        />
      )}
    </>,
  );
}
