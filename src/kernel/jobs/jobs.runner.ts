import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Clock } from '../clock.js';
import { inTransaction, type Db } from '../db/database.js';
import type { Logger } from '../http/logger.js';
import {
  advanceSchedule,
  buryExpiredLeases,
  claimDueJobs,
  lockDueSchedules,
  markJobDone,
  markJobFailed,
  upsertSchedule,
} from './jobs.repository.js';
import { nextSlotAfter, parseScheduleSpec, slotAt, slotKey, type ScheduleDefinition } from './jobs.schedules.js';
import { enqueueJob, PermanentJobError, type JobHandler, type RunningJob } from './jobs.service.js';
import type { JobRow } from './jobs.tables.js';

export interface RetryPolicy {
  /** Delay before the second attempt; doubles each time (default 10 s). */
  baseMs: number;
  /** Longest delay between attempts (default 1 h). */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 10_000, maxMs: 60 * 60_000 };

/**
 * Exponential backoff with "equal jitter": after attempt n the delay is between half and all of
 * min(maxMs, baseMs * 2^(n-1)), so failing jobs of one outage do not all come back together.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY, random: () => number = Math.random): number {
  const full = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + random() * (full / 2));
}

export interface JobRunnerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  handlers: ReadonlyMap<string, JobHandler> | Record<string, JobHandler>;
  /** Read on every tick, so schedules registered after the runner exists are picked up. */
  schedules?: readonly ScheduleDefinition[];
  /** Jobs run at the same time in this process (default 1). */
  concurrency?: number;
  /** Wait between polls when there was nothing to do (default 1000 ms). */
  pollIntervalMs?: number;
  /** How long a claim lasts; a job still running after it is reclaimed by any worker (default 5 min). */
  leaseMs?: number;
  retry?: RetryPolicy;
  workerId?: string;
  random?: () => number;
}

export interface JobRunner {
  readonly workerId: string;
  /** Fires due schedules, claims up to `concurrency` due jobs and runs them; returns how many ran. */
  runOnce(): Promise<number>;
  /** runOnce until nothing is due at the clock's current time; returns how many ran. */
  drain(): Promise<number>;
  /** Polls in the background until stop(). */
  start(): void;
  /** Stops polling and waits for running handlers to finish. */
  stop(): Promise<void>;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, clock, logger } = options;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const retry = options.retry ?? DEFAULT_RETRY;
  const random = options.random ?? Math.random;
  const workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const handlers = options.handlers;
  const handlerFor = (type: string): JobHandler | undefined =>
    handlers instanceof Map ? handlers.get(type) : (handlers as Record<string, JobHandler>)[type];
  const log = logger.child({ component: 'jobs', workerId });
  const synced = new Map<string, string>();

  async function syncSchedules(definitions: readonly ScheduleDefinition[]): Promise<void> {
    const now = clock.now();
    for (const d of definitions) {
      if (synced.get(d.name) === d.spec) continue;
      const nextRunAt = nextSlotAfter(parseScheduleSpec(d.spec), now);
      await upsertSchedule(db, { name: d.name, spec: d.spec, type: d.type, payload: d.payload ?? {}, nextRunAt, now });
      synced.set(d.name, d.spec);
    }
  }

  /** One job per due slot. Missed slots (no worker ran) collapse into the latest one. */
  async function fireDueSchedules(): Promise<void> {
    const definitions = options.schedules ?? [];
    if (definitions.length === 0) return;
    await syncSchedules(definitions);
    const now = clock.now();
    await inTransaction(db, async (tx) => {
      const due = await lockDueSchedules(tx, definitions.map((d) => d.name), now);
      for (const s of due) {
        const spec = parseScheduleSpec(s.spec);
        const slot = slotAt(spec, now);
        await enqueueJob(tx, { type: s.job_type, payload: s.payload, runAt: slot, key: slotKey(s.name, slot) }, clock);
        await advanceSchedule(tx, s.name, slot, new Date(slot.getTime() + spec.periodMs), now);
      }
    });
  }

  async function claim(limit: number): Promise<JobRow[]> {
    const now = clock.now();
    const buried = await buryExpiredLeases(db, now);
    if (buried > 0) log.error('jobs dead after their worker stopped on the last attempt', { count: buried });
    return claimDueJobs(db, { now, limit, workerId, lockedUntil: new Date(now.getTime() + leaseMs) });
  }

  async function execute(row: JobRow): Promise<void> {
    const job: RunningJob = { id: row.id, type: row.type, payload: row.payload, attempt: row.attempts, maxAttempts: row.max_attempts, key: row.dedupe_key };
    const fence = { id: row.id, attempt: row.attempts, workerId };
    try {
      const handler = handlerFor(row.type);
      if (!handler) throw new Error(`No handler is registered for job type "${row.type}".`);
      await handler(job, { db, clock, logger: log.child({ jobId: row.id, jobType: row.type }) });
      if (!(await markJobDone(db, { ...fence, now: clock.now() }))) {
        log.warn('job finished after its lease was taken over', { jobId: row.id, jobType: row.type });
      }
    } catch (error) {
      await recordFailure(row, fence, error).catch((e: unknown) => log.error('could not record a job failure', { jobId: row.id, error: e }));
    }
  }

  async function recordFailure(row: JobRow, fence: { id: number; attempt: number; workerId: string }, error: unknown): Promise<void> {
    const now = clock.now();
    const isDead = error instanceof PermanentJobError || row.attempts >= row.max_attempts;
    const retryAt = isDead ? null : new Date(now.getTime() + retryDelayMs(row.attempts, retry, random));
    await markJobFailed(db, { ...fence, now }, errorText(error), retryAt);
    const fields = { jobId: row.id, jobType: row.type, attempt: row.attempts, error, retryAt };
    if (isDead) log.error('job dead', fields);
    else log.warn('job failed; will retry', fields);
  }

  async function runOnce(): Promise<number> {
    await fireDueSchedules();
    const jobs = await claim(concurrency);
    await Promise.all(jobs.map(execute));
    return jobs.length;
  }

  // Background loop state.
  let isRunning = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;
  let wantsTick = false;
  const active = new Set<Promise<void>>();

  function wake(delayMs: number): void {
    if (!isRunning) return;
    if (ticking) {
      wantsTick = true;
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), delayMs);
  }

  async function tick(): Promise<void> {
    let claimed = 0;
    ticking = (async () => {
      try {
        await fireDueSchedules();
        const free = concurrency - active.size;
        if (free <= 0) return;
        const jobs = await claim(free);
        claimed = jobs.length;
        for (const row of jobs) {
          const p: Promise<void> = execute(row).finally(() => {
            active.delete(p);
            wake(0);
          });
          active.add(p);
        }
      } catch (error) {
        log.error('job runner poll failed', { error });
      }
    })();
    await ticking;
    ticking = undefined;
    const again = wantsTick || (claimed > 0 && active.size < concurrency);
    wantsTick = false;
    wake(again ? 0 : pollIntervalMs);
  }

  return {
    workerId,
    runOnce,
    async drain() {
      let total = 0;
      for (let round = 0; round < 10_000; round++) {
        const ran = await runOnce();
        if (ran === 0) return total;
        total += ran;
      }
      throw new Error('drain() gave up after 10000 rounds: a handler keeps enqueueing due jobs.');
    },
    start() {
      if (isRunning) return;
      isRunning = true;
      wake(0);
    },
    async stop() {
      isRunning = false;
      clearTimeout(timer);
      await ticking;
      await Promise.all([...active]);
    },
  };
}
