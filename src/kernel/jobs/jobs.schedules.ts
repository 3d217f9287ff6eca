/**
 * Recurring schedules, kept deliberately small. A spec is one of:
 *
 *   every N minutes     (or "every minute"), slots aligned to the hour: every 15 minutes = :00 :15 :30 :45
 *   every N hours       (or "every hour"), slots aligned to midnight UTC
 *   daily at HH:MM      in UTC, or with an offset: "daily at 03:30 +09:00" (Korea has no DST)
 *
 * Every spec reduces to a period and an offset from the Unix epoch, so the slot a time falls
 * in is plain arithmetic and the same in every process.
 */
export interface ScheduleDefinition {
  /** Stable name; the slot key is derived from it, so renaming one fires it afresh. */
  name: string;
  spec: string;
  /** The job type enqueued for each slot. */
  type: string;
  payload?: Record<string, unknown>;
}

export interface ParsedSpec {
  periodMs: number;
  offsetMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `schedule_spec_invalid`: a schedule's spec is not one of the forms above (thrown at start-up). */
export class ScheduleSpecError extends Error {
  readonly code = 'schedule_spec_invalid';
  constructor(spec: string) {
    super(`Schedule "${spec}" is not understood. Use "every N minutes", "every N hours" or "daily at HH:MM [+HH:MM]".`);
    this.name = 'ScheduleSpecError';
  }
}

export function parseScheduleSpec(spec: string): ParsedSpec {
  const text = spec.trim().toLowerCase();
  const every = /^every (?:(\d{1,4}) )?(minute|hour)s?$/.exec(text);
  if (every) {
    const n = every[1] === undefined ? 1 : Number(every[1]);
    const unit = every[2] === 'minute' ? MINUTE : HOUR;
    if (n < 1 || n * unit > DAY || DAY % (n * unit) !== 0) throw new ScheduleSpecError(spec);
    return { periodMs: n * unit, offsetMs: 0 };
  }
  const daily = /^daily at (\d{2}):(\d{2})(?: (?:utc|z|([+-])(\d{2}):(\d{2})))?$/.exec(text);
  if (daily) {
    const [, hh, mm, sign, oh, om] = daily;
    if (Number(hh) > 23 || Number(mm) > 59) throw new ScheduleSpecError(spec);
    const zone = sign ? (sign === '+' ? 1 : -1) * (Number(oh) * HOUR + Number(om) * MINUTE) : 0;
    const offset = (((Number(hh) * HOUR + Number(mm) * MINUTE - zone) % DAY) + DAY) % DAY;
    return { periodMs: DAY, offsetMs: offset };
  }
  throw new ScheduleSpecError(spec);
}

/** The latest slot at or before `at`. */
export function slotAt(spec: ParsedSpec, at: Date): Date {
  const t = at.getTime() - spec.offsetMs;
  return new Date(Math.floor(t / spec.periodMs) * spec.periodMs + spec.offsetMs);
}

/** The first slot strictly after `at`. */
export function nextSlotAfter(spec: ParsedSpec, at: Date): Date {
  return new Date(slotAt(spec, at).getTime() + spec.periodMs);
}

/** The idempotency key of one occurrence: the job index refuses a second one. */
export function slotKey(name: string, slot: Date): string {
  return `schedule:${name}:${slot.toISOString()}`;
}
