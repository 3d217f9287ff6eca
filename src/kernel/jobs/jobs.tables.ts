import type { ColumnType, Generated, Selectable } from 'kysely';

export type JobState = 'queued' | 'running' | 'retrying' | 'done' | 'dead';

type Json = ColumnType<unknown, string, string>;

export interface JobTable {
  id: Generated<number>;
  type: string;
  payload: Json;
  state: ColumnType<JobState, JobState | undefined, JobState>;
  dedupe_key: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  run_at: Date;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

export interface JobScheduleTable {
  name: string;
  spec: string;
  job_type: string;
  payload: Json;
  next_run_at: Date;
  last_slot_at: Date | null;
  updated_at: Date;
}

export type JobRow = Selectable<JobTable>;
export type JobScheduleRow = Selectable<JobScheduleTable>;

declare module '../db/schema.js' {
  interface Database {
    job: JobTable;
    job_schedule: JobScheduleTable;
  }
}
