import type { Context } from 'hono';
import type { AppEnv } from '../http/context.js';
import { createFormatters } from '../i18n/format.js';
import type { TranslateValues } from '../i18n/i18n.js';
import { Pagination, Tag } from '../ui/components/index.js';
import { CsrfField, renderPage } from '../ui/page.js';
import type { InboxPage } from './notifications.service.js';
import type { NotificationRow } from './notifications.tables.js';

function InboxItem({ c, item }: { c: Context<AppEnv>; item: NotificationRow }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const params = item.params as TranslateValues;
  const subject = t(`${item.template}.subject`, params);
  const isUnread = item.read_at === null;
  return (
    <li class={isUnread ? 'nara-inbox__item nara-inbox__item--unread' : 'nara-inbox__item'}>
      <h2 class="govuk-heading-s govuk-!-margin-bottom-1">
        {isUnread ? <><Tag text={t('notifications.inbox.unread')} colour="blue" />{' '}</> : null}
        {subject}
      </h2>
      <p class="govuk-body-s govuk-!-margin-bottom-1">
        <time datetime={item.created_at.toISOString()}>{t('notifications.inbox.received', { time: fmt.dateTime(item.created_at, 'medium') })}</time>
      </p>
      <p class="govuk-body">{t(`${item.template}.body`, params)}</p>
      {isUnread ? (
        <form method="post" action={`/inbox/${item.id}/read`}>
          <CsrfField c={c} />
          <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
            {t('notifications.inbox.markRead')}
            <span class="govuk-visually-hidden"> {t('notifications.inbox.markReadHidden', { subject })}</span>
          </button>
        </form>
      ) : null}
      <hr class="govuk-section-break govuk-section-break--m govuk-section-break--visible" />
    </li>
  );
}

export function renderInboxPage(c: Context<AppEnv>, inbox: InboxPage, unread: number, notice?: string): Response | Promise<Response> {
  const t = c.get('t');
  return renderPage(
    c,
    { title: t('notifications.inbox.title'), ...(notice ? { banner: { kind: 'success' as const, text: notice } } : {}) },
    <>
      <h1 class="govuk-heading-l">{t('notifications.inbox.title')}</h1>
      {inbox.total === 0 ? (
        <p class="govuk-body">{t('notifications.inbox.empty')}</p>
      ) : (
        <>
          <p class="govuk-body">{t('notifications.inbox.summary', { unread })}</p>
          {unread > 0 ? (
            <form method="post" action="/inbox/read-all">
              <CsrfField c={c} />
              <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">{t('notifications.inbox.markAllRead')}</button>
            </form>
          ) : null}
          <ul class="govuk-list nara-inbox">
            {inbox.items.map((item) => <InboxItem c={c} item={item} />)}
          </ul>
          <Pagination t={t} page={inbox.page} pageCount={inbox.pageCount} hrefFor={(n) => (n === 1 ? '/inbox' : `/inbox?page=${n}`)} />
        </>
      )}
    </>,
  );
}
