import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/kernel/db/database.js';

/** The PostgreSQL server benches use: NARA_BENCH_POSTGRES_URL, else the tests' one, else the local default. */
export const BENCH_POSTGRES_URL = process.env.NARA_BENCH_POSTGRES_URL ?? process.env.NARA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A fresh database on the bench server, opened through Nara's own driver; `drop` removes it once
 * the caller has closed `database`. Undefined (with a line saying why) when the server does not answer.
 */
export async function freshBenchDatabase(): Promise<{ database: DatabaseHandle; host: string; drop(): Promise<void> } | undefined> {
  const name = `nara_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (error) {
    console.log(`\nPostgreSQL at ${new URL(BENCH_POSTGRES_URL).host} is not reachable (${(error as Error).message}); set NARA_BENCH_POSTGRES_URL to bench it.`);
    await admin.end().catch(() => undefined);
    return undefined;
  }
  const url = new URL(BENCH_POSTGRES_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  return {
    database,
    host: url.host,
    drop: async () => {
      // pg's pool.end() resolves before its connections are gone; wait, or dropping kills them mid-close.
      for (let attempt = 0; attempt < 100; attempt++) {
        const left = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (left.rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
