import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createTestNara, type TestNara } from '../../../test/support/nara.js';
import { inTransaction, openDatabase } from '../db/database.js';
import { migrate } from '../db/migrator.js';
import { kernelMigrationSources } from '../kernel.js';
import { claimDueJobs, countJobsByState, findJob } from './jobs.repository.js';
import { createJobRunner, retryDelayMs } from './jobs.runner.js';
import { nextSlotAfter, parseScheduleSpec, slotAt } from './jobs.schedules.js';
import { createJobRegistry, enqueueJob, retryDeadJob, type JobHandler } from './jobs.service.js';

const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const MINUTE = 60_000;

let nara: TestNara;
before(async () => {
  nara = await createTestNara();
});
after(() => nara.close());

function runnerWith(handlers: Record<string, JobHandler>, extra: Partial<Parameters<typeof createJobRunner>[0]> = {}) {
  return createJobRunner({ db: nara.kernel.db, clock: nara.clock, logger: silent, handlers, random: () => 0.5, ...extra });
}

async function enqueue(type: string, payload: unknown = {}, options: { key?: string; maxAttempts?: number } = {}) {
  return inTransaction(nara.kernel.db, (tx) => nara.kernel.jobs.enqueue(tx, { type, payload, ...options }));
}

describe('enqueueing (transactional outbox)', () => {
  test('a job enqueued in a rolled-back transaction never runs', async () => {
    const seen: unknown[] = [];
    await assert.rejects(
      inTransaction(nara.kernel.db, async (tx) => {
        await nara.kernel.jobs.enqueue(tx, { type: 'outbox.rollback', payload: { n: 1 } });
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    const ran = await runnerWith({ 'outbox.rollback': async (job) => void seen.push(job.payload) }).drain();
    assert.equal(ran, 0);
    assert.deepEqual(seen, []);
  });

  test('a committed job runs once with its payload', async () => {
    const seen: unknown[] = [];
    await enqueue('outbox.commit', { petition: 'p-1' });
    const runner = runnerWith({ 'outbox.commit': async (job) => void seen.push(job.payload) });
    assert.equal(await runner.drain(), 1);
    assert.equal(await runner.drain(), 0);
    assert.deepEqual(seen, [{ petition: 'p-1' }]);
  });

  test('refuses to run outside a transaction', async () => {
    await assert.rejects(enqueueJob(nara.kernel.db as never, { type: 'x' }), /needs the caller's transaction/);
  });

  test('a second job with the same key is not created', async () => {
    const first = await enqueue('outbox.keyed', { v: 1 }, { key: 'order-7' });
    const second = await enqueue('outbox.keyed', { v: 2 }, { key: 'order-7' });
    assert.equal(first.isNew, true);
    assert.equal(second.isNew, false);
    assert.equal(second.id, first.id);
    const seen: unknown[] = [];
    await runnerWith({ 'outbox.keyed': async (job) => void seen.push(job.payload) }).drain();
    assert.deepEqual(seen, [{ v: 1 }]);
  });
});

describe('retries', () => {
  test('a failing job is retried with exponential backoff and records the error', async () => {
    let calls = 0;
    const { id } = await enqueue('retry.flaky');
    const runner = runnerWith(
      { 'retry.flaky': async () => { calls++; if (calls < 3) throw new Error(`upstream said no (${calls})`); } },
      { retry: { baseMs: 1000, maxMs: 60_000 } },
    );
    const start = nara.clock.now().getTime();
    assert.equal(await runner.drain(), 1);
    let job = await findJob(nara.kernel.db, id);
    assert.equal(job?.state, 'retrying');
    assert.equal(job?.last_error, 'Error: upstream said no (1)');
    assert.equal(job?.run_at.getTime(), start + 750); // 1 s with jitter 0.5: between 0.5 s and 1 s

    nara.clock.advance(749);
    assert.equal(await runner.drain(), 0, 'not before its backoff');
    nara.clock.advance(1);
    assert.equal(await runner.drain(), 1);
    job = await findJob(nara.kernel.db, id);
    assert.equal(job?.run_at.getTime(), start + 750 + 1500, 'the second delay doubles');

    nara.clock.advance(1500);
    assert.equal(await runner.drain(), 1);
    job = await findJob(nara.kernel.db, id);
    assert.equal(job?.state, 'done');
    assert.equal(job?.attempts, 3);
    assert.equal(calls, 3);
  });

  test('backoff doubles, is capped, and jitters within half to all of the delay', () => {
    const policy = { baseMs: 10_000, maxMs: 60_000 };
    assert.equal(retryDelayMs(1, policy, () => 1), 10_000);
    assert.equal(retryDelayMs(1, policy, () => 0), 5_000);
    assert.equal(retryDelayMs(3, policy, () => 1), 40_000);
    assert.equal(retryDelayMs(9, policy, () => 1), 60_000);
    assert.equal(retryDelayMs(9, policy, () => 0), 30_000);
  });

  test('a job is dead after maxAttempts, and an administrator can retry it', async () => {
    let fail = true;
    const { id } = await enqueue('retry.doomed', {}, { maxAttempts: 3 });
    const runner = runnerWith({ 'retry.doomed': async () => { if (fail) throw new Error('still broken'); } });
    for (let i = 0; i < 5; i++) {
      await runner.drain();
      nara.clock.advance(60 * MINUTE);
    }
    let job = await findJob(nara.kernel.db, id);
    assert.equal(job?.state, 'dead');
    assert.equal(job?.attempts, 3);
    assert.equal(job?.last_error, 'Error: still broken');

    fail = false;
    await retryDeadJob(nara.kernel.db, nara.clock, id);
    assert.equal(await runner.drain(), 1);
    job = await findJob(nara.kernel.db, id);
    assert.equal(job?.state, 'done');
    await assert.rejects(retryDeadJob(nara.kernel.db, nara.clock, id), { code: 'job_not_dead' });
    await assert.rejects(retryDeadJob(nara.kernel.db, nara.clock, 987654), { code: 'not_found' });
  });

  test('a job of an unknown type fails and is retried later rather than lost', async () => {
    const { id } = await enqueue('retry.nobody-handles-this');
    await runnerWith({}).drain();
    const job = await findJob(nara.kernel.db, id);
    assert.equal(job?.state, 'retrying');
    assert.match(job?.last_error ?? '', /No handler is registered/);
    // A later release that knows the type picks it up (and leaves the queue empty for the next test).
    nara.clock.advance(60 * MINUTE);
    assert.equal(await runnerWith({ 'retry.nobody-handles-this': async () => {} }).drain(), 1);
  });
});

describe('leases', () => {
  test("a crashed worker's job is reclaimed after its lease expires", async () => {
    const { id } = await enqueue('lease.reclaim');
    const leaseMs = 5 * MINUTE;
    const now = nara.clock.now();
    const crashed = await claimDueJobs(nara.kernel.db, { now, limit: 10, workerId: 'crashed', lockedUntil: new Date(now.getTime() + leaseMs) });
    assert.ok(crashed.some((j) => j.id === id));

    const attempts: number[] = [];
    const runner = runnerWith({ 'lease.reclaim': async (job) => void attempts.push(job.attempt) }, { leaseMs });
    assert.equal(await runner.drain(), 0, 'still leased to the crashed worker');
    nara.clock.advance(leaseMs);
    assert.equal(await runner.drain(), 1);
    assert.deepEqual(attempts, [2]);
    assert.equal((await findJob(nara.kernel.db, id))?.state, 'done');
  });

  test('a worker that finishes after its lease was taken over does not overwrite the new attempt', async () => {
    const { id } = await enqueue('lease.slow');
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const isStarted = new Promise<void>((r) => (started = r));
    const handlers: Record<string, JobHandler> = {
      'lease.slow': async (job) => {
        if (job.attempt === 1) {
          started();
          await released;
          throw new Error('late failure of the first attempt');
        }
      },
    };
    const slow = runnerWith(handlers, { leaseMs: MINUTE, workerId: 'slow' });
    const fast = runnerWith(handlers, { leaseMs: MINUTE, workerId: 'fast' });
    const slowRun = slow.runOnce();
    await isStarted;
    nara.clock.advance(MINUTE);
    assert.equal(await fast.drain(), 1);
    release();
    await slowRun;
    const job = await findJob(nara.kernel.db, id);
    assert.equal(job?.state, 'done');
    assert.equal(job?.attempts, 2);
    assert.equal(job?.last_error, null);
  });

  test('a job whose worker died on its last attempt is dead, not run again', async () => {
    const { id } = await enqueue('lease.last', {}, { maxAttempts: 1 });
    const now = nara.clock.now();
    await claimDueJobs(nara.kernel.db, { now, limit: 10, workerId: 'crashed', lockedUntil: new Date(now.getTime() + MINUTE) });
    nara.clock.advance(MINUTE);
    let ran = 0;
    await runnerWith({ 'lease.last': async () => void ran++ }).drain();
    assert.equal(ran, 0);
    const job = await findJob(nara.kernel.db, id);
    assert.equal(job?.state, 'dead');
    assert.match(job?.last_error ?? '', /lease expired/);
  });
});

describe('start and stop', () => {
  test('stop() waits for a running handler to finish', async () => {
    const { id } = await enqueue('loop.slow');
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const isStarted = new Promise<void>((r) => (started = r));
    let finished = false;
    const runner = runnerWith(
      { 'loop.slow': async () => { started(); await released; finished = true; } },
      { pollIntervalMs: 5 },
    );
    runner.start();
    await isStarted;
    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(stopped, false);
    release();
    await stopping;
    assert.equal(finished, true);
    assert.equal((await findJob(nara.kernel.db, id))?.state, 'done');
  });
});

describe('schedules', () => {
  test('specs parse to slots', () => {
    const every15 = parseScheduleSpec('every 15 minutes');
    assert.equal(slotAt(every15, new Date('2026-03-02T00:14:59Z')).toISOString(), '2026-03-02T00:00:00.000Z');
    assert.equal(nextSlotAfter(every15, new Date('2026-03-02T00:15:00Z')).toISOString(), '2026-03-02T00:30:00.000Z');
    const hourly = parseScheduleSpec('every hour');
    assert.equal(slotAt(hourly, new Date('2026-03-02T07:59:00Z')).toISOString(), '2026-03-02T07:00:00.000Z');
    const seoulMorning = parseScheduleSpec('daily at 03:30 +09:00');
    assert.equal(nextSlotAfter(seoulMorning, new Date('2026-03-02T00:00:00Z')).toISOString(), '2026-03-02T18:30:00.000Z');
    const utcEvening = parseScheduleSpec('daily at 23:05');
    assert.equal(slotAt(utcEvening, new Date('2026-03-02T12:00:00Z')).toISOString(), '2026-03-01T23:05:00.000Z');
    for (const bad of ['every 7 minutes', 'daily at 25:00', 'weekly', 'every 0 hours']) {
      assert.throws(() => parseScheduleSpec(bad), { code: 'schedule_spec_invalid' });
    }
  });

  test('a schedule fires once per slot, across runners, collapsing missed slots', async () => {
    nara.clock.set(new Date('2026-03-03T00:07:00Z'));
    const registry = createJobRegistry();
    registry.schedule({ name: 'test.quarter-hourly', spec: 'every 15 minutes', type: 'schedule.tick', payload: { from: 'schedule' } });
    const seen: { key: string | null; payload: unknown }[] = [];
    registry.handle('schedule.tick', async (job) => void seen.push({ key: job.key, payload: job.payload }));
    const make = () => createJobRunner({ db: nara.kernel.db, clock: nara.clock, logger: silent, handlers: registry.handlers, schedules: registry.schedules });
    const a = make();
    const b = make();
    assert.equal(await a.drain(), 0, 'the first slot is the next one');
    nara.clock.set(new Date('2026-03-03T00:15:00Z'));
    assert.equal(await a.drain() + (await b.drain()), 1);
    nara.clock.set(new Date('2026-03-03T00:29:59Z'));
    assert.equal(await b.drain() + (await a.drain()), 0);
    nara.clock.set(new Date('2026-03-03T01:20:00Z'));
    assert.equal(await b.drain() + (await a.drain()), 1, 'slots missed while no worker ran fire once');
    assert.deepEqual(seen, [
      { key: 'schedule:test.quarter-hourly:2026-03-03T00:15:00.000Z', payload: { from: 'schedule' } },
      { key: 'schedule:test.quarter-hourly:2026-03-03T01:15:00.000Z', payload: { from: 'schedule' } },
    ]);
  });

  test('a schedule with a spec nobody understands is refused when declared', () => {
    assert.throws(() => createJobRegistry().schedule({ name: 'x', spec: 'on tuesdays', type: 'y' }), { code: 'schedule_spec_invalid' });
  });
});

// Several Nara processes on one PostgreSQL: each process has its own pool. PGlite has one
// connection and one process, so this case exists only in the PostgreSQL pass.
const postgresUrl = process.env.NARA_TEST_POSTGRES_URL;
if (postgresUrl) {
  test('PostgreSQL only: two runners with their own pools run each of N jobs exactly once', async () => {
    const name = `nara_test_jobs_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    const one = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
    const two = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
    try {
      await migrate(one.db, kernelMigrationSources);
      const N = 300;
      await inTransaction(one.db, async (tx) => {
        for (let i = 0; i < N; i++) await enqueueJob(tx, { type: 'race.count', payload: { i } }, nara.clock);
      });
      const runs = new Map<number, number>();
      let done = 0;
      let allDone!: () => void;
      const finished = new Promise<void>((r) => (allDone = r));
      const handlers = {
        'race.count': async (job: { payload: unknown }) => {
          const i = (job.payload as { i: number }).i;
          runs.set(i, (runs.get(i) ?? 0) + 1);
          await new Promise((r) => setImmediate(r));
          if (++done === N) allDone();
        },
      };
      const options = { clock: nara.clock, logger: silent, handlers, concurrency: 8, pollIntervalMs: 2 };
      const a = createJobRunner({ ...options, db: one.db, workerId: 'process-a' });
      const b = createJobRunner({ ...options, db: two.db, workerId: 'process-b' });
      a.start();
      b.start();
      await finished;
      await Promise.all([a.stop(), b.stop()]);
      assert.equal(runs.size, N);
      assert.ok([...runs.values()].every((count) => count === 1), 'no job ran twice');
      const counts = await countJobsByState(one.db);
      assert.equal(counts.done, N);
    } finally {
      await one.close();
      await two.close();
      // pg's pool.end() resolves before the server has closed its backends; a forced drop
      // would then kill them under the client's feet.
      for (let i = 0; i < 500; i++) {
        const open = await admin.query('select 1 from pg_stat_activity where datname = $1', [name]);
        if (open.rowCount === 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
}
