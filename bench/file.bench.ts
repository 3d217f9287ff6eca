/**
 * `npm run bench:file`: e-People filings per second and their latency (p50/p99) on PostgreSQL (a
 * fresh database on NARA_BENCH_POSTGRES_URL, else NARA_TEST_POSTGRES_URL, else the local server),
 * printed beside a bare INSERT of the same case rows through the same driver and pool, with the
 * same number of concurrent callers, in the same run. A filing is the whole service call: route
 * the case, compute its due time, count repeats, number it, insert it with its history, append
 * its transparency-log entry, write the filer's inbox notice and email job, all in one transaction
 * (shared by the filings that arrive together: group commit; each caller is answered only after
 * its filing committed). It prints figures with the load average (the machine may be shared);
 * it never fails on a number.
 */
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { systemClock } from '../src/kernel/clock.js';
import { freshBenchDatabase } from './support/postgres.js';
import { loadConfig } from '../src/kernel/config/config.js';
import type { DatabaseHandle } from '../src/kernel/db/database.js';
import { migrate } from '../src/kernel/db/migrator.js';
import type { SessionContext } from '../src/kernel/http/context.js';
import { createLogger } from '../src/kernel/http/logger.js';
import { createKernel, migrationSourcesFor } from '../src/kernel/kernel.js';
import { createEpeopleService } from '../src/modules/epeople/epeople.service.js';
import { DEFAULT_EPEOPLE_SETTINGS } from '../src/modules/epeople/index.js';
import { allModules } from '../src/modules/index.js';
import { seedDemoCountry } from '../src/seed/seed-demo.js';

const FILINGS = Number(process.env.BENCH_FILINGS ?? 5_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
/** Group commit of the filings: transactions in flight at once (BENCH_IN_FLIGHT) and filings per transaction. */
const GROUP = { maxBatch: 64, maxInFlight: Number(process.env.BENCH_IN_FLIGHT ?? DEFAULT_EPEOPLE_SETTINGS.filingGroupCommit?.maxInFlight ?? 2) };
const PLACES = ['Nuri City', 'Daon City', 'Sollae City', 'Haram City', '누리시 별빛로', ''];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en');

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
}

/** Runs `count` calls of `work` from CLIENTS concurrent callers; the rate and the latency of each call. */
async function closedLoop(count: number, work: (i: number) => Promise<void>): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        await work(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function run(database: DatabaseHandle, host: string): Promise<void> {
  const config = { ...loadConfig({ NARA_ENV: 'test', NARA_DATA_DIR: '.nara-bench', NARA_LOG_LEVEL: 'silent' }) };
  await migrate(database.db, migrationSourcesFor(allModules));
  const kernel = createKernel({ config, database, modules: allModules, clock: systemClock, logger: createLogger('silent') });
  await seedDemoCountry(kernel, { citizens: 500 });
  const citizens = (await kernel.identity.listPeopleWithRole('citizen', 500)).map((p) => p.id);
  const service = createEpeopleService(kernel, { ...DEFAULT_EPEOPLE_SETTINGS, filingGroupCommit: GROUP });
  const session = (personId: string): SessionContext => ({
    sessionId: 'bench', personId, displayName: 'bench', authenticatedAt: new Date(), roles: [], officialOf: [], isDemo: true,
  });
  const input = (i: number) => ({
    type: i % 5 === 0 ? 'proposal' : 'grievance',
    title: `Bench case ${i}: streetlight out`,
    content: `Filing number ${i}. The streetlight by house ${i % 97} has been dark for ${1 + (i % 9)} days.`,
    locationAddress: PLACES[i % PLACES.length] || null,
    isPublic: i % 2 === 0,
  });

  const loadBefore = loadavg();
  // Warm up (plans, caches, pool) before measuring.
  for (let i = 0; i < 50; i++) await service.fileCase(session(citizens[i % citizens.length]!), input(-1 - i), 'en');
  const filedIds: string[] = [];
  const filings = await closedLoop(FILINGS, async (i) => {
    const filed = await service.fileCase(session(citizens[i % citizens.length]!), input(i), 'en');
    filedIds.push(filed.case.id);
  });

  // The same rows, as stored, into a plain copy of the table: one INSERT (one commit) each.
  await sql`create table bench_bare_case (like epeople_case)`.execute(database.db);
  const { rows } = await sql<Record<string, unknown>>`select * from epeople_case where id = any(${filedIds}) order by number`.execute(database.db);
  const columns = Object.keys(rows[0]!).filter((c) => c !== 'search');
  const bare = await closedLoop(rows.length, async (i) => {
    const row = rows[i]!;
    await sql`insert into bench_bare_case (${sql.join(columns.map((c) => sql.ref(c)))}) values (${sql.join(columns.map((c) => sql`${row[c]}`))})`.execute(database.db);
  });

  const load = (l: number[]) => l.map((n) => n.toFixed(2)).join(' ');
  console.log(`\nPostgreSQL (fresh database on ${host}), ${fmt(FILINGS)} filings from ${CLIENTS} concurrent callers`);
  console.log(`  load average (1/5/15 min) before the filings: ${load(loadBefore)}; after the bare inserts: ${load(loadavg())}`);
  console.log(`  filings (whole service call, group commit, ${GROUP.maxInFlight} in flight): ${fmt(filings.perSecond)}/s, p50 ${filings.p50.toFixed(1)} ms, p99 ${filings.p99.toFixed(1)} ms`);
  console.log(`  bare INSERT of the same ${fmt(rows.length)} rows, same pool:   ${fmt(bare.perSecond)}/s, p50 ${bare.p50.toFixed(1)} ms, p99 ${bare.p99.toFixed(1)} ms`);
  console.log(`  filings as a share of the bare insert rate: ${((100 * filings.perSecond) / bare.perSecond).toFixed(0)} %`);
}

console.log('Goal (issue 6, PostgreSQL on this 2-core machine): ≥ 1,000 filings/s and ≥ 60 % of the bare insert rate.');
const fresh = await freshBenchDatabase();
if (!fresh) process.exit(0);
try {
  await run(fresh.database, fresh.host);
} finally {
  await fresh.database.close();
  await fresh.drop();
}
