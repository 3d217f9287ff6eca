import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { KOREA_CALENDAR, withHolidays } from './epeople.calendar.js';
import {
  addWorkingTime,
  checkExtension,
  computeDue,
  extendDue,
  isOnWorkingDay,
  isWithinWorkingHours,
  periodOfDays,
  resumeDue,
  workingTimeBetween,
  type StatutoryPeriod,
} from './epeople.clock.js';

const cal = KOREA_CALENDAR;
const HOUR = 3_600_000;
const kst = (s: string) => new Date(`${s}+09:00`);
/** Local (KST) date and hour of an instant. */
const local = (d: Date) => new Date(d.getTime() + 9 * HOUR).toISOString().slice(0, 16).replace('T', ' ');

/** Every instant of 2026, to the millisecond. */
const in2026 = fc.date({ min: kst('2026-01-01T00:00:00'), max: kst('2026-12-31T23:59:59.999'), noInvalidDate: true });
/** Instants bunched at the edges of the working day, where off-by-one errors live. */
const nearEdges = fc
  .tuple(fc.integer({ min: 0, max: 364 }), fc.constantFrom(9, 12, 13, 18), fc.integer({ min: -2, max: 2 }))
  .map(([day, hour, ms]) => new Date(kst('2026-01-01T00:00:00').getTime() + day * 24 * HOUR + hour * HOUR + ms));
const receipt = fc.oneof(in2026, nearEdges);
const period: fc.Arbitrary<StatutoryPeriod> = fc.oneof(
  fc.constant({ unit: 'workingHours', hours: 3 } as const),
  fc.integer({ min: 1, max: 30 }).map(periodOfDays),
);
const localDayOf = (d: Date) => Math.floor((d.getTime() + 9 * HOUR) / (24 * HOUR));

describe('statutory clock: worked examples', () => {
  test('a grievance (7 days) received on the 2 March 2026 substitute holiday is due at close of 11 March', () => {
    const due = computeDue(cal, periodOfDays(7), kst('2026-03-02T09:00:00'));
    assert.equal(local(due), '2026-03-11 18:00');
  });

  test('the first day counts when the case arrives on a working day, even late in the evening', () => {
    assert.equal(local(computeDue(cal, periodOfDays(7), kst('2026-03-03T23:30:00'))), '2026-03-11 18:00');
    assert.equal(local(computeDue(cal, periodOfDays(14), kst('2026-09-21T10:00:00'))), '2026-10-14 18:00', 'Chuseok, the 5 October substitute day and Hangeul Day skipped');
  });

  test('certificate-type (3 working hours) received at 17:00 on Friday 2 October 2026 is due at 11:00 on Tuesday 6 October', () => {
    // Saturday 3, Sunday 4 and the substitute holiday on Monday 5 October are skipped; the lunch hour is excluded.
    assert.equal(local(computeDue(cal, { unit: 'workingHours', hours: 3 }, kst('2026-10-02T17:00:00'))), '2026-10-06 11:00');
    assert.equal(local(computeDue(cal, { unit: 'workingHours', hours: 3 }, kst('2026-03-03T11:00:00'))), '2026-03-03 15:00', 'lunch excluded');
  });

  test('5 days or less count in hours (40 working hours), 6 days or more in days', () => {
    assert.deepEqual(periodOfDays(5), { unit: 'workingHours', hours: 40 });
    assert.deepEqual(periodOfDays(6), { unit: 'days', days: 6 });
    assert.equal(local(computeDue(cal, periodOfDays(5), kst('2026-03-03T14:00:00'))), '2026-03-10 14:00');
  });

  test('a pause for a supplement gives back the time that was left', () => {
    const received = kst('2026-03-03T10:00:00');
    const due = computeDue(cal, periodOfDays(7), received);
    const resumed = resumeDue(cal, periodOfDays(7), { pausedAt: kst('2026-03-05T10:00:00'), resumedAt: kst('2026-03-12T10:00:00'), dueAt: due });
    // Left at the pause: 5, 6, 9, 10, 11 March (5 working days); from 12 March: 12, 13, 16, 17, 18.
    assert.equal(local(resumed), '2026-03-18 18:00');
  });

  test('an extension adds its days after the due date; a second needs consent', () => {
    const due = kst('2026-03-11T18:00:00');
    assert.equal(local(extendDue(cal, { unit: 'days', days: 7 }, due)), '2026-03-20 18:00');
    const seven = periodOfDays(7);
    assert.equal(checkExtension({ original: seven, requested: { unit: 'days', days: 7 }, extensionsSoFar: 0, hasFilerConsent: false }), null);
    assert.equal(checkExtension({ original: seven, requested: { unit: 'days', days: 8 }, extensionsSoFar: 0, hasFilerConsent: false }), 'extension_too_long');
    assert.equal(checkExtension({ original: seven, requested: { unit: 'days', days: 3 }, extensionsSoFar: 1, hasFilerConsent: false }), 'extension_needs_consent');
    assert.equal(checkExtension({ original: seven, requested: { unit: 'days', days: 3 }, extensionsSoFar: 1, hasFilerConsent: true }), null);
    assert.equal(checkExtension({ original: seven, requested: { unit: 'workingHours', hours: 3 }, extensionsSoFar: 0, hasFilerConsent: false }), 'extension_invalid');
  });

  test('the holiday calendar is data: adding a holiday moves the due date', () => {
    const plain = computeDue(cal, periodOfDays(7), kst('2026-03-03T10:00:00'));
    const extra = computeDue(withHolidays(cal, ['2026-03-06']), periodOfDays(7), kst('2026-03-03T10:00:00'));
    assert.equal(local(plain), '2026-03-11 18:00');
    assert.equal(local(extra), '2026-03-12 18:00');
  });
});

describe('statutory clock: properties over every receipt time of 2026', () => {
  test('a due time is never on a Saturday, Sunday or holiday, and always inside office hours', () => {
    fc.assert(
      fc.property(receipt, period, (at, p) => {
        const due = computeDue(cal, p, at);
        assert.ok(isOnWorkingDay(cal, due), `due ${local(due)} is a working day`);
        assert.ok(isWithinWorkingHours(cal, due), `due ${local(due)} is inside office hours`);
        assert.ok(due.getTime() > at.getTime(), 'due after receipt');
      }),
      { numRuns: 3000 },
    );
  });

  test('hours: exactly the period of working time runs between receipt and due', () => {
    fc.assert(
      fc.property(receipt, fc.integer({ min: 1, max: 40 }), (at, hours) => {
        const due = computeDue(cal, { unit: 'workingHours', hours }, at);
        assert.equal(workingTimeBetween(cal, at, due), hours * HOUR);
      }),
      { numRuns: 2000 },
    );
  });

  test('days: the receipt day (when working) is day one and the due day is the last of exactly N working days', () => {
    fc.assert(
      fc.property(receipt, fc.integer({ min: 6, max: 30 }), (at, days) => {
        const due = computeDue(cal, { unit: 'days', days }, at);
        assert.equal(local(due).slice(11), '18:00');
        let count = 0;
        for (let d = localDayOf(at); d <= localDayOf(due); d++) {
          if (isOnWorkingDay(cal, new Date(d * 24 * HOUR - 9 * HOUR + 12 * HOUR))) count++;
        }
        assert.equal(count, days);
      }),
      { numRuns: 2000 },
    );
  });

  test('a later receipt never gives an earlier due time', () => {
    fc.assert(
      fc.property(receipt, fc.integer({ min: 0, max: 72 * HOUR }), period, (at, later, p) => {
        const first = computeDue(cal, p, at);
        const second = computeDue(cal, p, new Date(at.getTime() + later));
        assert.ok(second.getTime() >= first.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  test('end of the working day: a case received at 18:00 or later runs from 09:00 on the next working day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 6 * HOUR - 1 }), fc.integer({ min: 1, max: 40 }), (day, after, hours) => {
        const evening = new Date(kst('2026-01-01T18:00:00').getTime() + day * 24 * HOUR + after);
        let next = new Date(kst('2026-01-02T09:00:00').getTime() + day * 24 * HOUR);
        while (!isOnWorkingDay(cal, next)) next = new Date(next.getTime() + 24 * HOUR);
        const p = { unit: 'workingHours', hours } as const;
        assert.equal(computeDue(cal, p, evening).getTime(), computeDue(cal, p, next).getTime());
      }),
      { numRuns: 1500 },
    );
  });

  test('on a holiday or weekend nothing runs: working time from it equals working time from the next opening', () => {
    const holidays = [...cal.holidays].filter((d) => d.startsWith('2026'));
    fc.assert(
      fc.property(fc.constantFrom(...holidays), fc.integer({ min: 0, max: 24 * HOUR - 1 }), fc.integer({ min: 1, max: 40 }), (day, ms, hours) => {
        const at = new Date(kst(`${day}T00:00:00`).getTime() + ms);
        const due = computeDue(cal, { unit: 'workingHours', hours }, at);
        assert.ok(localDayOf(due) > localDayOf(at));
        assert.equal(workingTimeBetween(cal, at, due), hours * HOUR);
      }),
      { numRuns: 1000 },
    );
  });

  test('pause and resume: resuming at once changes nothing; later never brings the due time forward; working time is conserved', () => {
    fc.assert(
      fc.property(receipt, period, fc.integer({ min: 0, max: 10 * 24 * HOUR }), fc.integer({ min: 0, max: 20 * 24 * HOUR }), (at, p, pauseAfter, pauseFor) => {
        const dueAt = computeDue(cal, p, at);
        const pausedAt = new Date(at.getTime() + pauseAfter);
        const same = resumeDue(cal, p, { pausedAt, resumedAt: pausedAt, dueAt });
        assert.equal(same.getTime(), dueAt.getTime());
        const resumedAt = new Date(pausedAt.getTime() + pauseFor);
        const after = resumeDue(cal, p, { pausedAt, resumedAt, dueAt });
        assert.ok(after.getTime() >= dueAt.getTime());
        assert.ok(isWithinWorkingHours(cal, after));
        if (p.unit === 'workingHours' && pausedAt < dueAt && pauseFor > 0) {
          const used = workingTimeBetween(cal, at, pausedAt) + workingTimeBetween(cal, resumedAt, after);
          assert.equal(used, p.hours * HOUR);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('an extension never shortens the case and ends inside office hours', () => {
    fc.assert(
      fc.property(receipt, period, (at, p) => {
        const due = computeDue(cal, p, at);
        const extended = extendDue(cal, p, due);
        assert.ok(extended.getTime() > due.getTime());
        assert.ok(isWithinWorkingHours(cal, extended));
      }),
      { numRuns: 1500 },
    );
  });

  test('adding working time is the inverse of measuring it', () => {
    fc.assert(
      fc.property(receipt, fc.integer({ min: 1, max: 200 * HOUR }), (at, amount) => {
        assert.equal(workingTimeBetween(cal, at, addWorkingTime(cal, at, amount)), amount);
      }),
      { numRuns: 1500 },
    );
  });
});
