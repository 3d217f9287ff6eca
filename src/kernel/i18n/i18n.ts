import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { createFormatters, type Formatters } from './format.js';
import { DEFAULT_LOCALE, LOCALES, type Locale } from './locales.js';

/** A folder of `<locale>.json` files, each a flat map of message key to ICU message. */
export interface CatalogSource {
  owner: string;
  dir: string;
}

export type Messages = Record<string, string>;
export type TranslateValues = Record<string, string | number | Date | boolean | null | undefined>;
export type Translate = (key: string, values?: TranslateValues) => string;

export interface I18n {
  locales: readonly Locale[];
  translator(locale: Locale): Translate;
  has(locale: Locale, key: string): boolean;
  catalog(locale: Locale): Readonly<Messages>;
  /** Date, number and relative-time formatting in the locale. */
  format(locale: Locale): Formatters;
}

/** A catalogue file that cannot be used; the message names the file and what is wrong. */
export class CatalogError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`Message catalogue ${file}: ${problem}`);
    this.name = 'CatalogError';
  }
}

/** Reads one `<locale>.json`: UTF-8 with or without BOM, a flat object of string messages. */
export function readCatalogFile(file: string): Messages {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CatalogError(file, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CatalogError(file, 'must be a JSON object of "key": "message" pairs');
  }
  const messages: Messages = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw new CatalogError(file, `the value of "${key}" must be a string, not ${typeof value}`);
    if (!/^\S+$/.test(key)) throw new CatalogError(file, `"${key}" is not a valid message key (it must be non-empty, without spaces)`);
    messages[key] = value;
  }
  return messages;
}

export function loadCatalogs(sources: CatalogSource[]): Record<Locale, Messages> {
  const out = Object.fromEntries(LOCALES.map((l) => [l, {} as Messages])) as Record<Locale, Messages>;
  const ownerOf = new Map<string, string>();
  for (const source of sources) {
    for (const locale of LOCALES) {
      const file = path.join(source.dir, `${locale}.json`);
      if (!fs.existsSync(file)) continue;
      for (const [key, value] of Object.entries(readCatalogFile(file))) {
        const previous = ownerOf.get(`${locale}:${key}`);
        if (previous) throw new Error(`Message key "${key}" is defined twice (${previous} and ${source.owner}, ${locale}).`);
        ownerOf.set(`${locale}:${key}`, source.owner);
        out[locale][key] = value;
      }
    }
  }
  return out;
}

export function createI18n(catalogs: Record<Locale, Messages>): I18n {
  const compiled = new Map<string, IntlMessageFormat>();
  const formatters = new Map<Locale, Formatters>();
  const format = (locale: Locale, key: string, values?: TranslateValues): string => {
    const own = catalogs[locale]?.[key];
    const message = own ?? catalogs[DEFAULT_LOCALE]?.[key];
    if (message === undefined) return key;
    const messageLocale = own === undefined ? DEFAULT_LOCALE : locale;
    const cacheKey = `${messageLocale}\u0000${key}`;
    try {
      let f = compiled.get(cacheKey);
      if (!f) {
        f = new IntlMessageFormat(message, messageLocale);
        compiled.set(cacheKey, f);
      }
      return String(f.format(values as Record<string, string | number | Date | boolean>));
    } catch {
      // A bad message or a missing value must not break the page; check-i18n catches syntax in CI.
      return message;
    }
  };
  return {
    locales: LOCALES,
    translator: (locale) => (key, values) => format(locale, key, values),
    has: (locale, key) => Object.hasOwn(catalogs[locale] ?? {}, key),
    catalog: (locale) => catalogs[locale],
    format: (locale) => {
      let f = formatters.get(locale);
      if (!f) {
        f = createFormatters(locale);
        formatters.set(locale, f);
      }
      return f;
    },
  };
}
