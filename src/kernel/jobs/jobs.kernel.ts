import type { Clock } from '../clock.js';
import type { Db, Tx } from '../db/database.js';
import type { Logger } from '../http/logger.js';
import { createJobRunner, type JobRunner, type JobRunnerOptions } from './jobs.runner.js';
import type { ScheduleDefinition } from './jobs.schedules.js';
import { createJobRegistry, enqueueJob, enqueueJobs, type EnqueueJob, type JobHandler } from './jobs.service.js';

/** The jobs part of the kernel, as modules see it (`kernel.jobs`). */
export interface Jobs {
  /** Enqueue inside the transaction of the change that causes the job; uses the kernel clock. */
  enqueue(tx: Tx, job: EnqueueJob): Promise<{ id: number; isNew: boolean }>;
  /** Several jobs in one statement (group commit), inside the caller's transaction. */
  enqueueMany(tx: Tx, jobs: EnqueueJob[]): Promise<void>;
  /** Registers the handler of a job type (once per type, at module creation). */
  handle(type: string, handler: JobHandler): void;
  /** Declares a recurring schedule that enqueues a `type` job once per slot. */
  schedule(definition: ScheduleDefinition): void;
  /** A runner over this kernel's database, clock, handlers and schedules. */
  createRunner(options?: Partial<Pick<JobRunnerOptions, 'concurrency' | 'pollIntervalMs' | 'leaseMs' | 'retry' | 'workerId' | 'random'>>): JobRunner;
}

export function createJobs(deps: { db: Db; clock: Clock; logger: Logger }): Jobs {
  const registry = createJobRegistry();
  return {
    enqueue: (tx, job) => enqueueJob(tx, job, deps.clock),
    enqueueMany: (tx, jobs) => enqueueJobs(tx, jobs, deps.clock),
    handle: registry.handle,
    schedule: registry.schedule,
    createRunner: (options = {}) =>
      createJobRunner({ ...deps, handlers: registry.handlers, schedules: registry.schedules, ...options }),
  };
}
