import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db, Tx } from './database.js';

/** A folder of plain-SQL migrations owned by one kernel part or module. */
export interface MigrationSource {
  /** Stable owner name, e.g. `kernel.identity` or `petitions`. Never rename one that has shipped. */
  owner: string;
  dir: string;
}

export interface Migration {
  owner: string;
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  readonly code = 'migration_refused';
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

const FILE_PATTERN = /^\d{4}_[a-z0-9_]+\.sql$/;
// Any constant will do; it only has to be the same in every Nara process.
const MIGRATION_LOCK_KEY = 0x4e415241;

export function readMigrations(sources: MigrationSource[]): Migration[] {
  const seen = new Set<string>();
  const all: Migration[] = [];
  for (const source of sources) {
    if (seen.has(source.owner)) throw new MigrationError(`Two migration sources are named "${source.owner}".`);
    seen.add(source.owner);
    if (!fs.existsSync(source.dir)) continue;
    const files = fs.readdirSync(source.dir).filter((f) => f.endsWith('.sql')).sort();
    for (const file of files) {
      if (!FILE_PATTERN.test(file)) {
        throw new MigrationError(`Migration ${source.owner}/${file} must be named like 0001_create_things.sql.`);
      }
      const text = fs.readFileSync(path.join(source.dir, file), 'utf8').replace(/\r\n/g, '\n');
      all.push({ owner: source.owner, name: file, sql: text, checksum: createHash('sha256').update(text).digest('hex') });
    }
  }
  return all;
}

async function ensureTable(tx: Tx): Promise<void> {
  await sql`create table if not exists nara_migration (
    owner text not null,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now(),
    primary key (owner, name)
  )`.execute(tx);
}

interface AppliedRow {
  owner: string;
  name: string;
  checksum: string;
}

function checkApplied(applied: AppliedRow[], known: Migration[]): Migration[] {
  const byKey = new Map(known.map((m) => [`${m.owner}/${m.name}`, m]));
  for (const row of applied) {
    const m = byKey.get(`${row.owner}/${row.name}`);
    if (m && m.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.owner}/${row.name} was changed after it was applied to this database ` +
          `(checksum ${row.checksum.slice(0, 12)} in the database, ${m.checksum.slice(0, 12)} on disk). ` +
          'Applied migrations must never be edited: restore the file and add a new migration instead.',
      );
    }
  }
  const done = new Set(applied.map((r) => `${r.owner}/${r.name}`));
  return known.filter((m) => !done.has(`${m.owner}/${m.name}`));
}

/**
 * Applies every pending migration in one transaction under an advisory lock, so several Nara
 * processes starting together on one PostgreSQL apply each migration once.
 */
export async function migrate(db: Db, sources: MigrationSource[]): Promise<Migration[]> {
  const known = readMigrations(sources);
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(tx);
    await ensureTable(tx);
    const applied = await sql<AppliedRow>`select owner, name, checksum from nara_migration`.execute(tx);
    const pending = checkApplied(applied.rows, known);
    for (const m of pending) {
      try {
        await sql.raw(m.sql).execute(tx);
      } catch (error) {
        throw new MigrationError(`Migration ${m.owner}/${m.name} failed: ${(error as Error).message}`);
      }
      await sql`insert into nara_migration (owner, name, checksum) values (${m.owner}, ${m.name}, ${m.checksum})`.execute(tx);
    }
    return pending;
  });
}

/** Pending migrations without applying them (for /readyz and `nara doctor`). Throws on a changed one. */
export async function pendingMigrations(db: Db, sources: MigrationSource[]): Promise<Migration[]> {
  const known = readMigrations(sources);
  const exists = await sql<{ ok: boolean }>`select to_regclass('nara_migration') is not null as ok`.execute(db);
  if (!exists.rows[0]?.ok) return known;
  const applied = await sql<AppliedRow>`select owner, name, checksum from nara_migration`.execute(db);
  return checkApplied(applied.rows, known);
}
