import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../../db/database.js';
import type { TlogCheckpointRow, TlogEntryRow, TlogKeyRow, TlogPendingRow } from './log.tables.js';

/** Advisory lock key of the sequencer; any constant will do as long as every Nara process uses it. */
export const SEQUENCER_LOCK_KEY = 0x4e41544c;
/** Rows per INSERT statement: 7 parameters each stays far below PostgreSQL's 65,535. */
const INSERT_CHUNK = 2000;

export async function findLogKey(db: DbOrTx): Promise<TlogKeyRow | undefined> {
  return db.selectFrom('tlog_key').selectAll().where('id', '=', 1).executeTakeFirst();
}

/** Stores the log key unless another process stored one first; the caller reads back the winner. */
export async function insertLogKeyIfMissing(db: DbOrTx, key: Omit<TlogKeyRow, 'id'>): Promise<void> {
  await db.insertInto('tlog_key').values({ id: 1, ...key }).onConflict((oc) => oc.column('id').doNothing()).execute();
}

/**
 * Inserts several pending rows in one statement and returns their ids in the order given
 * (PostgreSQL returns an INSERT ... VALUES ... RETURNING in VALUES order).
 */
export async function insertPendingRows(db: DbOrTx, rows: { eventType: string; entry: Uint8Array; now: Date }[]): Promise<number[]> {
  const inserted = await db
    .insertInto('tlog_pending')
    .values(rows.map((row) => ({ event_type: row.eventType, entry: row.entry, created_at: row.now })))
    .returning('id')
    .execute();
  return inserted.map((r) => r.id);
}

export async function insertPending(db: DbOrTx, row: { eventType: string; entry: Uint8Array; now: Date }): Promise<number> {
  const inserted = await db
    .insertInto('tlog_pending')
    .values({ event_type: row.eventType, entry: row.entry, created_at: row.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/**
 * Takes the sequencer lock for the rest of `tx`, or returns false when another process holds it.
 * A transaction-scoped lock, not a session lock: it needs no dedicated connection (PGlite has only
 * one, shared) and cannot outlive the batch it protects, whatever happens to the process.
 */
export async function tryLockSequencer(tx: Tx): Promise<boolean> {
  const result = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${SEQUENCER_LOCK_KEY}) as locked`.execute(tx);
  return result.rows[0]?.locked === true;
}

export async function hasPending(db: DbOrTx): Promise<boolean> {
  return (await db.selectFrom('tlog_pending').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function isPending(db: DbOrTx, id: number): Promise<boolean> {
  return (await db.selectFrom('tlog_pending').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function pendingBatch(tx: Tx, limit: number): Promise<TlogPendingRow[]> {
  return tx.selectFrom('tlog_pending').selectAll().orderBy('id').limit(limit).execute();
}

export async function deletePending(tx: Tx, ids: number[]): Promise<void> {
  for (let at = 0; at < ids.length; at += INSERT_CHUNK) {
    await tx.deleteFrom('tlog_pending').where('id', 'in', ids.slice(at, at + INSERT_CHUNK)).execute();
  }
}

export async function latestCheckpoint(db: DbOrTx): Promise<TlogCheckpointRow | undefined> {
  return db.selectFrom('tlog_checkpoint').selectAll().orderBy('size', 'desc').limit(1).executeTakeFirst();
}

export async function insertCheckpoint(tx: Tx, row: TlogCheckpointRow): Promise<void> {
  await tx.insertInto('tlog_checkpoint').values(row).execute();
}

export async function insertEntries(tx: Tx, rows: TlogEntryRow[]): Promise<void> {
  for (let at = 0; at < rows.length; at += INSERT_CHUNK) {
    await tx.insertInto('tlog_entry').values(rows.slice(at, at + INSERT_CHUNK)).execute();
  }
}

export interface StoredTile {
  level: number;
  idx: number;
  width: number;
  data: Uint8Array;
}

export async function findTile(db: DbOrTx, level: number, idx: number): Promise<StoredTile | undefined> {
  return db.selectFrom('tlog_tile').selectAll().where('level', '=', level).where('idx', '=', idx).executeTakeFirst();
}

export async function findTiles(db: DbOrTx, coords: { level: number; idx: number }[]): Promise<StoredTile[]> {
  if (coords.length === 0) return [];
  return db
    .selectFrom('tlog_tile')
    .selectAll()
    .where((eb) => eb.or(coords.map((c) => eb.and([eb('level', '=', c.level), eb('idx', '=', c.idx)]))))
    .execute();
}

export async function upsertTiles(tx: Tx, tiles: StoredTile[]): Promise<void> {
  if (tiles.length === 0) return;
  await tx
    .insertInto('tlog_tile')
    .values(tiles)
    .onConflict((oc) => oc.columns(['level', 'idx']).doUpdateSet((eb) => ({ width: eb.ref('excluded.width'), data: eb.ref('excluded.data') })))
    .execute();
}

export async function findEntryByIndex(db: DbOrTx, idx: number): Promise<TlogEntryRow | undefined> {
  return db.selectFrom('tlog_entry').selectAll().where('idx', '=', idx).executeTakeFirst();
}

export async function findEntryByPendingId(db: DbOrTx, pendingId: number): Promise<TlogEntryRow | undefined> {
  return db.selectFrom('tlog_entry').selectAll().where('pending_id', '=', pendingId).executeTakeFirst();
}

export async function findEntryByLeafHash(db: DbOrTx, leafHash: Uint8Array): Promise<TlogEntryRow | undefined> {
  return db.selectFrom('tlog_entry').selectAll().where('leaf_hash', '=', leafHash).orderBy('idx').limit(1).executeTakeFirst();
}

/** Entries with first <= idx < first + count, in index order. */
export async function entriesFrom(db: DbOrTx, first: number, count: number): Promise<TlogEntryRow[]> {
  return db.selectFrom('tlog_entry').selectAll().where('idx', '>=', first).where('idx', '<', first + count).orderBy('idx').execute();
}

/** Up to `limit` entries with idx <= highest, newest first. */
export async function entriesDownFrom(db: DbOrTx, highest: number, limit: number): Promise<TlogEntryRow[]> {
  return db.selectFrom('tlog_entry').selectAll().where('idx', '<=', highest).orderBy('idx', 'desc').limit(limit).execute();
}
