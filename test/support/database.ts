import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, openInMemoryDatabase, type DatabaseHandle } from '../../src/kernel/db/database.js';

/**
 * A fresh, empty database for one test file: with NARA_TEST_POSTGRES_URL set (the PostgreSQL
 * pass) a new database on that server, dropped on close; otherwise an in-memory PGlite.
 * On close it waits until the pool's connections have
 * really gone before dropping the database. pg's Pool.end() resolves while its clients are still
 * disconnecting, and `drop database ... with (force)` then kills them: the client emits an
 * unhandled "terminating connection due to administrator command" after the test has ended.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const adminUrl = process.env.NARA_TEST_POSTGRES_URL;
  if (!adminUrl) return openInMemoryDatabase();
  const name = `nara_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      try {
        for (let attempt = 0; attempt < 100; attempt++) {
          const left = await again.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
          if (left.rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await again.query(`drop database if exists ${name} with (force)`);
      } finally {
        await again.end();
      }
    },
  };
}

export const testDatabaseKind = () => (process.env.NARA_TEST_POSTGRES_URL ? 'postgres' : 'embedded');
