/**
 * `npm run bench:log`: durable appends per second and the time from append to being in a signed,
 * committed checkpoint (p50/p99), on the embedded database (PGlite, in memory) and on PostgreSQL
 * (a fresh database on NARA_BENCH_POSTGRES_URL, else NARA_TEST_POSTGRES_URL, else the local server),
 * printed beside a bare batched INSERT of the same rows into the same database in the same run.
 * Appends come from BENCH_CLIENTS concurrent callers as fast as they can, then at a fixed offered
 * rate (BENCH_RATE per second) for latency, while the sequencer runs in the background as in `nara start`. It prints figures; it never fails on a number.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { systemClock } from '../src/kernel/clock.js';
import { freshBenchDatabase } from './support/postgres.js';
import { openInMemoryDatabase, type DatabaseHandle } from '../src/kernel/db/database.js';
import { migrate } from '../src/kernel/db/migrator.js';
import { createLogger } from '../src/kernel/http/logger.js';
import { kernelMigrationSources } from '../src/kernel/kernel.js';
import { encodeLogEvent, type LogEvent } from '../src/kernel/trust/log/log.events.js';
import { createTransparencyLog } from '../src/kernel/trust/log/log.service.js';

const APPENDS = Number(process.env.BENCH_APPENDS ?? 20_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const RATE = Number(process.env.BENCH_RATE ?? 2_000);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 5);
const secretKey = randomBytes(32);

const event = (i: number): LogEvent => ({
  type: 'signing.signature-made',
  at: new Date(Date.UTC(2026, 2, 2) + i).toISOString(),
  agency: `org_bench${String(i % 300).padStart(6, '0')}`,
  refs: { documentId: `doc_${String(i).padStart(12, '0')}`, sha256: `sha256:${createHash('sha256').update(String(i)).digest('hex')}` },
  subject: createHash('sha256').update(`subject ${i}`).digest('hex'),
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en');

async function bareInsert(database: DatabaseHandle): Promise<number> {
  await sql`create table bench_bare (id bigint generated always as identity primary key, event_type text not null, entry bytea not null, created_at timestamptz not null)`.execute(database.db);
  const rows = Array.from({ length: APPENDS }, (_, i) => {
    const { type, bytes } = encodeLogEvent(event(i));
    return { event_type: type, entry: bytes, created_at: new Date() };
  });
  const started = performance.now();
  for (let at = 0; at < rows.length; at += 1000) {
    const chunk = rows.slice(at, at + 1000);
    await sql`insert into bench_bare (event_type, entry, created_at) values ${sql.join(chunk.map((r) => sql`(${r.event_type}, ${r.entry}, ${r.created_at})`))}`.execute(database.db);
  }
  return APPENDS / ((performance.now() - started) / 1000);
}

interface LogFigures {
  appendsPerSecond: number;
  integratedPerSecond: number;
  p50: number;
  p99: number;
  batches: number;
}

/**
 * Appends `count` events and waits until all are in a signed checkpoint. With `ratePerSecond`
 * they are offered at that rate (open loop: latency at a given load); without, CLIENTS callers
 * append as fast as they can (closed loop: throughput).
 */
async function benchLog(database: DatabaseHandle, first: number, count: number, ratePerSecond?: number): Promise<LogFigures> {
  const startedAt = new Map<number, number>();
  const latencies: number[] = [];
  let batches = 0;
  let integrated = 0;
  let allIntegrated!: () => void;
  const done = new Promise<void>((resolve) => (allIntegrated = resolve));
  const log = createTransparencyLog(
    { db: database.db, clock: systemClock, logger: createLogger('silent'), secretKey, publicUrl: 'https://nara.bench' },
    {
      onBatch: (result) => {
        const now = performance.now();
        batches++;
        for (const pendingId of result.indexes.keys()) {
          const t0 = startedAt.get(pendingId);
          if (t0 !== undefined) {
            latencies.push(now - t0);
            integrated++;
          }
        }
        if (integrated >= count) allIntegrated();
      },
    },
  );
  await log.latestCheckpoint(); // key and empty checkpoint before the clock starts
  log.start();
  let next = first;
  const end = first + count;
  const appendOne = async (i: number) => {
    const t0 = performance.now();
    const id = await log.append(event(i));
    startedAt.set(id, t0);
  };
  const started = performance.now();
  if (ratePerSecond) {
    const inFlight: Promise<void>[] = [];
    while (next < end) {
      const due = Math.floor(((performance.now() - started) / 1000) * ratePerSecond) + first;
      while (next < Math.min(due, end)) inFlight.push(appendOne(next++));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(inFlight);
  } else {
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (next < end) await appendOne(next++);
    }));
  }
  const appended = performance.now();
  await done;
  const finished = performance.now();
  await log.stop();
  latencies.sort((a, b) => a - b);
  return {
    appendsPerSecond: count / ((appended - started) / 1000),
    integratedPerSecond: count / ((finished - started) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    batches,
  };
}

/** Each row its own INSERT and commit, from up to 8 connections at once: what a durable append costs without grouping. */
async function singleInserts(database: DatabaseHandle): Promise<number> {
  const count = Math.min(APPENDS, 5_000);
  const rows = Array.from({ length: count }, (_, i) => encodeLogEvent(event(i)));
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < count) {
      const r = rows[next++]!;
      await sql`insert into bench_bare (event_type, entry, created_at) values (${r.type}, ${r.bytes}, ${new Date()})`.execute(database.db);
    }
  }));
  return count / ((performance.now() - started) / 1000);
}

async function run(label: string, open: () => Promise<{ database: DatabaseHandle; drop: () => Promise<void> }>): Promise<void> {
  const { database, drop } = await open();
  try {
    await migrate(database.db, kernelMigrationSources);
    const max = await benchLog(database, 0, APPENDS);
    const paced = await benchLog(database, APPENDS, RATE * RATE_SECONDS, RATE);
    const bare = await bareInsert(database);
    const single = await singleInserts(database);
    console.log(`\n${label}`);
    console.log(`  as fast as ${CLIENTS} callers can append (${fmt(APPENDS)} appends):`);
    console.log(`    durable appends/s:                  ${fmt(max.appendsPerSecond)}`);
    console.log(`    in signed checkpoints/s:            ${fmt(max.integratedPerSecond)} (${max.batches} batches, ${fmt(APPENDS / max.batches)} entries each)`);
    console.log(`    append → in a signed checkpoint:    p50 ${fmt(max.p50)} ms, p99 ${fmt(max.p99)} ms`);
    console.log(`  offered at ${fmt(RATE)} appends/s for ${RATE_SECONDS} s:`);
    console.log(`    append → in a signed checkpoint:    p50 ${fmt(paced.p50)} ms, p99 ${fmt(paced.p99)} ms (${paced.batches} batches)`);
    console.log(`  baselines in the same database:`);
    console.log(`    bare batched INSERT, 1,000 rows per statement: ${fmt(bare)} rows/s`);
    console.log(`    bare single-row INSERT, one commit each, 8 connections: ${fmt(single)} rows/s`);
  } finally {
    await database.close();
    await drop();
  }
}

console.log('Goal (issue 3, PostgreSQL on this 2-core machine): ≥ 2,000 appends/s, p99 append → signed checkpoint < 1,500 ms.');
await run('PGlite (embedded, in memory)', async () => ({ database: await openInMemoryDatabase(), drop: async () => undefined }));

const fresh = await freshBenchDatabase();
if (!fresh) process.exit(0);
await run(`PostgreSQL (fresh database on ${fresh.host})`, async () => ({ database: fresh.database, drop: fresh.drop }));
