import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { NaraConfig } from '../config/config.js';
import { acquireDataFolderLock } from './lock-file.js';
import type { Database } from './schema.js';
import { createSerialPglitePool } from './serial-pglite-pool.js';

/** Contrib extensions the embedded database can `create extension` (trigram search for typo-tolerant lookups). */
const EMBEDDED_EXTENSIONS = { pg_trgm };

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DbOrTx = Db | Tx;

export interface DatabaseHandle {
  db: Db;
  kind: 'embedded' | 'postgres';
  /** A human description without credentials, for logs and `nara doctor`. */
  describe: string;
  close(): Promise<void>;
}

// int8 as a JavaScript number in both drivers (PGlite already does this): counts and ids stay
// well inside 2^53, and the two databases must return the same shapes.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export function embeddedDatabasePath(dataDir: string): string {
  return path.join(dataDir, 'pgdata');
}

export async function openDatabase(config: Pick<NaraConfig, 'databaseUrl' | 'dataDir'>): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(config.databaseUrl);
    return {
      db,
      kind: 'postgres',
      describe: `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`,
      close: () => db.destroy(),
    };
  }
  const releaseLock = acquireDataFolderLock(config.dataDir);
  try {
    const folder = embeddedDatabasePath(config.dataDir);
    fs.mkdirSync(folder, { recursive: true });
    const pglite = await PGlite.create(folder, { extensions: EMBEDDED_EXTENSIONS });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: createSerialPglitePool(pglite) }) });
    let closing: Promise<void> | undefined;
    return {
      db,
      kind: 'embedded',
      describe: `embedded PostgreSQL (PGlite) in ${folder}`,
      close: () =>
        (closing ??= (async () => {
          try {
            await db.destroy();
            await pglite.exec('CHECKPOINT');
            await pglite.close();
          } finally {
            releaseLock();
          }
        })()),
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/** A throwaway embedded database in memory, for tests and `nara doctor --dry-run` style checks. */
export async function openInMemoryDatabase(): Promise<DatabaseHandle> {
  const pglite = await PGlite.create({ extensions: EMBEDDED_EXTENSIONS });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: createSerialPglitePool(pglite) }) });
  return {
    db,
    kind: 'embedded',
    describe: 'embedded PostgreSQL (PGlite) in memory',
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

/** Runs `work` in a transaction. Keep it short: on the embedded database it holds the only connection. */
export function inTransaction<T>(db: DbOrTx, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Tx);
  return (db as Db).transaction().execute(work);
}

export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
