import type { Locale } from './locales.js';

/** The time zone pages show times in: Nara serves Korean public bodies, whose legal days are KST. */
export const DISPLAY_TIME_ZONE = 'Asia/Seoul';

export type DateStyle = 'short' | 'medium' | 'long' | 'full';

/** Locale-aware formatting for pages; every method accepts what a service hands a view. */
export interface Formatters {
  /** "2 March 2026" / "2026년 3월 2일". */
  date(value: Date, style?: DateStyle): string;
  /** "2 March 2026 at 09:00" / "2026년 3월 2일 오전 9:00". */
  dateTime(value: Date, style?: DateStyle): string;
  time(value: Date): string;
  /**
   * ISO date (YYYY-MM-DD) in the display time zone, for <time datetime> and inputs: Gregorian, in
   * ASCII digits whatever the locale (Bengali and Burmese write their own digits, Thai dates count
   * Buddhist years).
   */
  isoDate(value: Date): string;
  number(value: number | bigint, options?: Intl.NumberFormatOptions): string;
  /** Korean won: "₩1,200,000" / "₩1,200,000". */
  won(value: number | bigint): string;
  /** "in 3 days", "2 hours ago" / "3일 후", "2시간 전", relative to `now`. */
  relativeTime(value: Date, now: Date): string;
  /** "A, B and C" / "A, B 및 C". */
  list(items: string[]): string;
}

const relativeUnits: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

export function createFormatters(locale: Locale, timeZone: string = DISPLAY_TIME_ZONE): Formatters {
  const cache = new Map<string, Intl.DateTimeFormat>();
  const dateFormat = (key: string, options: Intl.DateTimeFormatOptions) => {
    let f = cache.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(locale, { timeZone, ...options });
      cache.set(key, f);
    }
    return f;
  };
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  return {
    date: (value, style = 'long') => dateFormat(`d${style}`, { dateStyle: style }).format(value),
    dateTime: (value, style = 'long') => dateFormat(`dt${style}`, { dateStyle: style, timeStyle: 'short' }).format(value),
    time: (value) => dateFormat('t', { timeStyle: 'short' }).format(value),
    isoDate: (value) => dateFormat('iso', { year: 'numeric', month: '2-digit', day: '2-digit', calendar: 'gregory', numberingSystem: 'latn' }).formatToParts(value)
      .filter((p) => p.type !== 'literal').sort((a, b) => order(a.type) - order(b.type)).map((p) => p.value).join('-'),
    number: (value, options) => new Intl.NumberFormat(locale, options).format(value),
    won: (value) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'KRW' }).format(value),
    relativeTime: (value, now) => {
      const seconds = Math.round((value.getTime() - now.getTime()) / 1000);
      const abs = Math.abs(seconds);
      const [unit, size] = relativeUnits.find(([, s]) => abs >= s) ?? ['second', 1];
      return relative.format(Math.round(seconds / size), unit);
    },
    list: (items) => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items),
  };
}

const order = (type: string) => (type === 'year' ? 0 : type === 'month' ? 1 : 2);
