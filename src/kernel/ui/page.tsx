import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../http/context.js';
import { CSRF_FIELD } from '../http/csrf.js';
import { DEFAULT_LOCALE, LOCALE_NAMES } from '../i18n/locales.js';
import { assetUrl } from './assets.js';
import { BackLink, ErrorSummary, NotificationBanner } from './components/index.js';
import { SiteFooter } from './layout/footer.js';
import { SiteHeader } from './layout/header.js';
import { pageContext } from './page-context.js';

export interface PageOptions {
  /** Already-translated page title (the <title> and usually the h1). */
  title: string;
  /** Field errors to show in the error summary at the top of the main content. */
  errors?: { field: string; message: string }[];
  /** A notification banner above the content. */
  banner?: { kind: 'info' | 'success'; title?: string; text: string };
  /** Breadcrumbs or back link, shown above main. */
  backLink?: { href: string; text: string };
  status?: number;
}

/** Brand colour for the browser UI (matches --nara-brand in nara.css). */
const THEME_COLOUR = '#0b5563';

/**
 * Renders a full page in the Nara layout (header with sign-in state and language switch,
 * footer, skip link). The UI shell owns the markup; every page goes through here.
 */
export async function renderPage(c: Context<AppEnv>, options: PageOptions, body: Child): Promise<Response> {
  const page = pageContext(c);
  const { t, locale } = page;
  // The body is rendered first so the tally says how much of the page's own content (title and
  // body, before the layout adds its messages) had to fall back to English: a module whose
  // catalogue lacks the locale. Mostly-English content is marked lang="en" and a notice says why.
  const content = await (<>{body}</>).toString();
  const fallback = locale !== DEFAULT_LOCALE && page.tally !== undefined && page.tally.fallback > 0;
  const mainLang = fallback && page.tally!.fallback > page.tally!.translated ? DEFAULT_LOCALE : undefined;
  const errors = options.errors ?? [];
  const title = errors.length > 0 ? t('ui.page.errorTitle', { title: options.title }) : options.title;
  return c.html(
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={locale} class="govuk-template">
        <head>
          <meta charset="utf-8" />
          <title>{t('ui.page.title', { title })}</title>
          <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
          <meta name="theme-color" content={THEME_COLOUR} />
          <link rel="icon" href={assetUrl('/assets/nara/favicon.svg')} type="image/svg+xml" />
          <link rel="stylesheet" href={assetUrl('/assets/govuk/govuk-frontend.min.css')} />
          <link rel="stylesheet" href={assetUrl('/assets/nara/nara.css')} />
          <script type="module" src={assetUrl('/assets/nara/init.mjs')}></script>
        </head>
        <body class="govuk-template__body">
          <script src={assetUrl('/assets/nara/supported.js')}></script>
          <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">{t('ui.skipLink')}</a>
          <SiteHeader page={page} />
          <div class="govuk-width-container">
            {options.backLink ? <BackLink href={options.backLink.href} text={options.backLink.text} /> : null}
            <main class="govuk-main-wrapper" id="main-content" lang={mainLang}>
              {fallback ? (
                <p class="govuk-body-s nara-fallback-notice" lang={locale}>{t('ui.lang.fallback', { language: LOCALE_NAMES[locale] })}</p>
              ) : null}
              <ErrorSummary t={t} errors={errors} />
              {options.banner ? (
                <NotificationBanner t={t} kind={options.banner.kind} title={options.banner.title}>
                  <p class="govuk-notification-banner__heading">{options.banner.text}</p>
                </NotificationBanner>
              ) : null}
              {raw(content)}
            </main>
          </div>
          <SiteFooter page={page} />
        </body>
      </html>
    </>,
    (options.status ?? 200) as 200,
  );
}

/** The hidden CSRF field every form must include. */
export function CsrfField({ c }: { c: Context<AppEnv> }) {
  return <input type="hidden" name={CSRF_FIELD} value={c.get('csrfToken')} />;
}
