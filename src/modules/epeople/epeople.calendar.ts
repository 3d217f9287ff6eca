/**
 * Working calendars for the statutory clock. A calendar is plain data so a deployment can pass
 * its own: the local UTC offset, the working day and the public holidays.
 *
 * The working day is 09:00-18:00 with the 12:00-13:00 lunch hour excluded: eight working hours,
 * the way Korean public offices keep hours. (We chose this over a plain 09:00-17:00 day because
 * it matches the office hours a filer sees on the agency's door; both are 8 hours, so a "day"
 * is the same length either way.)
 */
export interface WorkingCalendar {
  /** Minutes east of UTC for the legal local time. Korea keeps +09:00 all year (no daylight saving). */
  utcOffsetMinutes: number;
  /** Working periods of a day as [start, end) in minutes after local midnight, ascending, not overlapping. */
  workingPeriods: readonly (readonly [number, number])[];
  /** Public holidays as local `YYYY-MM-DD`; Saturdays and Sundays are never working days. */
  holidays: ReadonlySet<string>;
}

/**
 * Korea's public holidays for 2026 and 2027 (Act on Public Holidays of Government Offices),
 * including substitute holidays and the 3 June 2026 local election day. Demo data: a deployment
 * replaces or extends it (holidays declared later, such as temporary ones, are added by config).
 */
export const KOREA_HOLIDAYS_2026_2027: readonly string[] = [
  // 2026
  '2026-01-01', // New Year's Day
  '2026-02-16', '2026-02-17', '2026-02-18', // Seollal
  '2026-03-02', // substitute for Independence Movement Day (1 March, a Sunday)
  '2026-05-05', // Children's Day
  '2026-05-25', // substitute for Buddha's Birthday (24 May, a Sunday)
  '2026-06-03', // local elections
  '2026-08-17', // substitute for Liberation Day (15 August, a Saturday)
  '2026-09-24', '2026-09-25', '2026-09-26', // Chuseok
  '2026-10-05', // substitute for National Foundation Day (3 October, a Saturday)
  '2026-10-09', // Hangeul Day
  '2026-12-25', // Christmas
  // 2027
  '2027-01-01',
  '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', // Seollal and its substitute (7 February is a Sunday)
  '2027-03-01',
  '2027-05-05',
  '2027-05-13', // Buddha's Birthday
  '2027-08-16', // substitute for Liberation Day (15 August, a Sunday)
  '2027-09-14', '2027-09-15', '2027-09-16', // Chuseok
  '2027-10-04', // substitute for National Foundation Day (3 October, a Sunday)
  '2027-10-11', // substitute for Hangeul Day (9 October, a Saturday)
  '2027-12-27', // substitute for Christmas (25 December, a Saturday)
];

/** 09:00-12:00 and 13:00-18:00. */
export const OFFICE_HOURS_WITH_LUNCH: readonly (readonly [number, number])[] = [
  [9 * 60, 12 * 60],
  [13 * 60, 18 * 60],
];

export const KOREA_CALENDAR: WorkingCalendar = {
  utcOffsetMinutes: 9 * 60,
  workingPeriods: OFFICE_HOURS_WITH_LUNCH,
  holidays: new Set(KOREA_HOLIDAYS_2026_2027),
};

/** A calendar with extra holidays (a deployment's own, or a temporary public holiday). */
export function withHolidays(calendar: WorkingCalendar, extra: readonly string[]): WorkingCalendar {
  return { ...calendar, holidays: new Set([...calendar.holidays, ...extra]) };
}
