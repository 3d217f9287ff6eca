-- Durable jobs. A job is enqueued in the same transaction as the change that causes it
-- (transactional outbox), claimed by a worker with FOR UPDATE SKIP LOCKED under a lease, and
-- retried with backoff until done or dead. Every time comes from the application clock.
create table job (
  id bigint generated always as identity primary key,
  type text not null,
  payload jsonb not null default '{}'::jsonb,
  -- queued: waiting for run_at; running: leased to a worker until locked_until;
  -- retrying: failed, waiting for run_at; done; dead: failed max_attempts times.
  state text not null default 'queued' check (state in ('queued', 'running', 'retrying', 'done', 'dead')),
  dedupe_key text,
  attempts integer not null default 0,
  max_attempts integer not null default 5 check (max_attempts between 1 and 100),
  run_at timestamptz not null,
  locked_by text,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  finished_at timestamptz
);

-- Idempotency: one job per (type, key) for ever (or until pruned).
create unique index job_type_dedupe_key on job (type, dedupe_key) where dedupe_key is not null;
create index job_due on job (run_at, id) where state in ('queued', 'retrying');
create index job_lease on job (locked_until) where state = 'running';
create index job_state_updated on job (state, updated_at desc);

-- Recurring schedules, declared in code and upserted by the runner. A due schedule enqueues one
-- job per slot; the job's (type, dedupe_key) index makes each slot fire once across processes.
create table job_schedule (
  name text primary key,
  spec text not null,
  job_type text not null,
  payload jsonb not null default '{}'::jsonb,
  next_run_at timestamptz not null,
  last_slot_at timestamptz,
  updated_at timestamptz not null
);
