import type { Child } from 'hono/jsx';
import type { Translate } from '../../i18n/i18n.js';

export interface NotificationBannerProps {
  t: Translate;
  kind?: 'info' | 'success';
  /** Defaults to "Important" or "Success". */
  title?: string | undefined;
  /** The banner's main line, shown as its heading. */
  heading?: string;
  children?: Child;
  id?: string;
}

export function NotificationBanner({ t, kind = 'info', title, heading, children, id = 'govuk-notification-banner-title' }: NotificationBannerProps) {
  const isSuccess = kind === 'success';
  return (
    <div
      class={isSuccess ? 'govuk-notification-banner govuk-notification-banner--success' : 'govuk-notification-banner'}
      role={isSuccess ? 'alert' : 'region'}
      aria-labelledby={id}
      data-module="govuk-notification-banner"
    >
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id={id}>
          {title ?? t(isSuccess ? 'ui.components.success' : 'ui.components.important')}
        </h2>
      </div>
      <div class="govuk-notification-banner__content">
        {heading ? <p class="govuk-notification-banner__heading">{heading}</p> : null}
        {children}
      </div>
    </div>
  );
}
