import type { Context } from 'hono';
import type { AppEnv } from '../http/context.js';
import { LOCALE_NAMES, LOCALES } from '../i18n/locales.js';
import { languageHref } from './layout/header.js';
import { renderPage } from './page.js';

/**
 * Every language Nara speaks, each named in itself (with its `lang`) and, beside it, in the page's
 * language (from Intl), linking back to the page the person came from in that language. Plain
 * links: no JavaScript needed, and the choice is remembered by the `?lang=` cookie.
 */
export function renderLanguagePage(c: Context<AppEnv>, next: string) {
  const t = c.get('t');
  const current = c.get('locale');
  const target = new URL(next, 'http://nara.invalid');
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([current], { type: 'language', fallback: 'none' });
  } catch {
    names = undefined;
  }
  return renderPage(
    c,
    { title: t('ui.lang.title') },
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-xl">{t('ui.lang.title')}</h1>
        <p class="govuk-body">{t('ui.lang.lead')}</p>
        <ul class="govuk-list nara-language-list">
          {LOCALES.map((locale) => {
            const inPageLanguage = locale === current ? undefined : names?.of(locale);
            return (
              <li>
                {locale === current ? (
                  <strong lang={locale} aria-current="true">{LOCALE_NAMES[locale]}</strong>
                ) : (
                  <a class="govuk-link" href={languageHref(target, locale)} lang={locale} hreflang={locale} rel="alternate">{LOCALE_NAMES[locale]}</a>
                )}
                {inPageLanguage && inPageLanguage !== LOCALE_NAMES[locale] ? <span class="nara-language-list__hint"> – {inPageLanguage}</span> : null}
              </li>
            );
          })}
        </ul>
      </div>
    </div>,
  );
}
