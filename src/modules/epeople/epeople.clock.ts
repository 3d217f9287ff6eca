/**
 * The statutory clock: pure, deterministic due-date arithmetic for civil petitions (Civil
 * Petitions Treatment Act and its Decree). No I/O and no `new Date()`: every instant comes in
 * as an argument, every rule about days comes from a WorkingCalendar.
 *
 * - A period of 5 days or less runs in working hours from receipt: a day is 8 working hours,
 *   Saturdays, Sundays and holidays excluded. It ends at the exact instant the hours run out,
 *   so a due time is always inside a working period (its end included, e.g. 18:00).
 * - A period of 6 days or more runs in days, the first day included (the day of receipt counts
 *   when it is a working day, whatever the hour), Saturdays, Sundays and holidays excluded. It
 *   ends when the last working day's office hours end.
 * - While the case waits for a supplement the clock stops; on resume the time that was left
 *   runs again from the resume instant.
 * - An extension adds a period of the same kind after the current due time.
 */
import type { WorkingCalendar } from './epeople.calendar.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The law's working day: 8 hours. */
export const HOURS_PER_WORKING_DAY = 8;
/** Periods of this many days or fewer are counted in working hours. */
export const MAX_DAYS_COUNTED_IN_HOURS = 5;

export type StatutoryPeriod = { unit: 'workingHours'; hours: number } | { unit: 'days'; days: number };

/** The period the law counts for `days` days: hours for 5 days or less, days otherwise. */
export function periodOfDays(days: number): StatutoryPeriod {
  if (!Number.isInteger(days) || days < 1) throw new RangeError('A period is a whole number of days, at least 1.');
  return days <= MAX_DAYS_COUNTED_IN_HOURS ? { unit: 'workingHours', hours: days * HOURS_PER_WORKING_DAY } : { unit: 'days', days };
}

/** The local day number (days since 1970-01-01 in local time) and the ms into that day. */
function localParts(calendar: WorkingCalendar, at: Date): { day: number; ms: number } {
  const local = at.getTime() + calendar.utcOffsetMinutes * MINUTE;
  const day = Math.floor(local / DAY);
  return { day, ms: local - day * DAY };
}

function fromLocal(calendar: WorkingCalendar, day: number, ms: number): Date {
  return new Date(day * DAY + ms - calendar.utcOffsetMinutes * MINUTE);
}

/** `YYYY-MM-DD` of a local day number. */
export function isoDayOf(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export function isWorkingDay(calendar: WorkingCalendar, day: number): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return weekday !== 0 && weekday !== 6 && !calendar.holidays.has(isoDayOf(day));
}

/** True when `at` falls on a local working day (any hour). */
export function isOnWorkingDay(calendar: WorkingCalendar, at: Date): boolean {
  return isWorkingDay(calendar, localParts(calendar, at).day);
}

/** True when `at` lies in a working period, its end included (a due time may be 18:00 sharp). */
export function isWithinWorkingHours(calendar: WorkingCalendar, at: Date): boolean {
  const { day, ms } = localParts(calendar, at);
  if (!isWorkingDay(calendar, day)) return false;
  return calendar.workingPeriods.some(([start, end]) => ms >= start * MINUTE && ms <= end * MINUTE);
}

/** The working day, in ms, of a calendar. */
export function workingDayMs(calendar: WorkingCalendar): number {
  return calendar.workingPeriods.reduce((sum, [start, end]) => sum + (end - start) * MINUTE, 0);
}

/** Guards against a calendar that declares every day a holiday (the walk would never end). */
const MAX_DAYS_WALKED = 366 * 20;

/** The instant when `amountMs` of working time has run from `start`. */
export function addWorkingTime(calendar: WorkingCalendar, start: Date, amountMs: number): Date {
  let { day, ms: from } = localParts(calendar, start);
  let remaining = amountMs;
  for (let walked = 0; walked < MAX_DAYS_WALKED; walked++, day++, from = 0) {
    if (!isWorkingDay(calendar, day)) continue;
    for (const [startMin, endMin] of calendar.workingPeriods) {
      const periodEnd = endMin * MINUTE;
      if (from >= periodEnd) continue;
      const begin = Math.max(from, startMin * MINUTE);
      const available = periodEnd - begin;
      if (remaining <= available) return fromLocal(calendar, day, begin + remaining);
      remaining -= available;
      from = periodEnd;
    }
  }
  throw new RangeError('The calendar has no working time within twenty years.');
}

/** Working time, in ms, between two instants (0 when `to` is not after `from`). */
export function workingTimeBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  if (to.getTime() <= from.getTime()) return 0;
  const a = localParts(calendar, from);
  const b = localParts(calendar, to);
  let total = 0;
  for (let day = a.day; day <= b.day; day++) {
    if (!isWorkingDay(calendar, day)) continue;
    const lower = day === a.day ? a.ms : 0;
    const upper = day === b.day ? b.ms : DAY;
    for (const [startMin, endMin] of calendar.workingPeriods) {
      const overlap = Math.min(upper, endMin * MINUTE) - Math.max(lower, startMin * MINUTE);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/** Working days in [fromDay, toDay], both local day numbers. */
function workingDaysInclusive(calendar: WorkingCalendar, fromDay: number, toDay: number): number {
  let count = 0;
  for (let day = fromDay; day <= toDay; day++) if (isWorkingDay(calendar, day)) count++;
  return count;
}

/** The `n`th working day counting `firstDay` itself (n >= 1). */
function nthWorkingDayFrom(calendar: WorkingCalendar, firstDay: number, n: number): number {
  let count = 0;
  for (let day = firstDay, walked = 0; walked < MAX_DAYS_WALKED; day++, walked++) {
    if (isWorkingDay(calendar, day) && ++count === n) return day;
  }
  throw new RangeError('The calendar has no working day within twenty years.');
}

/** The instant office hours end on a local day. */
function closeOfDay(calendar: WorkingCalendar, day: number): Date {
  const last = calendar.workingPeriods[calendar.workingPeriods.length - 1];
  if (!last) throw new RangeError('A calendar needs at least one working period.');
  return fromLocal(calendar, day, last[1] * MINUTE);
}

/** The due time of a period that starts running at `receivedAt`. */
export function computeDue(calendar: WorkingCalendar, period: StatutoryPeriod, receivedAt: Date): Date {
  if (period.unit === 'workingHours') return addWorkingTime(calendar, receivedAt, period.hours * 60 * MINUTE);
  return closeOfDay(calendar, nthWorkingDayFrom(calendar, localParts(calendar, receivedAt).day, period.days));
}

/**
 * The due time after a pause (waiting for a supplement) from `pausedAt` to `resumedAt`: the time
 * that was left at the pause runs again from the resume. A pause that starts after the due time
 * changes nothing (the case was already late). In days, the day of the pause is given back
 * whole, so a pause resumed the same day leaves the due time unchanged.
 */
export function resumeDue(
  calendar: WorkingCalendar,
  period: StatutoryPeriod,
  times: { pausedAt: Date; resumedAt: Date; dueAt: Date },
): Date {
  const { pausedAt, resumedAt, dueAt } = times;
  if (pausedAt.getTime() >= dueAt.getTime() || resumedAt.getTime() <= pausedAt.getTime()) return dueAt;
  if (period.unit === 'workingHours') {
    const left = workingTimeBetween(calendar, pausedAt, dueAt);
    const resumed = addWorkingTime(calendar, resumedAt, left);
    return resumed.getTime() > dueAt.getTime() ? resumed : dueAt;
  }
  const pauseDay = localParts(calendar, pausedAt).day;
  const dueDay = localParts(calendar, dueAt).day;
  const daysLeft = workingDaysInclusive(calendar, pauseDay, dueDay);
  const resumed = closeOfDay(calendar, nthWorkingDayFrom(calendar, localParts(calendar, resumedAt).day, Math.max(1, daysLeft)));
  return resumed.getTime() > dueAt.getTime() ? resumed : dueAt;
}

/** The due time after extending by `extension` (same unit as the case's period) past `dueAt`. */
export function extendDue(calendar: WorkingCalendar, extension: StatutoryPeriod, dueAt: Date): Date {
  if (extension.unit === 'workingHours') return addWorkingTime(calendar, dueAt, extension.hours * 60 * MINUTE);
  return closeOfDay(calendar, nthWorkingDayFrom(calendar, localParts(calendar, dueAt).day + 1, extension.days));
}

/** Why an extension is refused, or null when the law allows it. */
export type ExtensionRefusal = 'extension_too_long' | 'extension_needs_consent' | 'extension_invalid';

/**
 * The law's extension rule: one extension no longer than the original period; any further one
 * only with the filer's recorded consent (and still no longer than the original period).
 */
export function checkExtension(input: {
  original: StatutoryPeriod;
  requested: StatutoryPeriod;
  extensionsSoFar: number;
  hasFilerConsent: boolean;
}): ExtensionRefusal | null {
  const { original, requested } = input;
  if (original.unit !== requested.unit) return 'extension_invalid';
  const amount = (p: StatutoryPeriod) => (p.unit === 'days' ? p.days : p.hours);
  if (amount(requested) <= 0 || !Number.isInteger(amount(requested))) return 'extension_invalid';
  if (amount(requested) > amount(original)) return 'extension_too_long';
  if (input.extensionsSoFar >= 1 && !input.hasFilerConsent) return 'extension_needs_consent';
  return null;
}
