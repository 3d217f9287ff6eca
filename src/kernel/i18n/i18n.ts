import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { createFormatters, type Formatters } from './format.js';
import { DEFAULT_LOCALE, LOCALES, REQUIRED_LOCALES, type Locale } from './locales.js';

/** A folder of `<locale>.json` files, each a flat map of message key to ICU message. */
export interface CatalogSource {
  owner: string;
  dir: string;
  /**
   * The locales this catalogue provides (default: English and Korean, which every catalogue must
   * have). Each one must define every key of the English file; pages in a locale a catalogue does
   * not list show that catalogue's messages in English.
   */
  locales?: readonly Locale[];
}

/** The locales a catalogue declares, always including the required ones, in LOCALES order. */
export function declaredLocales(source: CatalogSource): Locale[] {
  const declared = new Set<Locale>([...REQUIRED_LOCALES, ...(source.locales ?? [])]);
  return LOCALES.filter((l) => declared.has(l));
}

export type Messages = Record<string, string>;
export type TranslateValues = Record<string, string | number | Date | boolean | null | undefined>;
export type Translate = (key: string, values?: TranslateValues) => string;

/** Counts, for one request, how many messages came in its locale and how many fell back to English. */
export interface TranslationTally {
  translated: number;
  fallback: number;
}

export interface I18n {
  locales: readonly Locale[];
  /** A translator for the locale; with `tally`, each message found in the locale or taken from English is counted. */
  translator(locale: Locale, tally?: TranslationTally): Translate;
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
    for (const locale of declaredLocales(source)) {
      const file = path.join(source.dir, `${locale}.json`);
      if (!fs.existsSync(file)) throw new CatalogError(file, `missing: the ${source.owner} catalogue declares ${locale}`);
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

export function createI18n(catalogs: Partial<Record<Locale, Messages>>): I18n {
  const compiled = new Map<string, IntlMessageFormat>();
  const formatters = new Map<Locale, Formatters>();
  const format = (locale: Locale, key: string, values?: TranslateValues, tally?: TranslationTally): string => {
    const own = catalogs[locale]?.[key];
    const message = own ?? catalogs[DEFAULT_LOCALE]?.[key];
    if (message === undefined) return key;
    if (tally) {
      if (own === undefined) tally.fallback++;
      else tally.translated++;
    }
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
    translator: (locale, tally) => (key, values) => format(locale, key, values, tally),
    has: (locale, key) => Object.hasOwn(catalogs[locale] ?? {}, key),
    catalog: (locale) => catalogs[locale] ?? {},
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
