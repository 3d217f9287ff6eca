import { CSRF_FIELD } from '../../http/csrf.js';
import { HEADER_LOCALES, LOCALE_NAMES, type Locale } from '../../i18n/locales.js';
import type { PageContext } from '../page-context.js';
import { NaraLogo } from './logo.js';

/** The current page's address with `?lang=` set: a no-JavaScript language switch that also sets the cookie. */
export function languageHref(url: URL, locale: Locale): string {
  const target = new URL(url.pathname + url.search, 'http://nara.invalid');
  target.searchParams.set('lang', locale);
  return `${target.pathname}${target.search}`;
}

/** The language page's address, coming back to the current page after a choice. */
export function languagePageHref(url: URL): string {
  const back = new URL(url.pathname + url.search, 'http://nara.invalid');
  back.searchParams.delete('lang');
  return `/lang?next=${encodeURIComponent(`${back.pathname}${back.search}`)}`;
}

/**
 * English and Korean, the current language when it is another, and a link to the page listing
 * all of them: each language is named in itself and marked with its `lang`, so screen readers
 * pronounce it right.
 */
function LanguageNavigation({ page }: { page: PageContext }) {
  const { t } = page;
  const shown = HEADER_LOCALES.includes(page.locale) ? HEADER_LOCALES : [...HEADER_LOCALES, page.locale];
  return (
    <nav class="govuk-language-navigation govuk-language-navigation--inverse" aria-label={t('ui.lang.label')}>
      <ul class="govuk-language-navigation__list">
        {shown.map((locale) => (
          <li class="govuk-language-navigation__list-item">
            {locale === page.locale ? (
              <span class="govuk-language-navigation__text" aria-current="true" lang={locale}>{LOCALE_NAMES[locale]}</span>
            ) : (
              <a class="govuk-language-navigation__link" href={languageHref(page.url, locale)} rel="alternate" lang={locale} hreflang={locale}>
                {LOCALE_NAMES[locale]}
              </a>
            )}
          </li>
        ))}
        <li class="govuk-language-navigation__list-item">
          {page.url.pathname === '/lang' ? (
            <span class="govuk-language-navigation__text">{t('ui.lang.more')}</span>
          ) : (
            <a class="govuk-language-navigation__link" href={languagePageHref(page.url)}>{t('ui.lang.more')}</a>
          )}
        </li>
      </ul>
    </nav>
  );
}

function NavItem({ href, text, current }: { href: string; text: string; current: boolean }) {
  return (
    <li class={current ? 'govuk-service-navigation__item govuk-service-navigation__item--active' : 'govuk-service-navigation__item'}>
      <a class="govuk-service-navigation__link" href={href} aria-current={current ? 'page' : undefined}>
        {current ? <strong class="govuk-service-navigation__active-fallback">{text}</strong> : text}
      </a>
    </li>
  );
}

/** Signed in: the person's name (linking to their account) and a sign-out POST form. */
function SessionItems({ page }: { page: PageContext }) {
  const { t, session, url } = page;
  if (!session) {
    const next = url.pathname === '/sign-in' ? '/' : `${url.pathname}${url.search}`;
    return <NavItem href={`/sign-in?next=${encodeURIComponent(next)}`} text={t('ui.session.signIn')} current={url.pathname === '/sign-in'} />;
  }
  return (
    <>
      <NavItem href="/account" text={t('ui.session.signedInAs', { name: session.displayName })} current={url.pathname === '/account'} />
      {page.csrfToken ? (
        <li class="govuk-service-navigation__item">
          <form method="post" action="/sign-out" class="nara-sign-out">
            <input type="hidden" name={CSRF_FIELD} value={page.csrfToken} />
            <button type="submit" class="nara-link-button">{t('ui.session.signOut')}</button>
          </form>
        </li>
      ) : null}
    </>
  );
}

export function SiteHeader({ page }: { page: PageContext }) {
  const { t, url } = page;
  return (
    <header class="govuk-template__header">
      <div class="nara-header">
        <div class="govuk-width-container nara-header__container">
          <a href="/" class="nara-header__homepage-link">
            <NaraLogo class="nara-header__logo" />
            <span>Nara</span>
            <span class="nara-header__wordmark-ko" lang="ko">나라</span>
          </a>
          <LanguageNavigation page={page} />
        </div>
      </div>
      <section aria-label={t('ui.header.ariaLabel')} class="govuk-service-navigation" data-module="govuk-service-navigation">
        <div class="govuk-width-container">
          <div class="govuk-service-navigation__container">
            <nav aria-label={t('ui.nav.label')} class="govuk-service-navigation__wrapper">
              <button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle" aria-controls="navigation" hidden aria-hidden="true">
                {t('ui.nav.label')}
              </button>
              <ul class="govuk-service-navigation__list" id="navigation">
                <NavItem href="/" text={t('ui.nav.services')} current={url.pathname === '/'} />
                <NavItem href="/api/reference" text={t('ui.nav.apiReference')} current={url.pathname === '/api/reference'} />
                <SessionItems page={page} />
              </ul>
            </nav>
          </div>
        </div>
      </section>
      <div class="govuk-phase-banner govuk-width-container">
        <p class="govuk-phase-banner__content">
          <strong class="govuk-tag govuk-phase-banner__content__tag">{t('ui.phase.tag')}</strong>
          <span class="govuk-phase-banner__text">{t('ui.phase.text')}</span>
        </p>
      </div>
    </header>
  );
}
