import { systemClock, type Clock } from '../clock.js';
import type { Db, DbOrTx, Tx } from '../db/database.js';
import { conflict, notFound } from '../http/errors.js';
import type { Logger } from '../http/logger.js';
import { countJobsByState, findJob, insertJob, insertJobs, listJobs, requeueDeadJob } from './jobs.repository.js';
import { parseScheduleSpec, type ScheduleDefinition } from './jobs.schedules.js';
import type { JobRow, JobState } from './jobs.tables.js';

export interface EnqueueJob {
  /** Handler name, dotted by owner: `notifications.email`, `petitions.close-expired`. */
  type: string;
  payload?: unknown;
  /** Not before this time (default: now). */
  runAt?: Date;
  /** Idempotency key: a second job with the same type and key is not created. */
  key?: string;
  /** Attempts before the job is dead (default 5). */
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Enqueues a job inside the caller's transaction (transactional outbox): it exists only if that
 * transaction commits. Prefer `kernel.jobs.enqueue`, which uses the kernel's clock.
 */
export async function enqueueJob(tx: Tx, job: EnqueueJob, clock: Clock = systemClock): Promise<{ id: number; isNew: boolean }> {
  if (!tx.isTransaction) {
    throw new Error(`enqueueJob(${job.type}) needs the caller's transaction, so the job commits or rolls back with the change.`);
  }
  const now = clock.now();
  return insertJob(tx, {
    type: job.type,
    payload: job.payload ?? {},
    runAt: job.runAt ?? now,
    key: job.key ?? null,
    maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    now,
  });
}

/** enqueueJob for several jobs in one statement, inside the caller's transaction. */
export async function enqueueJobs(tx: Tx, jobs: EnqueueJob[], clock: Clock = systemClock): Promise<void> {
  if (!tx.isTransaction) throw new Error('enqueueJobs needs the caller\'s transaction, so the jobs commit or roll back with the change.');
  const now = clock.now();
  await insertJobs(tx, jobs.map((job) => ({ type: job.type, payload: job.payload ?? {}, runAt: job.runAt ?? now, key: job.key ?? null, maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, now })));
}

/** What a handler sees of its job. */
export interface RunningJob {
  id: number;
  type: string;
  payload: unknown;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  key: string | null;
}

export interface JobContext {
  db: Db;
  clock: Clock;
  logger: Logger;
}

/**
 * Runs outside any transaction; open short ones as needed. Throwing schedules a retry (or a
 * dead job after the last attempt). A job may run more than once (a worker can die after the
 * work but before recording it), so handlers must be idempotent.
 */
export type JobHandler = (job: RunningJob, context: JobContext) => Promise<void>;

/** Thrown by a handler when retrying cannot help (bad payload): the job goes dead at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/** Handlers and schedules registered by kernel parts and modules, read live by runners. */
export interface JobRegistry {
  handlers: Map<string, JobHandler>;
  schedules: ScheduleDefinition[];
  handle(type: string, handler: JobHandler): void;
  schedule(definition: ScheduleDefinition): void;
}

export function createJobRegistry(): JobRegistry {
  const handlers = new Map<string, JobHandler>();
  const schedules: ScheduleDefinition[] = [];
  return {
    handlers,
    schedules,
    handle(type, handler) {
      if (handlers.has(type)) throw new Error(`Job type "${type}" has two handlers.`);
      handlers.set(type, handler);
    },
    schedule(definition) {
      parseScheduleSpec(definition.spec); // fail at start-up, not at 3 a.m.
      if (schedules.some((s) => s.name === definition.name)) throw new Error(`Schedule "${definition.name}" is defined twice.`);
      schedules.push(definition);
    },
  };
}

export interface JobsOverview {
  counts: Record<JobState, number>;
  recent: JobRow[];
  failing: JobRow[];
}

export async function jobsOverview(db: DbOrTx, limit = 25): Promise<JobsOverview> {
  const counts = await countJobsByState(db);
  const recent = await listJobs(db, { limit });
  const failing = await listJobs(db, { states: ['retrying', 'dead'], limit });
  return { counts, recent, failing };
}

/** An administrator gives a dead job a fresh set of attempts. */
export async function retryDeadJob(db: DbOrTx, clock: Clock, id: number): Promise<void> {
  if (await requeueDeadJob(db, id, clock.now())) return;
  if (!(await findJob(db, id))) throw notFound('The job');
  // job_not_dead: the job is queued, running or done, so there is nothing to retry.
  throw conflict('job_not_dead', 'Only a dead job can be retried; this one is still being handled.');
}
