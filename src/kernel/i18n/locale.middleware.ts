import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { LOCALE_COOKIE, type AppEnv } from '../http/context.js';
import type { I18n, TranslationTally } from './i18n.js';
import { localeFromTag, negotiateLocale, type Locale } from './locales.js';

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
 * links work without JavaScript), else the cookie, else Accept-Language. Tags are matched leniently
 * (`?lang=zh` and `zh-CN` give `zh-Hans`, `ru-RU` gives `ru`).
 */
export function localeMiddleware(i18n: I18n, options: { secureCookies: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const asked = localeFromTag(c.req.query('lang'));
    const rememberedValue = getCookie(c, LOCALE_COOKIE);
    const remembered = localeFromTag(rememberedValue);
    let locale: Locale;
    if (asked) {
      locale = asked;
      if (asked !== rememberedValue) rememberLocale(c, asked, options.secureCookies);
    } else {
      locale = remembered ?? negotiateLocale(c.req.header('accept-language'));
    }
    const tally: TranslationTally = { translated: 0, fallback: 0 };
    c.set('locale', locale);
    c.set('translationTally', tally);
    c.set('t', i18n.translator(locale, tally));
    await next();
  };
}
