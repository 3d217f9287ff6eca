import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { LOCALE_COOKIE, type AppEnv, type SessionContext } from '../http/context.js';
import { createI18n, loadCatalogs, type I18n, type Translate, type TranslationTally } from '../i18n/i18n.js';
import { isLocale, localeFromTag, negotiateLocale, type Locale } from '../i18n/locales.js';
import { uiCatalogSource } from './catalog.js';

/**
 * What the layout needs from a request, read defensively: an error page may be rendered before
 * the locale, CSRF or session middleware ran, so every variable may be missing.
 */
export interface PageContext {
  locale: Locale;
  t: Translate;
  session: SessionContext | null;
  csrfToken: string | undefined;
  /** Path and query of the current request, for the language links. */
  url: URL;
  /** Messages of this request in its locale and in English fallback (absent before the locale middleware). */
  tally: TranslationTally | undefined;
}

let shellI18n: I18n | undefined;

/** The UI shell's own catalogue, for pages rendered before the request has a translator. */
function fallbackI18n(): I18n {
  shellI18n ??= createI18n(loadCatalogs([uiCatalogSource]));
  return shellI18n;
}

function guessLocale(c: Context): Locale {
  try {
    return localeFromTag(c.req.query('lang')) ?? localeFromTag(getCookie(c, LOCALE_COOKIE)) ?? negotiateLocale(c.req.header('accept-language'));
  } catch {
    return 'en';
  }
}

export function pageContext(c: Context<AppEnv> | Context): PageContext {
  const get = (key: string): unknown => (c as Context).get(key as never);
  const set = get('locale');
  const locale = isLocale(set) ? set : guessLocale(c);
  const t = (get('t') as Translate | undefined) ?? fallbackI18n().translator(locale);
  return {
    locale,
    t,
    session: (get('session') as SessionContext | null | undefined) ?? null,
    csrfToken: get('csrfToken') as string | undefined,
    url: new URL(c.req.url),
    tally: get('translationTally') as TranslationTally | undefined,
  };
}
