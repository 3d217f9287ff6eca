/**
 * The languages Nara's pages can be shown in, as BCP 47 tags (also the catalogue file names, the
 * `nara_lang` cookie and `?lang=` values). Chinese is Simplified (`zh-Hans`); Uzbek is in Latin
 * script and Mongolian in Cyrillic, which are the default scripts of `uz` and `mn`.
 */
export const LOCALES = ['en', 'ko', 'zh-Hans', 'ja', 'vi', 'uz', 'km', 'th', 'bn', 'si', 'mn', 'id', 'ru', 'my'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Every catalogue must provide these; any other locale is optional per catalogue and falls back to English. */
export const REQUIRED_LOCALES: readonly Locale[] = ['en', 'ko'];

/** Each language's name in itself (endonym), as the language switch shows it. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  ko: '한국어',
  'zh-Hans': '简体中文',
  ja: '日本語',
  vi: 'Tiếng Việt',
  uz: 'Oʻzbekcha',
  km: 'ភាសាខ្មែរ',
  th: 'ภาษาไทย',
  bn: 'বাংলা',
  si: 'සිංහල',
  mn: 'Монгол',
  id: 'Bahasa Indonesia',
  ru: 'Русский',
  my: 'မြန်မာဘာသာ',
};

/** The languages the header offers directly; the others are one link away on the language page. */
export const HEADER_LOCALES: readonly Locale[] = ['en', 'ko'];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

const byLowerCase = new Map<string, Locale>(LOCALES.map((l) => [l.toLowerCase(), l]));

/**
 * The supported locale a language tag asks for, or undefined: exact tags first (any case), then the
 * primary language (`ru-RU` → `ru`, `uz-Latn-UZ` → `uz`). Every Chinese tag maps to Simplified
 * Chinese, the only Chinese Nara has, which readers of Traditional Chinese can follow better than
 * English.
 */
export function localeFromTag(tag: string | undefined | null): Locale | undefined {
  if (!tag) return undefined;
  const lower = tag.trim().toLowerCase().replaceAll('_', '-');
  const exact = byLowerCase.get(lower);
  if (exact) return exact;
  const primary = lower.split('-')[0] ?? '';
  if (primary === 'zh') return 'zh-Hans';
  return byLowerCase.get(primary);
}

/** Picks the best supported locale from an Accept-Language header (q-values honoured, order kept on ties). */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag ?? '', q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranked) {
    const locale = localeFromTag(r.tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}
