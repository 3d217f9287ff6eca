import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../db/database.js';
import type { JobRow, JobScheduleRow, JobState } from './jobs.tables.js';

export interface NewJobRow {
  type: string;
  payload: unknown;
  runAt: Date;
  key: string | null;
  maxAttempts: number;
  now: Date;
}

/** Inserts a job unless one with the same (type, key) exists; returns the id either way. */
export async function insertJob(tx: DbOrTx, job: NewJobRow): Promise<{ id: number; isNew: boolean }> {
  const inserted = await tx
    .insertInto('job')
    .values({
      type: job.type,
      payload: JSON.stringify(job.payload ?? {}),
      dedupe_key: job.key,
      max_attempts: job.maxAttempts,
      run_at: job.runAt,
      created_at: job.now,
      updated_at: job.now,
    })
    .onConflict((oc) => oc.columns(['type', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, isNew: true };
  const existing = await tx
    .selectFrom('job')
    .select('id')
    .where('type', '=', job.type)
    .where('dedupe_key', '=', job.key)
    .executeTakeFirstOrThrow();
  return { id: existing.id, isNew: false };
}

/** Inserts several new jobs in one statement (a job whose (type, key) exists is left as it is). */
export async function insertJobs(tx: DbOrTx, jobs: NewJobRow[]): Promise<void> {
  if (jobs.length === 0) return;
  await tx
    .insertInto('job')
    .values(jobs.map((job) => ({
      type: job.type, payload: JSON.stringify(job.payload ?? {}), dedupe_key: job.key, max_attempts: job.maxAttempts, run_at: job.runAt, created_at: job.now, updated_at: job.now,
    })))
    .onConflict((oc) => oc.columns(['type', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing())
    .execute();
}

/**
 * Leases up to `limit` due jobs to `workerId` in one statement: due queued or retrying jobs,
 * and running jobs whose lease has expired (their worker died). SKIP LOCKED lets several
 * workers claim side by side without waiting on each other or taking the same row.
 */
export async function claimDueJobs(
  db: DbOrTx,
  claim: { now: Date; limit: number; workerId: string; lockedUntil: Date },
): Promise<JobRow[]> {
  const { now, limit, workerId, lockedUntil } = claim;
  const result = await sql<JobRow>`
    with next as (
      select id from job
      where (state in ('queued', 'retrying') and run_at <= ${now})
         or (state = 'running' and locked_until <= ${now} and attempts < max_attempts)
      order by run_at, id
      limit ${limit}
      for update skip locked
    )
    update job
       set state = 'running', attempts = job.attempts + 1, locked_by = ${workerId},
           locked_until = ${lockedUntil}, updated_at = ${now}
      from next
     where job.id = next.id
    returning job.*`.execute(db);
  return result.rows.sort((a, b) => a.run_at.getTime() - b.run_at.getTime() || a.id - b.id);
}

/** Jobs whose worker died on their last allowed attempt: nobody will run them again. */
export async function buryExpiredLeases(db: DbOrTx, now: Date): Promise<number> {
  const result = await db
    .updateTable('job')
    .set({ state: 'dead', last_error: 'The worker stopped before finishing (lease expired).', updated_at: now, finished_at: now, locked_by: null, locked_until: null })
    .where('state', '=', 'running')
    .where('locked_until', '<=', now)
    .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface LeaseFence {
  id: number;
  attempt: number;
  workerId: string;
  now: Date;
}

/** Only the worker still holding this attempt's lease may finish it (a reclaimed job has moved on). */
function fenced(db: DbOrTx, fence: LeaseFence) {
  return db
    .updateTable('job')
    .where('id', '=', fence.id)
    .where('state', '=', 'running')
    .where('attempts', '=', fence.attempt)
    .where('locked_by', '=', fence.workerId);
}

export async function markJobDone(db: DbOrTx, fence: LeaseFence): Promise<boolean> {
  const result = await fenced(db, fence)
    .set({ state: 'done', updated_at: fence.now, finished_at: fence.now, locked_by: null, locked_until: null })
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** `retryAt` null means the job is dead. */
export async function markJobFailed(db: DbOrTx, fence: LeaseFence, error: string, retryAt: Date | null): Promise<boolean> {
  const result = await fenced(db, fence)
    .set({
      state: retryAt ? 'retrying' : 'dead',
      run_at: retryAt ?? sql<Date>`run_at`,
      last_error: error,
      updated_at: fence.now,
      finished_at: retryAt ? null : fence.now,
      locked_by: null,
      locked_until: null,
    })
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A dead job gets a fresh set of attempts, due now. */
export async function requeueDeadJob(db: DbOrTx, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('job')
    .set({ state: 'queued', attempts: 0, run_at: now, updated_at: now, finished_at: null })
    .where('id', '=', id)
    .where('state', '=', 'dead')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countJobsByState(db: DbOrTx): Promise<Record<JobState, number>> {
  const rows = await db.selectFrom('job').select(['state', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('state').execute();
  const counts: Record<JobState, number> = { queued: 0, running: 0, retrying: 0, done: 0, dead: 0 };
  for (const r of rows) counts[r.state] = Number(r.count);
  return counts;
}

export async function listJobs(db: DbOrTx, filter: { states?: JobState[]; limit: number }): Promise<JobRow[]> {
  let query = db.selectFrom('job').selectAll().orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(filter.limit);
  if (filter.states && filter.states.length > 0) query = query.where('state', 'in', filter.states);
  return query.execute();
}

export async function findJob(db: DbOrTx, id: number): Promise<JobRow | undefined> {
  return db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Done jobs older than `before` (their idempotency keys go with them). */
export async function deleteDoneJobs(db: DbOrTx, before: Date): Promise<number> {
  const result = await db.deleteFrom('job').where('state', '=', 'done').where('finished_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function upsertSchedule(
  db: DbOrTx,
  s: { name: string; spec: string; type: string; payload: unknown; nextRunAt: Date; now: Date },
): Promise<void> {
  await db
    .insertInto('job_schedule')
    .values({ name: s.name, spec: s.spec, job_type: s.type, payload: JSON.stringify(s.payload ?? {}), next_run_at: s.nextRunAt, updated_at: s.now })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        job_type: eb.ref('excluded.job_type'),
        payload: eb.ref('excluded.payload'),
        updated_at: eb.ref('excluded.updated_at'),
        // A changed spec starts afresh at its next slot; an unchanged one keeps its place.
        next_run_at: sql<Date>`case when job_schedule.spec = excluded.spec then job_schedule.next_run_at else excluded.next_run_at end`,
        spec: eb.ref('excluded.spec'),
      })),
    )
    .execute();
}

/** Due schedules among `names`, locked for this transaction. */
export async function lockDueSchedules(tx: Tx, names: string[], now: Date): Promise<JobScheduleRow[]> {
  if (names.length === 0) return [];
  return tx
    .selectFrom('job_schedule')
    .selectAll()
    .where('name', 'in', names)
    .where('next_run_at', '<=', now)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function advanceSchedule(tx: Tx, name: string, slot: Date, nextRunAt: Date, now: Date): Promise<void> {
  await tx.updateTable('job_schedule').set({ last_slot_at: slot, next_run_at: nextRunAt, updated_at: now }).where('name', '=', name).execute();
}

export async function listSchedules(db: DbOrTx): Promise<JobScheduleRow[]> {
  return db.selectFrom('job_schedule').selectAll().orderBy('name').execute();
}
