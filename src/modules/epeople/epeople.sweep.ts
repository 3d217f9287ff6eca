/**
 * The clock sweep: a scheduled job that walks open cases and (1) sends the filer the automatic
 * progress notice once a case has been open 30 days, (2) tells the agency's supervisors when a
 * case's due time is near, before it passes. Each notice goes out once: a conditional update
 * claims it in the same transaction that writes the history entry and the notification.
 */
import { inTransaction } from '../../kernel/db/database.js';
import { isLocale } from '../../kernel/i18n/locales.js';
import type { Kernel } from '../../kernel/kernel.js';
import { workingDayMs, workingTimeBetween, type StatutoryPeriod } from './epeople.clock.js';
import * as sweepRepo from './epeople.sweep.repository.js';
import * as repo from './epeople.repository.js';
import type { CaseRow } from './epeople.tables.js';
import type { EpeopleSettings } from './epeople.types.js';

export const CLOCK_SWEEP_JOB = 'epeople.clock-sweep';
const DAY = 24 * 3_600_000;
const BATCH = 200;
/** How far past "now" the escalation query looks: long enough to cover the longest holiday run. */
const ESCALATION_WINDOW_MS = 21 * DAY;

export interface SweepResult {
  progressNotices: number;
  escalations: number;
}

/** Working time, in ms, of a whole statutory period. */
export function periodWorkingMs(settings: EpeopleSettings, period: StatutoryPeriod): number {
  return period.unit === 'days' ? period.days * workingDayMs(settings.calendar) : period.hours * 3_600_000;
}

/**
 * True when the supervisor should hear of a case now: the working time left before its due time
 * is at most the lead (a working day by default), or a quarter of its period for short periods,
 * so a 3-working-hour case is escalated with 45 minutes left rather than at once.
 */
export function isNearDue(settings: EpeopleSettings, period: StatutoryPeriod, now: Date, dueAt: Date): boolean {
  const lead = Math.min(settings.escalationLeadWorkingHours * 3_600_000, periodWorkingMs(settings, period) / 4);
  return workingTimeBetween(settings.calendar, now, dueAt) <= lead;
}

export function createClockSweep(kernel: Kernel, settings: EpeopleSettings) {
  const { db, clock } = kernel;
  const format = (row: Pick<CaseRow, 'locale'>, at: Date) => kernel.i18n.format(isLocale(row.locale) ? row.locale : 'en').dateTime(at);

  async function sendProgressNotices(now: Date): Promise<number> {
    const receivedBy = new Date(now.getTime() - settings.progressNoticeAfterDays * DAY);
    let sent = 0;
    for (;;) {
      const batch = await sweepRepo.listCasesOwingProgressNotice(db, receivedBy, BATCH);
      const before = sent;
      for (const row of batch) {
        const claimed = await inTransaction(db, async (tx) => {
          if (!(await sweepRepo.claimProgressNotice(tx, row.id, now))) return false;
          await repo.insertCaseEvent(tx, { case_id: row.id, kind: 'progress_notice', at: now, actor_id: null, from_agency_id: null, to_agency_id: null, note: null, due_at: row.due_at });
          // A sealed report filed by its reporter has nobody to notify (they follow it with the case code).
          if (row.filer_id !== null) {
            await kernel.notifications.notify(tx, {
              personId: row.filer_id,
              template: 'epeople.notice.progress_notice',
              params: { number: row.number, title: row.title, days: settings.progressNoticeAfterDays, due: format(row, row.due_at) },
              channels: ['inbox', 'email'],
            });
          }
          return true;
        });
        if (claimed) sent++;
      }
      // A full batch that claimed nothing means another process is on the same rows: leave them to it.
      if (batch.length < BATCH || sent === before) return sent;
    }
  }

  /** The agency's supervisors (its agency admins); failing those, the official handling the case. */
  async function supervisorsOf(agencyId: string, assignedOfficialId: string | null): Promise<string[]> {
    const officials = await kernel.identity.listOfficialsOf(agencyId);
    const roles = await kernel.identity.rolesOfMany(officials.map((o) => o.personId));
    const admins = officials.filter((o) => o.active && (roles.get(o.personId) ?? []).some((r) => r.role === 'agency_admin' && r.organisationId === agencyId));
    if (admins.length > 0) return admins.map((o) => o.personId);
    return assignedOfficialId ? [assignedOfficialId] : [];
  }

  async function triageAgencyId(): Promise<string | undefined> {
    return (await kernel.identity.listOrganisations()).find((o) => o.code === settings.triageAgencyCode && o.kind !== 'business')?.id;
  }

  async function escalate(now: Date): Promise<number> {
    let escalated = 0;
    const dueBy = new Date(now.getTime() + ESCALATION_WINDOW_MS);
    for (;;) {
      const batch = await sweepRepo.listCasesNearingDue(db, dueBy, BATCH);
      const before = escalated;
      let reachedFuture = false;
      for (const row of batch) {
        const rule = settings.caseTypes.find((t) => t.code === row.type);
        if (!rule) continue;
        // Ordered by due time, and working time left grows with it: the rest are not near yet.
        if (!isNearDue(settings, rule.period, now, row.due_at)) { reachedFuture = true; break; }
        const agencyId = row.agency_id ?? (await triageAgencyId());
        const supervisors = agencyId ? await supervisorsOf(agencyId, row.assigned_official_id) : [];
        const claimed = await inTransaction(db, async (tx) => {
          if (!(await sweepRepo.claimEscalation(tx, row.id, row.due_at, now))) return false;
          await repo.insertCaseEvent(tx, { case_id: row.id, kind: 'escalated', at: now, actor_id: null, from_agency_id: null, to_agency_id: agencyId ?? null, note: null, due_at: row.due_at });
          for (const personId of supervisors) {
            await kernel.notifications.notify(tx, {
              personId,
              template: 'epeople.notice.escalated',
              params: { number: row.number, title: row.title, due: format(row, row.due_at), overdue: row.due_at.getTime() <= now.getTime() ? 'yes' : 'no' },
              channels: ['inbox', 'email'],
            });
          }
          return true;
        });
        if (claimed) escalated++;
        else kernel.logger.debug('escalation already done or case changed', { caseId: row.id });
      }
      if (reachedFuture || batch.length < BATCH || escalated === before) return escalated;
    }
  }

  return {
    /** One pass over the open cases at the clock's current time. Safe to run twice, or in two processes at once. */
    async run(): Promise<SweepResult> {
      const now = clock.now();
      return { progressNotices: await sendProgressNotices(now), escalations: await escalate(now) };
    },
  };
}

const registered = new WeakMap<Kernel, ReturnType<typeof createClockSweep>>();

/**
 * Registers the sweep's job handler and its schedule with the kernel's job runner, once per
 * kernel (an app may be composed twice over one kernel, and a job type has one handler).
 */
export function registerClockSweep(kernel: Kernel, settings: EpeopleSettings): ReturnType<typeof createClockSweep> {
  const existing = registered.get(kernel);
  if (existing) return existing;
  const sweep = createClockSweep(kernel, settings);
  registered.set(kernel, sweep);
  kernel.jobs.handle(CLOCK_SWEEP_JOB, async (_job, { logger }) => {
    const result = await sweep.run();
    if (result.progressNotices + result.escalations > 0) logger.info('e-People clock sweep', { ...result });
  });
  kernel.jobs.schedule({ name: CLOCK_SWEEP_JOB, spec: settings.sweepSchedule, type: CLOCK_SWEEP_JOB });
  return sweep;
}
