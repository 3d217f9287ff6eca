import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { LOCALE_COOKIE, type AppEnv } from '../http/context.js';
import type { I18n } from './i18n.js';
import { isLocale, negotiateLocale, type Locale } from './locales.js';

/** How long a language choice is remembered. */
const LOCALE_COOKIE_MAX_AGE = 365 * 24 * 3600;

/** Remembers a language choice in the `nara_lang` cookie for a year. */
export function rememberLocale(c: Context, locale: Locale, secureCookies: boolean): void {
  setCookie(c, LOCALE_COOKIE, locale, {
    path: '/',
    sameSite: 'Lax',
    httpOnly: true,
    secure: secureCookies,
    maxAge: LOCALE_COOKIE_MAX_AGE,
  });
}

/**
 * Picks the request's locale: `?lang=` (which is then remembered in the cookie, so the switch
 * links work without JavaScript), else the cookie, else Accept-Language.
 */
export function localeMiddleware(i18n: I18n, options: { secureCookies: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const asked = c.req.query('lang');
    const remembered = getCookie(c, LOCALE_COOKIE);
    let locale: Locale;
    if (isLocale(asked)) {
      locale = asked;
      if (asked !== remembered) rememberLocale(c, asked, options.secureCookies);
    } else {
      locale = isLocale(remembered) ? remembered : negotiateLocale(c.req.header('accept-language'));
    }
    c.set('locale', locale);
    c.set('t', i18n.translator(locale));
    await next();
  };
}
